"""Child process: run one diagram script and write the DOT source of the Diagram it builds.

Run as ``python capture_dot.py DIAGRAMS_DIR SCRIPT DOT_OUT`` by ``render.py``. Node ids are made
deterministic (``uuid.uuid4`` is replaced by a counter) and ``Diagram.render`` is replaced so the
library never calls Graphviz itself: the parent lays the DOT source out.
"""
import itertools
import os
import runpy
import sys
import traceback
import uuid

sys.dont_write_bytecode = True          # never drop __pycache__ into the watched diagrams/ dir
diagrams_dir, script, dot_out = sys.argv[1:4]

_ids = itertools.count(1)
uuid.uuid4 = lambda: uuid.UUID(int=next(_ids))   # deterministic node ids

sys.path[0] = diagrams_dir                      # as if run as `python diagrams/NAME.py`
try:
    import diagrams
    diagrams.Diagram
except (ImportError, AttributeError):
    sys.stderr.write("the `diagrams` library is not installed for %s: run `pip install -r "
                     "requirements.txt` in the project's virtualenv\n" % sys.executable)
    sys.exit(2)

captured = []
def _capture(self):
    captured.append(self.dot.source)
    self.dot.save()                             # Diagram.__exit__ deletes this file
diagrams.Diagram.render = _capture

sys.argv = [script]
try:
    runpy.run_path(script, run_name="__main__")
except SystemExit as exc:
    if exc.code not in (None, 0):
        sys.stderr.write("the script called sys.exit(%r)\n" % (exc.code,))
        sys.exit(1)
except BaseException as exc:
    te = traceback.TracebackException.from_exception(exc)
    # Show the frames in diagrams/ (the script, its helpers), else the innermost one.
    frames = [f for f in te.stack if f.filename.startswith(diagrams_dir + os.sep)]
    if not frames and not isinstance(exc, SyntaxError):
        frames = te.stack[-1:]
    lines = traceback.format_list(frames[-3:])
    sys.stderr.write("Traceback (most recent call last):\n" * bool(lines) + "".join(lines)
                     + "".join(te.format_exception_only()))
    sys.exit(1)

if len(captured) != 1:
    sys.stderr.write("the script must build exactly one `with Diagram(...)` block; it built %d\n"
                     % len(captured))
    sys.exit(1)
with open(dot_out, "w", encoding="utf-8") as fh:
    fh.write(captured[0])
