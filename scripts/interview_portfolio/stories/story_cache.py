"""Loaded stories kept on disk, by content, so a build in a fresh process re-reads only what changed.

Parsing a story (libyaml, the pydantic model, the body scan) costs about 2 ms; reading it back
from this cache about a tenth of that. ``mkdocs build``, ``make pdf`` and every first build of
``mkdocs serve`` start in a new process, where the loader's in-memory cache is empty.

An entry is one file per story, named by a hash of the story's path, holding:

* the entry's key: a hash of everything the loaded story depends on (the file's bytes, its path,
  the competency vocabulary, the source of this package and the versions of Python, pydantic and
  PyYAML), so a change to any of them is a miss, never a stale story;
* a hash of the payload, so a torn or damaged file is a miss too;
* the payload: the loaded ``(Story | None, problems)``, pickled.

The cache lives in the project's ``.cache/`` (git-ignored), as trusted as the project's own code:
it is read with ``pickle``. Any failure to read or write it only costs a parse.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

KEY_BYTES = 32
_SUFFIX = ".story"
_TMP_PREFIX = ".tmp-"
_PROTOCOL = 5


def _hash(*parts: bytes) -> bytes:
    digest = hashlib.blake2b(digest_size=KEY_BYTES)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """What a loaded story depends on besides its file: the code that loads it and the libraries.

    That code is this folder (the model, the YAML and body parsers, the loader) and the package's
    errors module, read whole. Once per process: `mkdocs serve` imports the package afresh when a
    source file changes (macros/hooks.py), which starts a new cache of this function too.
    """
    import pydantic
    import pydantic_core
    import yaml

    here = Path(__file__).resolve().parent
    sources = [*sorted(here.glob("*.py")), here.parent / "errors.py"]
    versions = f"{sys.version}|{pydantic.VERSION}|{pydantic_core.__version__}|{yaml.__version__}|{_PROTOCOL}"
    return _hash(versions.encode(), *(p.name.encode() + b"\0" + p.read_bytes() for p in sources))


class StoryCache:
    """Loaded stories by file, kept in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @staticmethod
    def key(file: str, data: bytes, vocabulary: object) -> bytes:
        """The entry key of a story file: its shown path, its bytes and the vocabulary's repr."""
        return _hash(code_fingerprint(), file.encode(), repr(vocabulary).encode(), data)

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
        try:
            payload = pickle.dumps(value, protocol=_PROTOCOL)
        except Exception:  # nothing to keep if it cannot be pickled; the story still loaded
            return
        path = self._path(file)
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=_SUFFIX, dir=self.directory)
            with os.fdopen(fd, "wb") as fh:
                fh.write(key + _hash(payload) + payload)
            os.replace(tmp, path)
            tmp = None
        except OSError:
            pass
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def prune(self, files: set[str]) -> None:
        """Remove the entries of story files not in ``files`` (deleted or renamed stories)."""
        kept = {self._path(file).name for file in files}
        try:
            entries = list(self.directory.iterdir())
        except OSError:
            return
        for entry in entries:
            if entry.name.endswith(_SUFFIX) and entry.name not in kept:
                with contextlib.suppress(OSError):
                    entry.unlink()
