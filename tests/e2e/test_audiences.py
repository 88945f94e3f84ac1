"""Audiences end to end: what each build (me, public, interviewer) may and may not contain.

One fixture portfolio holds a private story with a marker word in every field, its body and its
file name, and a public story that uses a confidential term (``extra.portfolio.redact``) in its
title, body and a diagram label. The public and interviewer builds and their PDFs must hold
neither the marker nor the term anywhere; the ``me`` build must hold the marker (so the check can
fail). The real portfolio's kit is checked for follow-up answers, PDFs included.
"""

from __future__ import annotations

import gzip
import html
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from interview_portfolio.stories.loader import load_index
from interview_portfolio.stories.vocabulary import build_vocabulary
from pypdf import PdfReader

from tests.support import ROOT, make_fixture_site, require_chromium, run_cli

pytestmark = pytest.mark.e2e

MARKER = "zqxmarker"
TERM = "Globex"
REPLACEMENT = "a global bank"
SITE_URL = "https://example.test/"
PRIVATE_FILE = f"{MARKER}-private"
HOSTILE_TAG = "<img src=x onerror=alert(1)>"

PRIVATE_STORY = """\
---
title: "Zqxmarker: the private migration"
description: Zqxmarker description of a confidential project.
subtitle: Zqxmarker subtitle
tags: [zqxmarker-tag]
kind: star
company: Zqxmarker Holdings
visibility: private
system: Zqxmarker ledger
role: Zqxmarker lead
prompts: ["Tell me about zqxmarker work you cannot talk about."]
competencies: [Driving Results, Resolving Conflicts]
provenance_note: Zqxmarker provenance note.
metrics:
  - id: zqxmarker_latency
    label: Zqxmarker latency
    category: latency
    before: 800
    after: 200
    unit: ms
    better: lower
    method: Zqxmarker tracing
    window: zqxmarker window
    headline: true
follow_ups:
  - question: "Zqxmarker: why the ledger?"
    group: Zqxmarker design
    answer: Zqxmarker answer about the ledger.
    backed_by: ["#situation"]
cues:
  situation: Zqxmarker situation
  task: Zqxmarker task
  action: ["Zqxmarker action one", "Zqxmarker action two"]
  result: Zqxmarker result
worked_examples:
  - id: zqxmarker_sizing
    title: Zqxmarker sizing
    note: Zqxmarker note
    inputs:
      - {name: zqxmarker_rate, label: Zqxmarker rate, value: 10, unit: zqxmarker-units}
    steps:
      - {name: zqxmarker_total, label: Zqxmarker total, formula: zqxmarker_rate * 2, stated: 20}
---

# Zqxmarker: the private migration

{{ story_header() }}

<!-- answer: zqxmarker version -->
## Situation
Zqxmarker situation in the body: {{ metric('zqxmarker_latency') }}.
## Result
Zqxmarker result in the body.
<!-- /answer -->

{{ worked_example('zqxmarker_sizing') }}

{{ diagram('zqxmarker_flow', caption='Zqxmarker flow') }}

{{ follow_up_table() }}
"""

PUBLIC_STORY = f"""\
---
title: "Scaled the {TERM} ingest pipeline"
description: Public fixture story.
tags: [streaming, '{HOSTILE_TAG}']
kind: star
company: Acme
system: Ingest
role: Lead engineer
prompts: ["Tell me about a project you are proud of.", "What is your most technically complex project?"]
competencies: [Driving Results, Communicating Effectively]
metrics:
  - id: p95_latency
    label: p95 latency
    category: latency
    before: 900
    after: 300
    unit: ms
    better: lower
    method: Tracing
    headline: true
follow_ups:
  - question: "Why not batch?"
    group: Design
    answer: Quokka latency budget ruled batching out.
    backed_by: ["#result"]
  - question: "Who pushed back?"
    group: Leadership
    answer: |
      - Wombat platform team wanted a freeze
      - we agreed on a canary
cues:
  situation: Slow pipeline
  task: Make it fast
  action: ["Profile the hot path"]
  result: 3x faster
---

# Scaled the {TERM} ingest pipeline

{{{{ story_header() }}}}

<!-- answer: 2-minute version -->
## Situation
The {TERM} pipeline was slow.
## Result
It got fast: {{{{ metric('p95_latency') }}}}.
<!-- /answer -->

{{{{ diagram('ingest_flow', caption='Ingest flow') }}}}

{{{{ follow_up_table() }}}}
"""

