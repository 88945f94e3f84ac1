"""The PDF cache without a browser: which file a URL reads, when a record still holds, pruning."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from interview_portfolio.export import pdf_cache
from interview_portfolio.export.pdf_cache import PdfCache, Record, sha256_bytes, site_file

JOB = "A4\nJob(key='pack', ...)"
ENTRY = "print/pack/index.html"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for name, text in {
        ENTRY: "<html>pack</html>",
        "assets/stylesheets/print.css": "body { color: black }",
        "stories/one/index.html": "<article>one</article>",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def record_for(site: Path, pdf: Path) -> Record:
    names = (ENTRY, "assets/stylesheets/print.css", "stories/one/index.html")
    deps = {name: pdf_cache.sha256_file(site / name) for name in names}
    return Record(deps, sha256_bytes(pdf.read_bytes()), 3, ["  a note"])


@pytest.fixture
def stored(site: Path, tmp_path: Path) -> PdfCache:
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(b"%PDF-1.7 printed")
    cache = PdfCache(tmp_path / "cache", site, "env-1")
    cache.store(JOB, ENTRY, record_for(site, pdf), pdf)
    return cache


def test_urls_map_to_the_files_the_server_reads(site):
    assert site_file(site, "/") == "index.html"
    assert site_file(site, "/print/pack/") == ENTRY
    assert site_file(site, "/print/pack") == ENTRY  # a folder: the server redirects to its index
    assert site_file(site, "/assets/a%20b.css") == "assets/a b.css"
    assert site_file(site, "/../../etc/passwd") == "etc/passwd"  # never outside the site


def test_an_unchanged_site_hits_with_the_record(stored, site):
    hit = stored.lookup(JOB, ENTRY)
    assert hit is not None
    assert hit.record.pages == 3 and hit.record.notes == ["  a note"]
    assert hit.blob.read_bytes() == b"%PDF-1.7 printed"


@pytest.mark.parametrize("changed", [ENTRY, "assets/stylesheets/print.css", "stories/one/index.html"])
def test_any_changed_input_misses(stored, site, changed):
    path = site / changed
    path.write_text(path.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert stored.lookup(JOB, ENTRY) is None


def test_a_removed_input_misses(stored, site):
    (site / "stories/one/index.html").unlink()
    assert stored.lookup(JOB, ENTRY) is None


def test_another_environment_job_or_paper_misses(stored, site, tmp_path):
    assert PdfCache(stored.folder, site, "env-2").lookup(JOB, ENTRY) is None
    assert stored.lookup(JOB.replace("A4", "Letter"), ENTRY) is None
    assert stored.lookup("A4\nJob(key='packet', ...)", ENTRY) is None


def test_a_damaged_cached_pdf_misses(stored):
    blob = next(stored.folder.glob("*.pdf"))
    blob.write_bytes(b"%PDF-1.7 damaged")
    assert stored.lookup(JOB, ENTRY) is None


def test_the_cached_pdf_keeps_the_time_of_the_print(site, tmp_path):
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(b"%PDF-1.7 printed")
    os.utime(pdf, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    cache = PdfCache(tmp_path / "cache", site, "env-1")
    cache.store(JOB, ENTRY, record_for(site, pdf), pdf)
    hit = cache.lookup(JOB, ENTRY)
    assert hit is not None and hit.blob.stat().st_mtime_ns == 1_600_000_000_000_000_000


def test_prune_keeps_the_recent_records_and_their_pdfs(site, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_cache, "KEEP_RECORDS", 2)
    cache = PdfCache(tmp_path / "cache", site, "env-1")
    records: list[Path] = []
    for n in range(3):
        pdf = tmp_path / f"printed-{n}.pdf"
        pdf.write_bytes(f"%PDF-1.7 print {n}".encode())
        known = set(cache.folder.glob("*.json"))
        cache.store(f"job-{n}", ENTRY, record_for(site, pdf), pdf)
        (new,) = set(cache.folder.glob("*.json")) - known
        os.utime(new, ns=(n + 1, n + 1))  # used in the order they were made
        records.append(new)
    cache.prune()
    assert sorted(cache.folder.glob("*.json")) == sorted(records[1:])
    assert {p.read_bytes() for p in cache.folder.glob("*.pdf")} == {b"%PDF-1.7 print 1", b"%PDF-1.7 print 2"}


def test_the_environment_covers_browser_fonts_and_exporter(monkeypatch):
    monkeypatch.setattr(pdf_cache, "chromium_identity", lambda executable: "Chromium 1")
    monkeypatch.setattr(pdf_cache, "fonts", lambda: "DejaVuSans.ttf")
    first = pdf_cache.environment("/usr/bin/chromium")
    assert pdf_cache.environment("/usr/bin/chromium") == first
    monkeypatch.setattr(pdf_cache, "chromium_identity", lambda executable: "Chromium 2")
    assert pdf_cache.environment("/usr/bin/chromium") != first
    monkeypatch.setattr(pdf_cache, "chromium_identity", lambda executable: "Chromium 1")
    monkeypatch.setattr(pdf_cache, "fonts", lambda: "DejaVuSans.ttf\nLiberationSerif.ttf")
    assert pdf_cache.environment("/usr/bin/chromium") != first
    monkeypatch.setattr(pdf_cache, "fonts", lambda: "DejaVuSans.ttf")
    monkeypatch.setattr(pdf_cache, "exporter_source", lambda: "changed")
    assert pdf_cache.environment("/usr/bin/chromium") != first


def test_the_exporter_source_covers_every_in_page_script(tmp_path, monkeypatch):
    copy = tmp_path / "export"
    shutil.copytree(Path(pdf_cache.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(pdf_cache.resources, "files", lambda package: copy)
    first = pdf_cache.exporter_source()
    script = copy / "js" / "fit-cards.js"
    script.write_text(script.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert pdf_cache.exporter_source() != first


def test_fonts_lists_what_fontconfig_sees():
    listed = pdf_cache.fonts()
    assert listed  # fc-list's fonts with their size and time, or the font folders without it
