"""The tool chain a diagram is drawn with, for the diagram cache key: Graphviz's version and the fonts.

Asking costs two processes (`dot -V` and `fc-list`), about 15 ms of waiting on each build.
``prefetch`` starts both as soon as the MkDocs hooks load, before the rest of the package is
imported, so the wait overlaps that work; ``probe`` takes the answers (or asks, if nothing was
prefetched for this `dot`). Answers asked ahead serve the build they were asked for only: the
hooks drop them when that build's configuration step ends, whether it used them or failed.
`mkdocs serve` then asks for the fonts on every rebuild (a font installed while it runs still
re-renders the diagrams); `dot -V` is asked once per process, as Graphviz does not change under a
running server.

Stdlib only: importing this module must not import the rest of the package.
"""

from __future__ import annotations

import concurrent.futures
import functools
import hashlib
import shutil
import subprocess
from pathlib import Path

from ..errors import DiagramError

DOT_TIMEOUT = 60.0  # seconds for `dot -V`
FC_LIST_TIMEOUT = 30.0

_Answers = tuple[str, concurrent.futures.Future[str], concurrent.futures.Future[str]]
_pool: concurrent.futures.ThreadPoolExecutor | None = None
_prefetched: _Answers | None = None  # (dot, its version, the font key), asked ahead


@functools.lru_cache(maxsize=8)
def dot_version(dot: str) -> str:
    """What `dot -V` says (Graphviz prints it on stderr)."""
    try:
        proc = subprocess.run([dot, "-V"], capture_output=True, timeout=DOT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DiagramError(f"could not run `{dot} -V`: {exc}") from None
    return (proc.stderr + proc.stdout).decode("utf-8", "replace").strip()


def font_key() -> str:
    """Hash of the fonts Graphviz can lay text out with: text widths, and so layouts, depend on them."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return "no-fontconfig"
    try:
        proc = subprocess.run([fc_list, "--format", "%{file}|%{family}|%{style}\\n"],
                              capture_output=True, timeout=FC_LIST_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "fontconfig-failed"
    fonts = sorted(set(proc.stdout.decode("utf-8", "replace").splitlines()))
    return hashlib.sha256("\n".join(fonts).encode()).hexdigest()


def _ask(dot: str) -> _Answers:
    global _pool
    if _pool is None:
        _pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="portfolio-toolchain")
    return dot, _pool.submit(dot_version, dot), _pool.submit(font_key)


def prefetch(diagrams_dir: Path) -> None:
    """Start asking `dot -V` and `fc-list` in the background, when ``diagrams_dir`` holds a diagram
    script and `dot` is installed (else nothing will ask)."""
    global _prefetched
    if _prefetched is not None or not any(diagrams_dir.glob("*.py")):
        return
    dot = shutil.which("dot")
    if dot:
        _prefetched = _ask(dot)


def forget_prefetched() -> None:
    """Drop answers asked ahead that this build did not take: the next build asks afresh."""
    global _prefetched
    _prefetched = None


def probe(dot: str) -> tuple[str, str]:
    """``(dot_version, font_key)`` for this build: the prefetched answers once, else asked now, side by side."""
    global _prefetched
    answers, _prefetched = _prefetched, None
    if answers is None or answers[0] != dot:
        answers = _ask(dot)
    return answers[1].result(), answers[2].result()