DIAGRAM = f'''"""Ingest flow: the fixture's one diagram

Events go from the {TERM} feed through ingestion to a store.
"""

from _style import box, diagram, flow

with diagram(__file__):
    feed = box("{TERM} feed")
    store = box("Store")
    feed >> flow("events") >> store
'''

PRIVATE_DIAGRAM = f'''"""Zqxmarker flow: drawn only for the private story

The {MARKER} ledger feeds the {MARKER} store.
"""

from _style import box, diagram, flow

with diagram(__file__):
    box("{MARKER} ledger") >> flow("{MARKER} rows") >> box("Store")
'''

ANSWER_STARTS = ("Zqxmarker answer about the ledger", "Quokka latency budget ruled", "Wombat platform team wanted")


# --- helpers ---------------------------------------------------------------------------------

def fixture_portfolio(tmp_path: Path, stories: dict[str, str]) -> Path:
    """A fixture portfolio with the print pages, the packet, the tags index, a diagram and a redaction term."""
    pages = {rel: (ROOT / "docs" / rel).read_text(encoding="utf-8")
             for rel in ("print/pack.md", "print/cue-cards.md", "interviewer/index.md", "tags.md")}
    root = make_fixture_site(tmp_path, stories, pages)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  portfolio:\n" in text
    text = text.replace("\n  portfolio:\n", f'\n  portfolio:\n    redact: {{"{TERM}": "{REPLACEMENT}"}}\n', 1)
    config.write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "diagrams" / "_style.py", root / "diagrams" / "_style.py")
    (root / "diagrams" / "ingest_flow.py").write_text(DIAGRAM, encoding="utf-8")
    (root / "diagrams" / f"{MARKER}_flow.py").write_text(PRIVATE_DIAGRAM, encoding="utf-8")
    return root


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The CLI with a site URL, so every build writes a sitemap that lists its pages."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PORTFOLIO_SITE_URL", SITE_URL)
        return run_cli(*args, cwd=cwd)



def squash(value: str) -> str:
    """Letters and digits only, lower case: robust to line breaks in PDF text and to markup."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", html.unescape(value))).lower()


def site_texts(site: Path) -> dict[str, str]:
    """Every file of a built site as text: PDFs through pypdf, gzip decompressed, images skipped."""
    found: dict[str, str] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".pdf":
            found[rel] = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        elif path.suffix == ".gz":
            found[rel] = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        elif path.suffix not in {".png", ".ico", ".jpg", ".woff", ".woff2"}:
            found[rel] = path.read_bytes().decode("utf-8", "replace")
    return found


def files_holding(texts: dict[str, str], word: str) -> list[str]:
    """Files whose name or text holds ``word``, case-insensitive (PDF text compared squashed)."""
    hits = []
    for rel, content in texts.items():
        if rel.endswith(".pdf"):
            found = squash(word) in squash(content)
        else:
            found = word.lower() in content.lower() or word.lower() in html.unescape(content).lower()
        if found or word.lower() in rel.lower():
            hits.append(rel)
    return hits


def answer_start(answer: str, words: int = 6) -> str:
    """The first words of a follow-up answer, without list markers or emphasis."""
    line = next(l for l in answer.splitlines() if l.strip())
    line = re.sub(r"^\s*[-*+]\s+", "", line)
    return " ".join(re.sub(r"[*_`]", "", line).split()[:words])


def readable(texts: dict[str, str]) -> dict[str, str]:
    """File texts squashed for a search, HTML read as text (what a reader sees, not markup)."""
    out = {}
    for rel, content in texts.items():
        if rel.endswith(".html"):
            content = BeautifulSoup(content, "html.parser").get_text(" ")
        out[rel] = squash(content)
    return out


def html_of(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


FOOTER_LINE = re.compile(r"^.*\d+\s*/\s*\d+\s*$")


def page_body_chars(page_text: str) -> int:
    """Characters on a printed page besides its footer (title and page number)."""
    lines = [l for l in page_text.splitlines() if l.strip() and not FOOTER_LINE.match(l)]
    return len(re.sub(r"\s+", "", "".join(lines)))


# --- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The fixture portfolio built for every audience (sitemap on)."""
    tmp = tmp_path_factory.mktemp("audiences")
    root = fixture_portfolio(tmp, {PRIVATE_FILE: PRIVATE_STORY, "ingest": PUBLIC_STORY})
    built = {"root": root}
    for audience in ("me", "public", "interviewer"):
        out = tmp / f"site-{audience}"
        result = cli("build", "--audience", audience, "--site-dir", str(out), cwd=root)
        assert result.returncode == 0, f"{audience} build failed:\n{result.stdout}\n{result.stderr}"
        built[audience] = out
    return built


