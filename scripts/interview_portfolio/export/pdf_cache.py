"""The PDF cache: a PDF whose inputs are all unchanged is not printed again, and never rewritten.

Every input of a PDF is hashed:

- the environment, once per run (``environment``): the package version, the source of the
  exporter (``pdf.py``, this module and ``js/*.js``), the Playwright version, the Chromium binary
  (its ``--version`` and the size and time of the file) and the fonts fontconfig sees (``fc-list``
  with each font file's size and time);
- the job: its settings (page size, margins, fitting, footer) and the paper;
- every file of the site that the page loaded while it was printed: its HTML, the CSS, the
  JavaScript, the images, and for the pack the story pages it fetched. The printer records them
  as the browser asks for them (``deps``), with the hash of each at that moment.

A record (``<key>.json``) is found by the hash of the environment, the job and the page's HTML,
and holds the hashes of the other files, the hash of the PDF and the notes printed with it. The
PDF itself is kept once, under its own hash (``<sha256>.pdf``). On a hit the PDF in the site is
left alone when it already has those bytes, else copied back from the cache with its first
modification time, so a rebuilt site gets the same file without a print.

The cache lives in the project's ``.cache/portfolio/pdf/``; the most recent ``KEEP_RECORDS``
records are kept, and only the PDFs they name.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import unquote

FORMAT = 1  # bump when the layout of a record changes
KEEP_RECORDS = 40
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    """Hash of a file's bytes; None when it is not a readable file."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return None


def site_file(site_dir: Path, url_path: str) -> str:
    """The file of ``site_dir`` that the local server answers ``url_path`` with (relative, '/')."""
    parts = [part for part in unquote(url_path).split("/") if part not in ("", ".", "..")]
    relative = "/".join(parts)
    if not parts or (site_dir / relative).is_dir():
        relative = f"{relative}/index.html".lstrip("/")
    return relative


def _stat(path: str) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"


def _run(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{command[0]}: {exc}"
    return f"{done.returncode}\n{done.stdout}"


def chromium_identity(executable: str) -> str:
    """The browser's version and the identity of its binary (a Debian wrapper and the binary)."""
    resolved = os.path.realpath(executable)
    binaries = [resolved, "/usr/lib/chromium/chromium"] if resolved == "/usr/bin/chromium" else [resolved]
    return "\n".join([_run([executable, "--version"]), *(_stat(path) for path in binaries)])


def fonts() -> str:
    """The fonts fontconfig sees (file, family, style, version), each with its size and time."""
    listed = _run(["fc-list", "--format", "%{file}\t%{family}\t%{style}\t%{fontversion}\n"])
    if listed.startswith("0\n"):
        lines = sorted(set(listed.splitlines()[1:]))
        files = [line.split("\t", 1)[0] for line in lines]
    else:  # no fontconfig tools: the font folders themselves
        files = sorted(
            str(path) for folder in FONT_DIRS for path in Path(folder).expanduser().rglob("*") if path.is_file()
        )
        lines = [listed.splitlines()[0] if listed else "fc-list: no output"]
    return "\n".join([*lines, *(_stat(path) for path in files)])


def exporter_source() -> str:
    """Hash of the exporter's own code: pdf.py, this module and every in-page script."""
    package = resources.files(__package__)
    names = ["pdf.py", "pdf_cache.py"]
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + b"\0" + package.joinpath(name).read_bytes())
    for script in sorted(package.joinpath("js").iterdir(), key=lambda p: p.name):
        digest.update(script.name.encode() + b"\0" + script.read_bytes())
    return digest.hexdigest()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def environment(executable: str) -> str:
    """Hash of everything outside the site that a PDF depends on."""
    parts = {
        "format": str(FORMAT),
        "package": _version("interview-portfolio"),
        "exporter": exporter_source(),
        "playwright": _version("playwright"),
        "chromium": chromium_identity(executable),
        "fonts": fonts(),
    }
    return sha256_bytes(json.dumps(parts, sort_keys=True).encode())


@dataclass
class Record:
    """What one print of one job read (file -> hash) and wrote."""

    deps: dict[str, str | None]
    pdf: str  # sha256 of the PDF
    pages: int
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Hit:
    blob: Path  # the cached PDF
    record: Record


class PdfCache:
    """Records and PDFs in ``folder`` for the site in ``site_dir``, under one environment hash."""

    def __init__(self, folder: Path, site_dir: Path, environment_hash: str):
        self.folder = folder
        self.site_dir = site_dir
        self.environment_hash = environment_hash

    def _key(self, job_id: str, page_hash: str | None) -> str:
        return sha256_bytes(f"{self.environment_hash}\n{job_id}\n{page_hash}".encode())

    def _record_path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def blob(self, pdf_hash: str) -> Path:
        return self.folder / f"{pdf_hash}.pdf"

    def lookup(self, job_id: str, entry: str) -> Hit | None:
        """The cached print of ``job_id`` (its settings and paper) whose page is ``entry``, if every
        file it read is unchanged and its PDF is intact."""
        path = self._record_path(self._key(job_id, sha256_file(self.site_dir / entry)))
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            record = Record(raw["deps"], raw["pdf"], int(raw["pages"]), list(raw["notes"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if any(sha256_file(self.site_dir / name) != digest for name, digest in record.deps.items()):
            return None
        blob = self.blob(record.pdf)
        if sha256_file(blob) != record.pdf:
            return None
        os.utime(path)  # recently used: kept by prune()
        return Hit(blob, record)

    def store(self, job_id: str, entry: str, record: Record, pdf: Path) -> None:
        """Keep ``pdf`` and its record. ``record.deps`` must hold the page ``entry`` itself."""
        self.folder.mkdir(parents=True, exist_ok=True)
        blob = self.blob(record.pdf)
        if sha256_file(blob) != record.pdf:
            temp = blob.with_name(f".{blob.name}.{os.getpid()}.tmp")
            shutil.copy2(pdf, temp)  # with its time: a copy back to the site keeps it
            os.replace(temp, blob)
        path = self._record_path(self._key(job_id, record.deps.get(entry)))
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_text(json.dumps(record.__dict__, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temp, path)

    def prune(self) -> None:
        """Keep the ``KEEP_RECORDS`` most recently used records and the PDFs they name."""
        records = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in records[KEEP_RECORDS:]:
            old.unlink(missing_ok=True)
        kept: set[str] = set()
        for path in records[:KEEP_RECORDS]:
            try:
                kept.add(json.loads(path.read_text(encoding="utf-8"))["pdf"])
            except (OSError, ValueError, KeyError, TypeError):
                path.unlink(missing_ok=True)
        for blob in self.folder.glob("*.pdf"):
            if blob.stem not in kept:
                blob.unlink(missing_ok=True)
