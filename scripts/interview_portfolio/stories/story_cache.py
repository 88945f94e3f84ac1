"""Loaded stories kept on disk, by content, so a build in a fresh process re-reads only what changed.

Parsing a story (libyaml, the pydantic model, the body scan) costs about 2 ms; reading it back
from this cache about a tenth of that. ``mkdocs build``, ``make pdf`` and every first build of
``mkdocs serve`` start in a new process, where the loader's in-memory cache is empty.

An entry is one file per story, named by a hash of the story's path, holding:

* the entry's key: a hash of everything the loaded story depends on (the file's bytes, its path,
  the competency vocabulary, the code that loads it and the libraries that code uses), so a
  change to any of them is a miss, never a stale story;
* a hash of the payload, so a torn or damaged file is a miss too;
* the payload: the loaded ``(Story | None, problems)``, pickled.

The code is this folder's modules and the package's errors module, read when this module is
imported: ``stories/__init__.py`` imports it before any other module of the folder, so what is
hashed is what the rest of the folder is then imported from. A source changed after that
(a ``git pull`` during a build) stops this process from writing entries: they would be filed
under code it is not running. Libraries are named by the versions of the modules loaded.

The cache lives in the project's ``.cache/`` (git-ignored), as trusted as the project's own code:
it is read with ``pickle``. Any failure to read or write it, or to hash the code, only costs a
parse.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

KEY_BYTES = 32
_SUFFIX = ".story"
_TMP_SUFFIX = ".story-tmp"
_STALE_TMP_SECONDS = 600  # an interrupted write's leftover; a running write takes milliseconds
_PROTOCOL = 5
# What the loaded stories depend on besides this folder: (module, the attribute naming its version).
LIBRARIES = (
    ("yaml", "__version__"), ("yaml", "__with_libyaml__"), ("pydantic", "VERSION"),
    ("pydantic_core", "__version__"), ("markdown", "__version__"), ("annotated_types", "__version__"),
)


def _hash(*parts: bytes) -> bytes:
    digest = hashlib.blake2b(digest_size=KEY_BYTES)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


def _sources() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [*sorted(p for p in here.glob("*.py") if not p.name.startswith(".")), here.parent / "errors.py"]


def _stats(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    return tuple((p.name, (s := p.stat()).st_mtime_ns, s.st_size) for p in paths)


def _snapshot() -> tuple[tuple[tuple[str, int, int], ...], bytes] | None:
    """The sources' file times and a hash of their text; None when one cannot be read."""
    try:
        paths = _sources()
        stats = _stats(paths)
        digest = _hash(*(p.name.encode() + b"\0" + p.read_bytes() for p in paths))
    except OSError:
        return None
    return stats, digest


_AT_IMPORT = _snapshot()


def sources_unchanged() -> bool:
    """Whether the sources are still those this process imported (checked before each write)."""
    if _AT_IMPORT is None:
        return False
    try:
        return _stats(_sources()) == _AT_IMPORT[0]
    except OSError:
        return False


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> bytes | None:
    """The code a loaded story depends on: this folder's sources at import, Python, the libraries.

    None when the sources could not be read: then nothing is cached.
    """
    if _AT_IMPORT is None:
        return None
    versions = [sys.version, sys.implementation.cache_tag or "", str(_PROTOCOL)]
    for module, attribute in LIBRARIES:
        loaded = sys.modules.get(module) or __import__(module)
        versions.append(f"{module}.{attribute}={getattr(loaded, attribute, '?')}")
    return _hash(_AT_IMPORT[1], "\n".join(versions).encode())


class StoryCache:
    """Loaded stories by file, kept in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @staticmethod
    def key(file: str, data: bytes, vocabulary: object) -> bytes | None:
        """The entry key of a story file (its shown path, its bytes, the vocabulary's repr), or None:
        no caching in this process."""
        code = code_fingerprint()
        return None if code is None else _hash(code, file.encode(), repr(vocabulary).encode(), data)

    def _path(self, file: str) -> Path:
        return self.directory / (hashlib.blake2b(file.encode(), digest_size=16).hexdigest() + _SUFFIX)

    def get(self, file: str, key: bytes) -> Any | None:
        """The payload stored for ``file`` under ``key``, or None (absent, stale or unreadable)."""
        try:
            blob = self._path(file).read_bytes()
        except OSError:
            return None
        stored_key, checksum, payload = blob[:KEY_BYTES], blob[KEY_BYTES:2 * KEY_BYTES], blob[2 * KEY_BYTES:]
        if stored_key != key or checksum != _hash(payload):
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # an entry this code cannot read is a miss, whatever pickle raises
            return None

    def put(self, file: str, key: bytes, value: Any) -> None:
        """Store ``value`` for ``file`` (replacing its older entry); a failure to write is ignored."""
        if not sources_unchanged():
            return
        try:
            payload = pickle.dumps(value, protocol=_PROTOCOL)
        except Exception:  # nothing to keep if it cannot be pickled; the story still loaded
            return
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=_TMP_SUFFIX, dir=self.directory)
            with os.fdopen(fd, "wb") as fh:
                fh.write(key + _hash(payload) + payload)
            os.replace(tmp, self._path(file))
            tmp = None
        except OSError:
            pass
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def prune(self, files: set[str]) -> None:
        """Remove the entries of story files not in ``files`` (deleted or renamed stories), and
        temporary files an interrupted write left behind."""
        kept = {self._path(file).name for file in files}
        try:
            entries = list(self.directory.iterdir())
        except OSError:
            return
        now = time.time()
        for entry in entries:
            with contextlib.suppress(OSError):
                gone = entry.name.endswith(_SUFFIX) and entry.name not in kept
                left_over = entry.name.endswith(_TMP_SUFFIX) and now - entry.stat().st_mtime > _STALE_TMP_SECONDS
                if gone or left_over:
                    entry.unlink()
