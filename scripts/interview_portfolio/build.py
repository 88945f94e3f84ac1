"""The safe site build: one build at a time, into a staging folder, then swapped in.

``site/`` is always the last good build:

- a lock (``.cache/portfolio/build.lock``) stops a second build from racing the swap;
- MkDocs writes into ``.site-build-PID``; a failed build deletes it and leaves ``site/`` alone;
- the swap is two renames (``site`` -> ``.site-previous``, staging -> ``site``); a build killed
  between them is repaired by the next one, which puts ``.site-previous`` back;
- staging folders of builds that were killed (their PID is gone) are removed.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import BuildError
from .settings import AUDIENCE_ENV, Audience

STAGING_PREFIX = ".site-build-"
PREVIOUS = ".site-previous"
LOCK = Path(".cache") / "portfolio" / "build.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    path = root / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                "another build of this portfolio is running; wait for it to finish (or stop it) and "
                "run this again"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(target: Path) -> None:
    """Repair what an interrupted build left: a missing site, stale staging folders."""
    previous = target.parent / PREVIOUS
    if not target.exists() and previous.is_dir():
        previous.rename(target)  # killed between the two renames: the last good build comes back
    shutil.rmtree(previous, ignore_errors=True)
    for staging in target.parent.glob(STAGING_PREFIX + "*"):
        match = re.fullmatch(re.escape(STAGING_PREFIX) + r"(\d+)", staging.name)
        if match and not _alive(int(match.group(1))):
            shutil.rmtree(staging, ignore_errors=True)


def build_site(root: Path, target: Path, audience: Audience, *, verbose: bool = False,
               extra_env: dict[str, str] | None = None) -> str:
    """Build with ``mkdocs build --strict`` and swap the result in; returns MkDocs' output.

    Raises BuildError (with MkDocs' messages) when the build fails; ``target`` is untouched then.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(root):
        recover(target)
        staging = target.parent / f"{STAGING_PREFIX}{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", AUDIENCE_ENV: audience, **(extra_env or {})}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging)]
        if not verbose:
            command.append("--quiet")
        try:
            result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        output = (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            raise BuildError(f"{_messages(output)}\nThe build failed; {target.name}/ was left as it was.")
        previous = target.parent / PREVIOUS
        if target.exists():
            target.rename(previous)
        staging.rename(target)
        shutil.rmtree(previous, ignore_errors=True)
        return output


def _messages(output: str) -> str:
    """MkDocs' output without its tracebacks: the lines that say what is wrong."""
    kept, skipping = [], False
    for line in output.splitlines():
        if line.startswith("Traceback"):
            skipping = True
            continue
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        kept.append(line)
    if not "".join(kept).strip() and output.strip():
        # Only a traceback: a bug, not the user's input. Its last line says what broke.
        kept = [f"internal error (a bug in the portfolio tool): {output.strip().splitlines()[-1]}"]
    return "\n".join(kept).strip() or "mkdocs build failed without a message"