@pytest.fixture(scope="module")
def printed(sites) -> dict[str, Path]:
    """The public and interviewer fixture sites with their PDFs (`portfolio pdf --site-dir`)."""
    require_chromium()
    for audience in ("public", "interviewer"):
        result = cli("pdf", "--site-dir", str(sites[audience]), cwd=sites["root"])
        assert result.returncode == 0, f"{audience} pdf failed:\n{result.stdout}\n{result.stderr}"
    return sites


@pytest.fixture(scope="module")
def real_kit(tmp_path_factory) -> Path:
    """The real portfolio's mock-interviewer kit (`portfolio kit`): site and packet PDF."""
    require_chromium()
    out = tmp_path_factory.mktemp("real-kit") / "kit"
    result = run_cli("kit", "--site-dir", str(out))
    assert result.returncode == 0, f"kit failed:\n{result.stdout}\n{result.stderr}"
    return out


# --- 1. nothing private, nothing confidential ------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("audience", ["public", "interviewer"])
def test_no_private_marker_or_redacted_term_in_any_file(printed, audience):
    site = printed[audience]
    texts = site_texts(site)
    expected = {"index.html", "404.html", "search/search_index.json", "sitemap.xml", "pdf/interviewer-packet.pdf"}
    if audience == "public":
        expected |= {"assets/diagrams/ingest_flow.svg", "pdf/portfolio-pack.pdf", "pdf/cue-cards.pdf",
                     "stories/ingest/index.html", "tags/index.html", "tags.json"}
    assert expected <= set(texts), sorted(expected - set(texts))  # the check looks where it should
    assert SITE_URL in texts["sitemap.xml"]
    assert files_holding(texts, MARKER) == []
    assert files_holding(texts, TERM) == []
    if audience == "public":  # redacted, not dropped: the replacement is where the term was
        for rel in ("stories/ingest/index.html", "assets/diagrams/ingest_flow.svg", "pdf/portfolio-pack.pdf"):
            assert squash(REPLACEMENT) in squash(texts[rel]), rel


def test_me_build_holds_the_private_story_marked(sites):
    texts = site_texts(sites["me"])
    holding = files_holding(texts, MARKER)
    assert f"stories/{PRIVATE_FILE}/index.html" in holding and "search/search_index.json" in holding
    page = html_of(sites["me"], f"stories/{PRIVATE_FILE}/index.html").get_text(" ")
    assert "private: never in a public or interviewer build" in page
    assert f"assets/diagrams/{MARKER}_flow.svg" in holding  # a private story's own diagram
    assert files_holding(texts, TERM), "the me build is not redacted"


# --- 2. no follow-up answer in the interviewer output ------------------------------------------

@pytest.mark.browser
def test_fixture_kit_holds_no_follow_up_answer(printed):
    texts = readable(site_texts(printed["interviewer"]))
    for start in ANSWER_STARTS:
        assert [rel for rel, text in texts.items() if squash(start) in text] == [], start
    packet = texts["interviewer/index.html"]
    assert squash("Why not batch?") in packet and squash("Who pushed back?") in packet  # questions stay


@pytest.mark.browser
def test_real_kit_holds_no_follow_up_answer(real_kit):
    texts = readable(site_texts(real_kit))
    assert "pdf/interviewer-packet.pdf" in texts
    index = load_index(ROOT / "docs", build_vocabulary(None))
    checked = 0
    for story in index.stories.values():
        for follow_up in story.meta.follow_ups:
            start = squash(answer_start(follow_up.answer))
            assert len(start) >= 12, (story.slug, start)
            assert [rel for rel, text in texts.items() if start in text] == [], (story.slug, follow_up.question)
            checked += 1
    assert checked >= 10


# --- 3. a public story must not point at a private one -----------------------------------------

LEAKY_STORY = (
    PUBLIC_STORY
    .replace('title: "Scaled', f"related: [{PRIVATE_FILE}]\ntitle: \"Leaky", 1)
    .replace('backed_by: ["#result"]', f'backed_by: ["{PRIVATE_FILE}#situation"]')
    .replace("{{ metric('p95_latency') }}", f"{{{{ metric('{PRIVATE_FILE}:zqxmarker_latency') }}}}")
    .replace("{{ diagram('ingest_flow', caption='Ingest flow') }}", "")
)


