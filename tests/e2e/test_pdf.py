"""PDF printing: the PDFs of the real portfolio (Chromium).

The browser tests print the real portfolio once per paper size from the session's single build
(`built_site`, conftest.py), then read the PDFs back with pypdf. Without Chromium they are
skipped with the reason, except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import html
import math
import os
import re
import shutil
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from interview_portfolio.errors import PdfError, PortfolioError
from interview_portfolio.export import pdf as pdf_export
from interview_portfolio.rendering import formatting, print_views
from interview_portfolio.stories.loader import Story, load_index
from interview_portfolio.stories.vocabulary import build_vocabulary
from pypdf import PdfReader

from tests.support import ROOT, VALID_FRONT_MATTER, make_fixture_site, mkdocs_build, require_chromium, run_cli, story_text

PAPER_PDFS = ("portfolio-pack.pdf", "interviewer-packet.pdf", "cue-cards.pdf", "index-cards.pdf")
PDF_NAMES = (*PAPER_PDFS, "cards-3x5.pdf")
CARDS_PER_SHEET = 4  # index-cards.pdf
# Points: A4 is 210 x 297 mm, Letter 8.5 x 11 in; the 3 x 5 in cards are 5 x 3 in whatever the paper.
PAPER_POINTS = {"A4": (595.3, 841.9), "Letter": (612.0, 792.0)}
CARD_3X5_POINTS = (360.0, 216.0)
CARD_CUES = """\
cues:
  situation: "Slow pipeline, angry users"
  task: "Make it fast"
  action: ["Profile the hot path", "Cache hot keys", "Batch the writes"]
  result: "Shipped, 3x faster"
"""
NAVIGATION_TEXT = (
    "Skip to content", "Back to top", "Table of contents", "Initializing search",
    "Type to start searching", "Made with", "Switch to dark mode",
)


# --- helpers -------------------------------------------------------------------------------

def squash(text: str) -> str:
    """Letters and digits only, NFKC-normalised, lower case: robust to line breaks and bullets in PDF text."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", html.unescape(text)).lower())


def markdown_words(markdown: str, count: int) -> str:
    """The first ``count`` words of the first line of some Markdown, without its markup."""
    line = next(l for l in markdown.splitlines() if l.strip())
    line = re.sub(r"^\s*[-*+]\s+", "", line)
    line = re.sub(r"[*_`]", "", line)
    return " ".join(line.split()[:count])


def real_index():
    return load_index(ROOT / "docs", build_vocabulary(None))


def heading_of(site: Path, story: Story) -> str:
    """The h1 of a story's built page: the pack shows the page, whose h1 may differ from `title`."""
    page = site / story.src_path.removesuffix(".md") / "index.html"
    h1 = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article h1")
    return " ".join(h1.get_text(" ").replace("¶", "").split())


def diagrams_of(story: Story) -> list[tuple[str, str | None]]:
    """(diagram name, caption or None) of every diagram() call in a story's body."""
    calls = re.finditer(
        r"""diagram\(\s*['"]([\w-]+)['"](?:\s*,\s*caption\s*=\s*(['"])(.*?)\2)?""", story.body, re.S
    )
    return [(m.group(1), m.group(3)) for m in calls]


@dataclass
class Printed:
    site: Path
    paths: dict[str, Path]
    log: list[str]
    _text: dict[str, list[str]] = field(default_factory=dict)

    def reader(self, name: str) -> PdfReader:
        return PdfReader(self.paths[name])

    def pages(self, name: str) -> list[str]:
        if name not in self._text:
            self._text[name] = [p.extract_text() or "" for p in self.reader(name).pages]
        return self._text[name]

    def text(self, name: str) -> str:
        return "\n".join(self.pages(name))



def print_copy(request, tmp_path_factory, paper: str) -> Printed:
    require_chromium()
    built = request.getfixturevalue("built_site")
    site = tmp_path_factory.mktemp(f"pdf-{paper}") / "site"
    shutil.copytree(built, site)
    log: list[str] = []
    paths = pdf_export.export_all(site, paper=paper, log=log.append)
    return Printed(site, {p.name: p for p in paths}, log)


@pytest.fixture(scope="session")
def a4(request, tmp_path_factory) -> Printed:
    return print_copy(request, tmp_path_factory, "A4")


