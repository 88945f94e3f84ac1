"""Run a child process in its own process group, so a timeout stops the child *and* its children.

``subprocess.run(timeout=...)`` kills only the direct child: a diagram script that starts
processes of its own would leave them running. Here the child leads a new session and the whole
group is killed on timeout (or on any exception, e.g. Ctrl-C in the parent).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
from collections.abc import Sequence


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def run_in_group(
    args: Sequence[str], *, cwd: str | os.PathLike[str], env: dict[str, str], timeout: float,
) -> subprocess.CompletedProcess[bytes]:
    """Like ``subprocess.run(capture_output=True)``; raises ``subprocess.TimeoutExpired``.

    Output goes to temporary files, not pipes: a child left running in the background would hold
    a pipe open, and waiting for the pipe's end would wait for that child, not for the script.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            list(args), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            start_new_session=True,
        )
        try:
            proc.wait(timeout=timeout)
        except BaseException:
            _kill_group(proc)
            raise
        # The script's own children may outlive it: they belong to the group and go with it.
        _kill_group(proc)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out.read(), err.read())