def test_public_story_linking_to_a_private_one_fails_public_and_interviewer_builds(tmp_path):
    root = fixture_portfolio(tmp_path, {PRIVATE_FILE: PRIVATE_STORY, "leaky": LEAKY_STORY})
    for audience in ("public", "interviewer"):
        result = cli("build", "--audience", audience, "--site-dir", str(tmp_path / audience), cwd=root)
        assert result.returncode != 0, audience
        out = result.stdout + result.stderr
        for where in ("related[0]", "follow_ups[0].backed_by[0]", f"body: metric('{PRIVATE_FILE}:...')"):
            line = next((l for l in out.splitlines() if where in l), "")
            assert "docs/stories/leaky.md" in line and f"docs/stories/{PRIVATE_FILE}.md" in line, (audience, where, out)
        assert not (tmp_path / audience).exists()
    result = cli("build", "--audience", "me", "--site-dir", str(tmp_path / "me"), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr


# --- 4. the packet: share-safe, with a scorecard -------------------------------------------------

def test_interviewer_build_is_the_packet_and_a_home_page(sites):
    site = sites["interviewer"]
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert pages == ["404.html", "index.html", "interviewer/index.html"]
    assert (site / "README.txt").is_file()
    for page in pages:
        soup = html_of(site, page)
        links = [a["href"] for a in soup.select("a[href]")]
        assert not [h for h in links if "stories/" in h or "tags/" in h or "print/" in h], (page, links)
        nav = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary a.md-nav__link[href]")
               if not a["href"].startswith("#")]  # in-page anchors: the packet's own contents
        assert set(nav) == {"Home", "Interviewer packet"}, (page, nav)


def test_packet_holds_prompts_competencies_follow_ups_rubric_and_a_scorecard(sites):
    article = html_of(sites["interviewer"], "interviewer/index.html").select_one("article")
    first_story = article.find("h2")
    fields = article.select(".pf-fields .pf-field-label")
    assert [f.get_text() for f in fields][:2] == ["Candidate", "Date"]
    assert fields[0].find_next("h2") is first_story  # the fields come before the first story
    assert first_story.get_text().startswith(f"Scaled the {REPLACEMENT} ingest pipeline")
    items = [li.get_text(" ", strip=True) for li in article.select("ul > li")]
    assert "“Tell me about a project you are proud of.”" in items  # each prompt its own item
    assert "“What is your most technically complex project?”" in items
    text = article.get_text(" ")
    for wanted in ("Listen for", "Driving Results", "Probe with", "Why not batch?", "Rubric", "Strong (senior)"):
        assert wanted in text, wanted
    rows = article.select(".pf-scorecard tbody tr")
    assert [r.th.get_text() for r in rows] == ["Driving Results", "Communicating Effectively", "Overall for this story"]
    for row in rows:
        assert [b.parent.get_text() for b in row.select("input[type=radio]")] == ["1", "2", "3", "4"]
        assert row.select(".pf-ruled .pf-rule")
    assert article.select(".pf-scorecard > .pf-ruled .pf-rule")  # room for notes


@pytest.mark.browser
def test_packet_pdf_has_the_scorecard_and_no_near_empty_page(printed, real_kit):
    for pdf in (printed["interviewer"] / "pdf" / "interviewer-packet.pdf", real_kit / "pdf" / "interviewer-packet.pdf"):
        pages = [page.extract_text() or "" for page in PdfReader(pdf).pages]
        text = "\n".join(pages)
        for wanted in ("Candidate", "Date", "Ask", "Listen for", "Probe with", "Rubric", "Scorecard", "Evidence heard", "Notes"):
            assert wanted in text, (pdf, wanted)
        for number, page in enumerate(pages, 1):
            assert page_body_chars(page) > 150, (pdf, number, page)  # not a page of leftovers


# --- 5. tags ------------------------------------------------------------------------------------

def test_tags_show_on_the_story_page_and_in_the_index_escaped(sites):
    site = sites["public"]
    page = html_of(site, "stories/ingest/index.html")
    tags = {a.get_text(strip=True): a["href"] for a in page.select("nav.md-tags a.md-tag")}
    assert set(tags) == {"streaming", HOSTILE_TAG}, tags  # shown as text, not as an element
    index = html_of(site, "tags/index.html").select_one("article")
    listed = {h.select_one(".md-tag").get_text(strip=True): h for h in index.select("h2")}
    assert set(listed) == {"streaming", HOSTILE_TAG}  # the private story's tag is not listed
    for name, href in tags.items():
        anchor = href.split("#", 1)[1]
        assert index.find(id=anchor) is listed[name], name
        assert listed[name].find_next_sibling("ul").select_one("a")["href"].endswith("stories/ingest/")
    raw = "".join(t for rel, t in site_texts(site).items() if rel.endswith((".html", ".json")))
    assert "<img src=x" not in raw and "<script>alert" not in raw