@pytest.fixture(scope="session")
def letter(request, tmp_path_factory) -> Printed:
    return print_copy(request, tmp_path_factory, "Letter")


# --- errors before any browser -----------------------------------------------------------------

def test_no_built_site_says_run_make_build(tmp_path):
    with pytest.raises(PdfError, match="make build"):
        pdf_export.export_all(tmp_path / "site", log=lambda line: None)
    assert not (tmp_path / "site" / "pdf").exists()


def test_unknown_paper_is_refused(tmp_path):
    with pytest.raises(PdfError, match="A4 or Letter"):
        pdf_export.export_all(tmp_path, paper="A5", log=lambda line: None)


def test_missing_chromium_fails_clearly_and_leaves_no_pdf(built_site, tmp_path, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    monkeypatch.setenv("PORTFOLIO_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(PdfError, match=r"apt-get install -y chromium.*PORTFOLIO_CHROMIUM"):
        pdf_export.export_all(site, log=lambda line: None)
    assert not list(site.rglob("*.pdf")) and not list(site.rglob("*.tmp"))
    result = run_cli("pdf", "--site-dir", str(site))
    assert result.returncode == 1
    assert "sudo apt-get install -y chromium" in result.stderr
    assert not list(site.rglob("*.pdf"))


# --- the printed portfolio (Chromium) ----------------------------------------------------------

@pytest.mark.e2e
@pytest.mark.browser
def test_export_writes_every_pdf_and_reports_progress(a4):
    assert sorted(a4.paths) == sorted(PDF_NAMES)
    assert sorted(p.name for p in (a4.site / "pdf").iterdir()) == sorted(PDF_NAMES)  # no temp files
    progress = "\n".join(a4.log)
    for label in ("portfolio pack", "interviewer packet", "cue cards", "index cards", "3 x 5 in cards"):
        assert re.search(rf"printing {label} \.\.\. \d+ pages?, \d+\.\d s", progress), progress
    assert re.search(r"wrote 5 PDFs \(A4\) to .* in \d+\.\d s", progress)
    assert "blocked" not in progress  # nothing tried to reach the network


@pytest.mark.e2e
@pytest.mark.browser
def test_page_counts_are_within_bounds(a4):
    public = len(real_index().portfolio())
    pack = len(a4.pages("portfolio-pack.pdf"))
    packet = len(a4.pages("interviewer-packet.pdf"))
    assert 4 + public <= pack <= 12 * public + 6, pack
    assert public <= packet <= 3 * public + 1, packet
    assert len(a4.pages("cue-cards.pdf")) == public
    assert len(a4.pages("index-cards.pdf")) == math.ceil(public / CARDS_PER_SHEET)
    assert len(a4.pages("cards-3x5.pdf")) == public
    for name in PDF_NAMES:  # no trailing blank page: the last page has more than its footer
        last = a4.pages(name)[-1]
        assert len(re.sub(r"\s+", "", last)) > 60, (name, last)


@pytest.mark.e2e
@pytest.mark.browser
def test_pack_has_cover_contents_every_public_story_dashboard_and_matrix(a4):
    index = real_index()
    pages = a4.pages("portfolio-pack.pdf")
    assert "Portfolio pack" in pages[0] and "Contents" in pages[1]
    text = squash(a4.text("portfolio-pack.pdf"))
    for story in index.portfolio():
        assert squash(heading_of(a4.site, story)) in text, story.slug
    # Private stories: tests/e2e/test_audiences.py builds a fixture that has one.
    assert squash("Headline numbers") in text and squash("Competency matrix") in text
    # The dashboard's numbers and every headline metric of the public stories.
    headline = [(story, m) for story in index.portfolio() for m in story.meta.metrics if m.headline]
    assert headline, "the shipped portfolio has headline numbers"
    for story, metric in headline:
        assert squash(formatting.headline(metric)) in text, (story.slug, metric.id)


@pytest.mark.e2e
@pytest.mark.browser
def test_pack_contents_and_bookmarks_point_at_the_right_pages(a4):
    reader = a4.reader("portfolio-pack.pdf")
    titles = {heading_of(a4.site, story) for story in real_index().portfolio()}
    outline = {}
    for item in reader.outline:
        if not isinstance(item, list):
            outline[" ".join(item.title.split())] = reader.get_destination_page_number(item) + 1
    assert titles <= set(outline), "every story is a top-level bookmark"
    contents = a4.pages("portfolio-pack.pdf")[1]
    for title in titles:
        line = next(l for l in contents.splitlines() if squash(title) in squash(l))
        assert line.rstrip().endswith(str(outline[title])), (title, line, outline[title])
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    internal = [a for a in links if a.get("/Subtype") == "/Link" and "/Dest" in a]
    assert len(internal) >= len(titles) + 2
    for page in reader.pages:  # no link leads to the temporary local server
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A") or {}
            assert "127.0.0.1" not in str(action.get("/URI", "")), action


@pytest.mark.e2e
@pytest.mark.browser
def test_pack_shows_every_diagram_of_the_public_stories(a4):
    text = squash(a4.text("portfolio-pack.pdf"))
    drawn = 0
    for story in real_index().portfolio():
        for name, caption in diagrams_of(story):
            if caption:
                assert squash(caption)[:80] in text, (story.slug, name)
            svg = (a4.site / "assets" / "diagrams" / f"{name}.svg").read_text(encoding="utf-8")
            labels = [squash(t) for t in re.findall(r"<text[^>]*>([^<]+)</text>", svg)]
            labels = [l for l in labels if l]
            if labels:  # an <img> SVG is drawn as vectors and text: its labels are in the PDF
                found = sum(l in text for l in labels)
                assert found >= 0.8 * len(labels), (name, found, len(labels))
            drawn += 1
    assert drawn, "no public story embeds a diagram"
    images = 0
    for page in a4.reader("portfolio-pack.pdf").pages:
        images += _count_images(page.get("/Resources", {}))
    svgs = [p.read_text(encoding="utf-8") for p in (a4.site / "assets" / "diagrams").glob("*.svg")]
    assert any("<image" in s for s in svgs), "the shipped diagrams draw icons"
    assert images > 0, "the diagrams' icons are missing"


def _count_images(resources) -> int:
    count = 0
    xobjects = resources.get("/XObject", {}) if resources else {}
    for key in xobjects:
        obj = xobjects[key].get_object()
        if obj.get("/Subtype") == "/Image":
            count += 1
        elif obj.get("/Subtype") == "/Form":
            count += _count_images(obj.get("/Resources", {}))
    return count


@pytest.mark.e2e
@pytest.mark.browser
def test_follow_up_answers_are_open_in_the_pack_and_absent_from_the_packet(a4):
    pack = squash(a4.text("portfolio-pack.pdf"))
    packet = squash(a4.text("interviewer-packet.pdf"))
    checked = 0
    for story in real_index().portfolio():
        for follow_up in story.meta.follow_ups:
            answer = squash(markdown_words(follow_up.answer, 6))
            assert answer in pack, (story.slug, follow_up.question)
            assert answer not in packet, (story.slug, follow_up.question)
            assert squash(follow_up.question) in packet, (story.slug, follow_up.question)
            checked += 1
    assert checked >= 5


@pytest.mark.e2e
@pytest.mark.browser
def test_interviewer_packet_has_prompts_rubric_and_no_story_text(a4):
    packet = a4.text("interviewer-packet.pdf")
    assert "Listen for" in packet and "Rubric" in packet and "Probe with" in packet
    flat = squash(packet)
    for story in real_index().portfolio():
        assert squash(story.title) in flat
        assert squash(story.meta.prompts[0]) in flat


@pytest.mark.e2e
@pytest.mark.browser
def test_no_navigation_on_paper(a4):
    for name in PDF_NAMES:
        text = a4.text(name)
        for chrome in NAVIGATION_TEXT:
            assert chrome not in text, (name, chrome)
        assert "¶" not in text, name
        assert not re.search(r"^\s*Search\s*$", text, re.M), name


@pytest.mark.e2e
@pytest.mark.browser
def test_one_cue_card_per_page_with_prompt_and_three_numbers(a4):
    pages = a4.pages("cue-cards.pdf")
    public = real_index().portfolio()
    assert len(pages) == len(public)
    for story, page in zip(public, pages):
        flat = squash(page)
        assert squash(story.title) in flat, story.slug
        assert squash(story.meta.prompts[0]) in flat, story.slug
        for metric in print_views.strongest_metrics(story):
            assert squash(formatting.headline(metric)) in flat, (story.slug, metric.id)
        assert story.meta.cues, f"{story.slug}: every shipped portfolio story has cues"
        assert squash(story.meta.cues.result)[:40] in flat, story.slug
        others = [s for s in public if s is not story]
        assert not any(squash(o.title) in flat for o in others), story.slug


def card_ends(story: Story) -> list[str]:
    """What a whole card shows first and last: its title, its first and last cue, its numbers."""
    ends = [story.title, story.meta.prompts[0]]
    if story.meta.cues:
        ends += [story.meta.cues.situation[:40], story.meta.cues.result[:40]]
    ends += [formatting.headline(m) for m in print_views.strongest_metrics(story)]
    return [squash(e) for e in ends]


def assert_cards_whole(printed: Printed, name: str, per_page: int) -> None:
    """Every portfolio story's card is on the page its place says, whole: title, first and last
    cue and numbers on that one page, and no other card's title there beyond its sheet mates."""
    pages = [squash(p) for p in printed.pages(name)]
    public = real_index().portfolio()
    assert len(pages) == math.ceil(len(public) / per_page), name
    for i, story in enumerate(public):
        page = pages[i // per_page]
        for end in card_ends(story):
            assert end in page, (name, story.slug, i // per_page + 1, end)
        others = [s for j, s in enumerate(public) if j // per_page != i // per_page]
        assert not any(squash(o.title) in page for o in others), (name, story.slug)
    progress = "\n".join(printed.log)
    assert "does not fit" not in progress and "expected" not in progress, progress


@pytest.mark.e2e
@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_index_cards_four_to_a_sheet_none_split(paper, request):
    printed: Printed = request.getfixturevalue("a4" if paper == "A4" else "letter")
    assert_cards_whole(printed, "index-cards.pdf", CARDS_PER_SHEET)
    reader = printed.reader("index-cards.pdf")
    assert "/Annots" not in reader.pages[0] or not any(  # no links to the exporter's server
        "127.0.0.1" in str(a.get_object().get("/A", {})) for a in reader.pages[0]["/Annots"]
    )


@pytest.mark.e2e
@pytest.mark.browser
def test_3x5_cards_one_per_card_none_split(a4):
    assert_cards_whole(a4, "cards-3x5.pdf", 1)
    assert_cards_whole(a4, "cue-cards.pdf", 1)


@pytest.mark.e2e
@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_paper_size(paper, request):
    printed: Printed = request.getfixturevalue("a4" if paper == "A4" else "letter")
    for name in PDF_NAMES:
        width, height = PAPER_POINTS[paper] if name in PAPER_PDFS else CARD_3X5_POINTS
        for page in printed.reader(name).pages:
            box = page.mediabox
            assert abs(float(box.width) - width) < 2 and abs(float(box.height) - height) < 2, (name, box)
    public = len(real_index().portfolio())
    assert len(printed.pages("cue-cards.pdf")) == public
    assert len(printed.pages("index-cards.pdf")) == math.ceil(public / CARDS_PER_SHEET)
    assert len(printed.pages("cards-3x5.pdf")) == public


# The fonts the set-up script installs (scripts/ensure-system-tools.sh): the page's sans-serif
# (Helvetica/Arial resolve to Liberation Sans), code (Liberation Mono or DejaVu Sans Mono) and
# the footer (DejaVu Sans). A missing package changes the embedded fonts and fails here.
DECLARED_FONTS = ("LiberationSans", "LiberationMono", "DejaVuSans")
LIGATURES = re.compile("[\ufb00-\ufb06]")


def embedded_fonts(path: Path) -> set[str]:
    fonts = set()
    for page in PdfReader(path).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type3":  # glyphs Chromium draws itself (icons), not a font file
                continue
            fonts.add(str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1])
    return fonts


@pytest.mark.e2e
@pytest.mark.browser
def test_pdfs_embed_only_the_declared_fonts(a4):
    for name in PDF_NAMES:
        fonts = embedded_fonts(a4.paths[name])
        assert any(f.startswith("LiberationSans") for f in fonts), (name, fonts)
        undeclared = {f for f in fonts if not f.startswith(DECLARED_FONTS)}
        assert not undeclared, f"{name} embeds fonts the set-up does not install: {undeclared}"


@pytest.mark.e2e
@pytest.mark.browser
def test_printed_text_has_no_ligature_glyphs(a4):
    for name in PDF_NAMES:
        text = "".join(a4.pages(name))
        found = sorted(set(LIGATURES.findall(text)))
        assert not found, f"{name} prints ligature glyphs {found}: copied text would read 'conﬂict'"


@pytest.mark.e2e
@pytest.mark.browser
def test_index_cards_fill_a_second_sheet_past_four(tmp_path):
    """Five stories: two sheets, four cards then one, each card whole on its sheet."""
    require_chromium()
    titles = [f"Story number {n} of the fixture" for n in range(1, 6)]
    stories = {
        f"story-{n}": story_text(VALID_FRONT_MATTER.replace("Scaled the ingest pipeline", title) + CARD_CUES)
        for n, title in enumerate(titles, 1)
    }
    pages = {rel: (ROOT / "docs" / rel).read_text(encoding="utf-8")
             for rel in ("print/cue-cards.md", "print/pack.md", "interviewer/index.md", "practice/cue-cards.md")}
    site_root = make_fixture_site(tmp_path, stories, pages)
    site = tmp_path / "site"
    result = mkdocs_build(site_root, site)
    assert result.returncode == 0, result.stderr
    log: list[str] = []
    paths = {p.name: p for p in pdf_export.export_all(site, log=log.append)}
    sheets = [squash(p.extract_text() or "") for p in PdfReader(paths["index-cards.pdf"]).pages]
    assert len(sheets) == 2, log
    for n, title in enumerate(titles):
        sheet = sheets[n // CARDS_PER_SHEET]
        assert squash(title) in sheet and squash(title) not in sheets[1 - n // CARDS_PER_SHEET]
        assert squash("Shipped, 3x faster") in sheet
    assert len(PdfReader(paths["cards-3x5.pdf"]).pages) == 5
    assert not any("does not fit" in line or "expected" in line for line in log), log


# --- the cache: a PDF whose inputs are unchanged is neither printed nor rewritten ----------------

def stamps(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Each PDF's modification time, inode and bytes."""
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_ino, p.read_bytes()) for p in sorted(folder.glob("*.pdf"))}


def no_browser(*args, **kwargs):
    raise AssertionError("the browser was started although no input changed")


def cached_copy(built: Path, tmp_path: Path) -> tuple[Path, Path]:
    require_chromium()
    site = tmp_path / "site"
    shutil.copytree(built, site)
    return site, tmp_path / "cache"


@pytest.mark.e2e
@pytest.mark.browser
def test_an_unchanged_rerun_prints_nothing_and_rewrites_no_pdf(built_site, tmp_path, monkeypatch):
    site, cache = cached_copy(built_site, tmp_path)
    pdf_export.export_all(site, cache_dir=cache, log=lambda line: None)
    printed = stamps(site / "pdf")
    assert sorted(printed) == sorted(PDF_NAMES)

    monkeypatch.setattr(pdf_export, "_print_jobs", no_browser)
    log: list[str] = []
    paths = pdf_export.export_all(site, cache_dir=cache, log=log.append)
    assert sorted(p.name for p in paths) == sorted(PDF_NAMES)
    assert stamps(site / "pdf") == printed  # same file, same time, same bytes
    assert re.fullmatch(r"5 PDFs \(A4\) in .* unchanged, nothing printed, in \d+\.\d s", log[-1]), log
    assert sum("unchanged" in line for line in log) == 6, log
    assert any("set in smaller type" in line for line in log), "the notes of a cached print are shown again"

    # `make pdf` builds first: a new site/ without pdf/. The PDFs come back from the cache, the
    # same bytes with the time they were printed, and nothing is printed.
    shutil.rmtree(site)
    shutil.copytree(built_site, site)
    pdf_export.export_all(site, cache_dir=cache, log=lambda line: None)
    restored = stamps(site / "pdf")
    assert {n: (t, data) for n, (t, _, data) in restored.items()} == {n: (t, data) for n, (t, _, data) in printed.items()}
    assert sorted(p.name for p in (site / "pdf").iterdir()) == sorted(PDF_NAMES)  # no temporary files


@pytest.mark.e2e
@pytest.mark.browser
def test_a_changed_page_or_stylesheet_prints_again(built_site, tmp_path):
    site, cache = cached_copy(built_site, tmp_path)
    pdf_export.export_all(site, cache_dir=cache, log=lambda line: None)
    first = stamps(site / "pdf")

    # A story's page is read by the pack alone (fetched into it): only the pack is printed again,
    # and it shows the change.
    pack_page = BeautifulSoup((site / "print/pack/index.html").read_text(encoding="utf-8"), "html.parser")
    source = pack_page.select_one("#pf-pack-sources a[href]")
    assert source is not None
    story = (site / "print/pack/index.html").parent / str(source["href"]) / "index.html"
    text = story.read_text(encoding="utf-8")
    opening = re.search(r'<article class="md-content__inner[^"]*">', text)
    assert opening is not None
    story.write_text(text[:opening.end()] + "<p>Cache marker 7341</p>" + text[opening.end():], encoding="utf-8")
    log: list[str] = []
    pdf_export.export_all(site, cache_dir=cache, log=log.append)
    second = stamps(site / "pdf")
    assert [n for n in PDF_NAMES if second[n] != first[n]] == ["portfolio-pack.pdf"], log
    assert "cachemarker7341" in squash("".join(p.extract_text() or "" for p in PdfReader(site / "pdf/portfolio-pack.pdf").pages))
    assert re.search(r"wrote 1 PDF \(A4\) to .*, 4 unchanged, in \d+\.\d s", log[-1]), log

    # The print stylesheet is loaded by every page: every PDF is printed again.
    css = site / "assets/stylesheets/print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    log.clear()
    pdf_export.export_all(site, cache_dir=cache, log=log.append)
    third = stamps(site / "pdf")
    assert [n for n in PDF_NAMES if third[n][0] == second[n][0]] == [], log
    assert re.search(r"wrote 5 PDFs \(A4\) to .* in \d+\.\d s", log[-1]), log

    # Another paper is another print, and the first paper's stays in the cache.
    pdf_export.export_all(site, paper="Letter", cache_dir=cache, log=log.append)
    log.clear()
    pdf_export.export_all(site, paper="A4", cache_dir=cache, log=log.append)
    assert "unchanged, nothing printed" in log[-1], log
    assert {n: (t, data) for n, (t, _, data) in stamps(site / "pdf").items()} == {
        n: (t, data) for n, (t, _, data) in third.items()
    }


# --- make pdf, make kit: the build runs while the browser starts -------------------------------

def child_processes() -> list[str]:
    """Names of the live child processes of this one (Playwright's driver would be one)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            found.append(text[text.index("(") + 1:text.rindex(")")])
    return found


@pytest.mark.e2e
@pytest.mark.browser
def test_the_build_runs_first_and_every_pdf_is_printed(built_site, tmp_path):
    require_chromium()
    site = tmp_path / "site"
    built: list[bool] = []

    def build() -> None:
        assert not site.exists()
        shutil.copytree(built_site, site)
        built.append(True)

    log: list[str] = []
    paths = pdf_export.export_all(site, build=build, log=log.append)
    assert built == [True]
    assert sorted(p.name for p in paths) == sorted(PDF_NAMES) and all(p.is_file() for p in paths)
    assert re.search(r"wrote 5 PDFs \(A4\) to .* in \d+\.\d s", log[-1]), log
    assert child_processes() == []


@pytest.mark.e2e
@pytest.mark.browser
@pytest.mark.parametrize("after", [0.0, 0.3, 1.5])  # before, while and after the browser starts
def test_a_failed_build_prints_nothing_and_leaves_no_browser_running(tmp_path, after):
    require_chromium()

    def build() -> None:
        time.sleep(after)
        raise PortfolioError("the build failed")

    with pytest.raises(PortfolioError, match="the build failed"):
        pdf_export.export_all(tmp_path / "site", build=build, log=lambda line: None)
    assert not (tmp_path / "site").exists()
    assert child_processes() == []
