"""Hostile inputs: every one is refused with a clear message or shown literally, never run.

Each case writes one hostile story into a fixture site and runs both `check` and `build` through
the CLI. It asserts the exit status; that the message names the file, the field and the line
(where known) and a fix; that no traceback leaks; that each command stays under a generous time
ceiling; that docs/ is byte-identical afterwards; and that a failed build leaves the previous
site/ exactly as it was. YAML cases also run the loader in-process with a time and memory budget.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import tracemalloc
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from interview_portfolio.errors import DiagramError
from interview_portfolio.figures import render as figures
from interview_portfolio.stories import frontmatter
from interview_portfolio.stories.body import scan
from interview_portfolio.stories.loader import parse_story
from interview_portfolio.stories.vocabulary import build_vocabulary

from tests.support import ROOT, VALID_BODY, VALID_FRONT_MATTER, make_fixture_site, run_cli, story_text

pytestmark = [pytest.mark.e2e]

FILE = "docs/stories/hostile.md"
COMMAND_SECONDS = 45.0  # generous: a fixture check or build takes 5 s (15 s on a busy machine)
LOADER_SECONDS = 2.0
LOADER_BYTES = 200 * 1024 * 1024
TITLE_LINE = 'title: "Scaled the ingest pipeline"'
BAD_SCHEME = re.compile(r"^\s*(?:javascript|data|vbscript)\s*:", re.I)


# --- hostile inputs ------------------------------------------------------------------------

def _fm(*replacements: tuple[str, str], extra: str = "", first: str = "") -> str:
    text = VALID_FRONT_MATTER
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return first + text + extra


def _line_of(text: str | bytes, needle: str | bytes) -> int:
    """1-based line of the first occurrence of ``needle`` in the file text."""
    return text[: text.index(needle)].count("\n" if isinstance(text, str) else b"\n") + 1


# The body without its H1: Material then prints the page title as the heading.
BODY_NO_H1 = VALID_BODY.replace("# Scaled the ingest pipeline\n", "", 1)

JINJA = "{{ 7*7 }}"
JINJA_STORY = story_text(_fm(
    (TITLE_LINE, f'title: "{JINJA}"'),
    ("description: A fixture story.", f'description: "{JINJA} described"\nsubtitle: "{JINJA} sub"'
                                       f'\ntags: ["{JINJA}"]'),
    ("company: Acme", f'company: "{JINJA} Corp"'),
    ("label: p95 latency", f'label: "{JINJA} latency"'),
    ('question: "Why not batch?"', f'question: "Why {JINJA}?"'),
    ("answer: Latency budget ruled it out.", f'answer: "Because {JINJA}"'),
), BODY_NO_H1)

PWNED = Path(f"/tmp/pwned-{uuid.uuid4().hex[:8]}")
SSTI = f"{{{{ cycler.__init__.__globals__.os.popen('echo PWNED > {PWNED}').read() }}}}"
SSTI_STORY = story_text(_fm(
    (TITLE_LINE, f'title: "{SSTI}"'),
    ("description: A fixture story.", f'description: "{SSTI}"'),
    ("company: Acme", f'company: "{SSTI}"'),
    ("answer: Latency budget ruled it out.", f'answer: "{SSTI}"'),
), BODY_NO_H1)

XSS = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
XSS_YAML = json.dumps(XSS)  # a JSON string is a YAML double-quoted scalar
XSS_STORY = story_text(_fm(
    (TITLE_LINE, f"title: {XSS_YAML}"),
    ("description: A fixture story.", f"description: {XSS_YAML}\nsubtitle: {XSS_YAML}\nstatus: {XSS_YAML}\n"
                                       f'tags: [{XSS_YAML}, "<script>alert(5)</script>"]'),
), BODY_NO_H1)

LINKS_MD = (
    "[x](javascript:alert(1)) [y](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
    "[y2](data:text/html,<script>alert(1)</script>) [z](vbscript:msgbox(1)) "
    '<a href="javascript:alert(2)">a</a> <a href=" JaVaScRiPt&#58;alert(4)">b</a> '
    "<img src=x onerror=alert(3)> <svg onload=alert(6)></svg>"
)
LINKS_STORY = story_text(
    _fm(("answer: Latency budget ruled it out.", f"answer: {json.dumps(LINKS_MD)}")),
    VALID_BODY + "\n" + LINKS_MD + "\n\n<a href='javascript:alert(7)'>raw</a>\n",
)

BOMB = "".join(
    [f"{name}: &{name} [{', '.join([repr('lol')] * 9)}]\n" for name in ["a"]]
    + [f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi")]
)
DEEP = "[" * 20_000 + "]" * 20_000
MARKERS = "<!-- answer: x -->\n" * 5_000
LONG_TITLE = "A" * 300


@dataclass
class Case:
    data: bytes
    ok: bool
    expect: tuple[str, ...] = ()  # substrings of both outputs (check's and build's)
    file: str = FILE  # every error line names this file
    loader: bool = False  # also run the loader in-process under the time / memory budget
    setup: Callable[[Path], None] | None = None
    built: Callable[[Path], None] | None = None  # checks on the built site (ok cases)


def _story(text: str) -> bytes:
    return text.encode("utf-8")


def _bad_utf8() -> bytes:
    return _story(story_text()).replace(b"Acme", b"Ac\xff\xfeme")


def _bom() -> bytes:
    return b"\xef\xbb\xbf" + _story(story_text())


def _diagrams_init(site: Path) -> None:
    (site / "diagrams" / "__init__.py").write_text("", encoding="utf-8")


# --- checks on a built site ----------------------------------------------------------------

def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def assert_no_active_content(fragment: BeautifulSoup, where: str) -> None:
    """No script that alerts, no event handler, no javascript:/data:/vbscript: link or source."""
    for el in fragment.find_all(True):
        for name, value in el.attrs.items():
            assert not name.lower().startswith("on"), f"{where}: <{el.name} {name}={value!r}>"
            if name.lower() in {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}:
                assert not BAD_SCHEME.match(str(value)), f"{where}: <{el.name} {name}={value!r}>"
        if el.name == "script":
            assert "alert" not in el.get_text(), f"{where}: {el}"
        assert el.name not in {"iframe", "object", "embed", "base", "frame"}, f"{where}: {el}"


def assert_site_is_inert(out: Path) -> None:
    pages = sorted(out.rglob("*.html"))
    assert pages
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        assert "<script>alert" not in raw and "<img src=x onerror" not in raw, page
        assert_no_active_content(_soup(page), str(page.relative_to(out)))
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:  # Material inserts a result's title and text as HTML
        for key in ("title", "text"):
            fragment = BeautifulSoup(doc.get(key, ""), "html.parser")
            assert_no_active_content(fragment, f"search_index.json {doc['location']} {key}")
            assert not fragment.find(["script", "img"]), (doc["location"], doc[key][:200])
    for data in out.rglob("*.json"):
        raw = data.read_text(encoding="utf-8")
        assert "<script" not in raw and "<img" not in raw and " onerror=" not in raw.replace(
            "&lt;img src=x onerror=", ""), data


def _story_page(out: Path) -> BeautifulSoup:
    return _soup(out / "stories" / "hostile" / "index.html")


def _in_nav(title: str, soup: BeautifulSoup) -> bool:
    """Whether a nav link reads ``title`` (Material prints a subtitle after it)."""
    texts = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav a")]
    return any(text == title or text.startswith(title + " ") for text in texts)


def _search_titles(out: Path) -> list[str]:
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    return [BeautifulSoup(doc["title"], "html.parser").get_text() for doc in index["docs"]]


def _jinja_literal(out: Path) -> None:
    page = _story_page(out)
    assert page.title.get_text().startswith(JINJA + " - "), page.title
    assert page.find("h1").get_text(strip=True) == JINJA
    assert _in_nav(JINJA, page) and _in_nav(JINJA, _soup(out / "index.html"))
    assert page.find("meta", attrs={"name": "description"})["content"] == f"{JINJA} described"
    text = page.get_text(" ")
    for literal in (f"{JINJA} Corp", f"{JINJA} latency", f"Why {JINJA}?", f"Because {JINJA}"):
        assert literal in text, literal
    assert not re.search(r"\b49\b", text), "a front-matter template was evaluated"
    assert JINJA in _search_titles(out)
    assert_site_is_inert(out)


def _ssti_literal(out: Path) -> None:
    assert not PWNED.exists(), f"front matter was run as code: {PWNED} was written"
    page = _story_page(out)
    assert page.title.get_text().startswith(SSTI), page.title
    assert _in_nav(SSTI, page)
    assert page.find("meta", attrs={"name": "description"})["content"] == SSTI
    assert "PWNED" not in page.get_text().replace(f"echo PWNED > {PWNED}", "")
    assert_site_is_inert(out)


def _xss_literal(out: Path) -> None:
    page = _story_page(out)
    # Escaped once: the reader sees the characters as typed, the browser runs nothing.
    assert page.title.get_text().startswith(XSS + " - "), page.title
    assert page.find("meta", attrs={"name": "description"})["content"] == XSS
    assert _in_nav(XSS, _soup(out / "index.html"))
    assert XSS in _search_titles(out)
    assert_site_is_inert(out)


def _links_inert(out: Path) -> None:
    page = _story_page(out)
    texts = [a.get_text() for a in page.select("article a")]
    for label in ("x", "y", "y2", "z", "a", "b", "raw"):
        assert label in texts, label  # the link text is kept, the link target is not
    assert_site_is_inert(out)


def _bom_loaded(out: Path) -> None:
    assert _story_page(out).title.get_text().startswith("Scaled the ingest pipeline")


# --- the cases -----------------------------------------------------------------------------

_BIG_STORY = story_text(_fm(("value: 99.95", "value: 1e308")))
_BIG_FLOAT_STORY = story_text(_fm(("before: 900", "before: 1.0e+308")))
_NAN_STORY = story_text(_fm(("value: 99.95", "value: .nan")))
_INF_STORY = story_text(_fm(("value: 99.95", "value: .inf")))
_DUP_STORY = story_text(_fm(extra="company: Other\n"))
_EMPTY_STORY = story_text(_fm(("company: Acme", 'company: ""')))
_DEEP_STORY = story_text(_fm(('prompts: ["Tell me about a project you are proud of."]', f"prompts: {DEEP}")))
_ICON_STORY = story_text(_fm(extra="icon: nope/nothing\n"))
_MARKER_STORY = story_text(body=VALID_BODY + MARKERS)
_LONG_STORY = story_text(_fm((TITLE_LINE, f"title: {LONG_TITLE}")))
_TYPO_METRIC = story_text(body=VALID_BODY + "\nLost: {{ metric('lost_entrys') }}\n")
_TYPO_MACRO = story_text(body=VALID_BODY + "\n{{ metric_sumary() }}\n")

CASES = {
    # 1. front matter run as code
    "jinja-title": Case(_story(JINJA_STORY), ok=True, built=_jinja_literal),
    "ssti-title": Case(_story(SSTI_STORY), ok=True, built=_ssti_literal),
    # 2. escaping of the keys MkDocs and Material print
    "xss-title-subtitle-description-status-tags": Case(_story(XSS_STORY), ok=True, built=_xss_literal),
    # 3. link schemes and event handlers in a Markdown field and in the body
    "xss-links-answer-and-body": Case(_story(LINKS_STORY), ok=True, built=_links_inert),
    # 4. alias bomb
    "yaml-alias-bomb": Case(_story(story_text(_fm(first=BOMB))), ok=False, loader=True, expect=(
        f"{FILE}:2: YAML anchors and aliases", "fix: write the value out where it is needed")),
    # 5. thousands of unclosed answer markers
    "unclosed-answer-markers": Case(_story(_MARKER_STORY), ok=False, loader=True, expect=(
        f"{FILE}:{_line_of(_MARKER_STORY, '<!-- answer: x -->')}: body: the answer 'x' is not closed",
        f"{FILE}:{_line_of(_MARKER_STORY, '<!-- answer: x -->') + 4_999}: body: the answer 'x' is not closed",
        "fix: add `<!-- /answer -->` where the spoken answer ends")),
    # 6. encodings, nesting, sizes, theme keys, the diagrams folder
    "non-utf8-bytes": Case(_bad_utf8(), ok=False, loader=True, expect=(
        f"{FILE}:{_line_of(_bad_utf8(), b'Ac')}: the file is not valid UTF-8 (byte 0xff",
        "fix: save the file as UTF-8")),
    "utf8-bom": Case(_bom(), ok=True, loader=True, built=_bom_loaded),
    "deep-nesting": Case(_story(_DEEP_STORY), ok=False, loader=True, expect=(
        f"{FILE}:{_line_of(_DEEP_STORY, 'prompts:')}: the front matter nests deeper than 12 levels",
        "fix: a story needs at most a few levels")),
    "title-300-characters": Case(_story(_LONG_STORY), ok=False, loader=True, expect=(
        f"{FILE}:2: title: is 300 characters; at most 150", "fix: shorten it")),
    "unknown-icon": Case(_story(_ICON_STORY), ok=False, expect=(
        f"{FILE}:{_line_of(_ICON_STORY, 'icon:')}: icon: unknown icon 'nope/nothing'",
        "fix: use a Material icon name")),
    "diagrams-init-py": Case(_story(story_text()), ok=False, setup=_diagrams_init, file="diagrams/", expect=(
        "diagrams/__init__.py must not exist", "Delete it")),
    # 7. numbers that are not numbers
    "metric-nan": Case(_story(_NAN_STORY), ok=False, loader=True, expect=(
        f"{FILE}:{_line_of(_NAN_STORY, 'value: .nan')}: metrics[2].value: nan is not a finite number",
        "fix: write a real number")),
    "metric-inf": Case(_story(_INF_STORY), ok=False, loader=True, expect=(
        f"{FILE}:{_line_of(_INF_STORY, 'value: .inf')}: metrics[2].value: inf is not a finite number",
        "fix: write a real number")),
    "metric-1e308": Case(_story(_BIG_STORY), ok=False, loader=True, expect=(
        f"{FILE}:{_line_of(_BIG_STORY, 'value: 1e308')}: metrics[2].value: '1e308' is out of range",
        "fix: use a number in range")),
    "metric-1.0e+308": Case(_story(_BIG_FLOAT_STORY), ok=False, loader=True, expect=(
        f"{FILE}:{_line_of(_BIG_FLOAT_STORY, 'before: 1.0e+308')}: metrics[0].before: 1e+308 is out of range",
        "fix: use a number in range")),
    # 8. duplicate keys, empty strings
    "duplicate-key": Case(_story(_DUP_STORY), ok=False, loader=True, expect=(
        f"{FILE}:{_line_of(_DUP_STORY, 'company: Other')}: the key `company` appears twice "
        f"(lines {_line_of(_DUP_STORY, 'company: Acme')} and {_line_of(_DUP_STORY, 'company: Other')})",
        "fix: keep one of them")),
    "empty-string": Case(_story(_EMPTY_STORY), ok=False, loader=True, expect=(
        f'{FILE}:{_line_of(_EMPTY_STORY, "company: ")}: company: is empty',
        "fix: write a value for `company`")),
    # 9. typos in body macros: found by check's trial render, and by build
    "macro-typo-metric-id": Case(_story(_TYPO_METRIC), ok=False, expect=(
        f"{FILE}", "metric(): unknown metric 'lost_entrys'", "known: p95_latency")),
    "macro-typo-name": Case(_story(_TYPO_MACRO), ok=False, expect=(
        f"{FILE}", "unknown macro or variable `metric_sumary`", "did you mean 'metric_summary'")),
}


# --- running check and build ---------------------------------------------------------------

def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the hash of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


@dataclass
class Run:
    result: subprocess.CompletedProcess
    seconds: float

    @property
    def output(self) -> str:
        return self.result.stdout + self.result.stderr


def timed_cli(*args: str) -> Run:
    started = time.perf_counter()
    result = run_cli(*args)
    return Run(result, time.perf_counter() - started)


def check_and_build(site: Path) -> tuple[Run, Run, Path]:
    """`check`, then `build` over a pre-existing site/ (with a marker file); docs/ must not change."""
    docs_before = tree(site / "docs")
    out = site / "site"
    out.mkdir()
    (out / "marker.txt").write_text("the previous good build\n", encoding="utf-8")
    (out / "index.html").write_text("<p>previous</p>\n", encoding="utf-8")
    out_before = tree(out)
    check = timed_cli("check", "--root", str(site))
    build = timed_cli("build", "--root", str(site), "--site-dir", str(out))
    for name, run in (("check", check), ("build", build)):
        assert "Traceback" not in run.output, f"{name} printed a traceback:\n{run.output[-3000:]}"
        assert "internal error" not in run.output, f"{name}:\n{run.output[-3000:]}"
        assert run.seconds < COMMAND_SECONDS, f"{name} took {run.seconds:.1f} s"
    assert tree(site / "docs") == docs_before, "docs/ was modified"
    if build.result.returncode != 0:
        assert tree(out) == out_before, "a failed build changed the previous site/"
    return check, build, out


def _load(data: bytes) -> list[str]:
    parsed = parse_story(data, FILE, build_vocabulary(None))
    problems = [str(p) for p in parsed.problems]
    if parsed.meta is not None:
        problems += [f"{FILE}:{i.line}: body: {i.message}" for i in scan(parsed.body, parsed.body_line).issues]
    return problems


def loader_budget(data: bytes) -> list[str]:
    """Run the loader (and the body scan) in-process; assert the time and memory budget.

    Timed on its own (tracemalloc slows allocation several-fold), then run again under
    tracemalloc for the Python heap's peak; the process' high-water mark (ru_maxrss) covers
    what libyaml allocates in C.
    """
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    started = time.perf_counter()
    problems = _load(data)
    seconds = time.perf_counter() - started
    rss_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) * 1024
    tracemalloc.start()
    try:
        _load(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seconds < LOADER_SECONDS, f"the loader took {seconds:.2f} s"
    assert peak < LOADER_BYTES, f"the loader allocated {peak / 2**20:.0f} MB (Python heap)"
    assert rss_growth < LOADER_BYTES, f"the process grew by {rss_growth / 2**20:.0f} MB"
    return problems


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_story(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    if case.loader:
        problems = loader_budget(case.data)
        if case.ok:
            assert problems == []
        else:
            assert problems and all(FILE in p for p in problems), problems
            assert case.expect[0] in "\n".join(problems)
    site = make_fixture_site(tmp_path, {})
    (site / "docs" / "stories" / "hostile.md").write_bytes(case.data)
    if case.setup:
        case.setup(site)
    check, build, out = check_and_build(site)
    if case.ok:
        assert check.result.returncode == 0, check.output
        assert build.result.returncode == 0, build.output
        assert not (out / "marker.txt").exists()  # the new build was swapped in
        assert case.built is not None
        case.built(out)
        return
    for command, run in (("check", check), ("build", build)):
        assert run.result.returncode != 0, f"{command} passed:\n{run.output}"
        for expected in case.expect:
            assert expected in run.output, f"{command}: {expected!r} not in:\n{run.output[-3000:]}"
        assert "fix:" in run.output
        named = set(re.findall(r"^error: (\S+?)(?::\d+)?:", run.output, re.M))
        assert named == {case.file}, f"{command} names {named}, expected only {case.file}"


# --- limits of the loader at the largest file it reads ---------------------------------------

def test_unclosed_markers_at_the_size_cap_stay_linear() -> None:
    """As many markers as fit in the 512 KB cap: the body scan must not be quadratic."""
    head = story_text(body="\n")
    count = (frontmatter.MAX_FILE_BYTES - len(head)) // len("<!-- answer: x -->\n")
    data = _story(head + "<!-- answer: x -->\n" * count)
    assert len(data) <= frontmatter.MAX_FILE_BYTES
    problems = loader_budget(data)
    assert len(problems) == count


def test_a_file_over_the_size_cap_is_refused_unread() -> None:
    data = _story(story_text(body="x" * frontmatter.MAX_FILE_BYTES))
    problems = loader_budget(data)
    assert len(problems) == 1 and "a story is at most 512 KB" in problems[0]


def test_no_front_matter_payload_ran() -> None:
    """Every case above ran; none of them wrote the SSTI marker file."""
    assert not PWNED.exists()


# --- 10. titles through `new` --------------------------------------------------------------

NEW_TITLES = {
    "backticks": ("Fixed `rm -rf /` in CI", "fixed-rm-rf-in-ci"),
    "semicolon-and-subshell": ("Cut costs; $(touch /tmp/portfolio-new-pwned) && id", None),
    "quotes": ("He said \"ship it\" and 'roll back'", "he-said-ship-it-and-roll-back"),
    "dollar-home": ("Moved $HOME and ${PATH} to the cloud", "moved-home-and-path-to-the-cloud"),
    "jinja": ("{{ 7*7 }} ways to {% raw %}win", "7-7-ways-to-raw-win"),
    "accent": ("Café", "cafe"),
    "emoji-with-slug": ("🚀🔥", "rocket"),
}


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Run], Run]:
    """One fixture site, every title written through `new`, then built once."""
    tmp = tmp_path_factory.mktemp("new-titles")
    site = make_fixture_site(tmp, {})
    runs = {}
    for case, (title, slug) in NEW_TITLES.items():
        extra = ("--slug", slug) if case == "emoji-with-slug" else ()
        runs[case] = timed_cli("new", "--root", str(site), *extra, "--", title)
    build = timed_cli("build", "--root", str(site), "--site-dir", str(site / "site"))
    return site, runs, build


@pytest.mark.parametrize("case", list(NEW_TITLES))
def test_new_writes_the_title_literally_and_the_build_shows_it(case: str, new_site) -> None:
    site, runs, build = new_site
    title, slug = NEW_TITLES[case]
    run = runs[case]
    assert run.result.returncode == 0, run.output
    assert "Traceback" not in run.output and run.seconds < COMMAND_SECONDS
    slug = slug or re.search(r"stories/([a-z0-9-]+)\.md", run.output).group(1)
    path = site / "docs" / "stories" / f"{slug}.md"
    assert path.is_file(), run.output
    meta = yaml.safe_load(frontmatter.split(path.read_text(encoding="utf-8")).yaml_text)
    assert meta["title"] == title
    assert not Path("/tmp/portfolio-new-pwned").exists()
    assert build.result.returncode == 0, build.output
    page = _soup(site / "site" / "stories" / slug / "index.html")
    assert page.title.get_text() == f"{title} - Interview Portfolio"
    assert page.find("h1").get_text(strip=True) == title
    assert _in_nav(title, page)


@pytest.mark.parametrize(("title", "expect"), [
    pytest.param("🚀🔥", ("has no letters or digits", "--slug"), id="emoji-only"),
    pytest.param("A" * 300, ("the title is 300 characters",), id="300-characters"),
    pytest.param("   ", ("give a title",), id="blank"),
])
def test_new_refuses_a_title_it_cannot_use(title: str, expect: tuple[str, ...], tmp_path: Path) -> None:
    site = make_fixture_site(tmp_path, {})
    before = tree(site / "docs")
    run = timed_cli("new", "--root", str(site), "--", title)
    assert run.result.returncode != 0
    for expected in expect:
        assert expected in run.output, run.output
    assert "Traceback" not in run.output and run.seconds < COMMAND_SECONDS
    assert tree(site / "docs") == before, "a refused title wrote a file"


def test_makefile_passes_title_through_the_environment() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^new:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert '-- "$$PORTFOLIO_TITLE"' in recipe and "$(TITLE)" not in recipe
    assert "new: export PORTFOLIO_TITLE = $(value TITLE)" in makefile
    assert "new: export PORTFOLIO_SLUG = $(value SLUG)" in makefile


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("variable", ["TITLE", "SLUG"])
def test_make_new_hands_hostile_text_to_the_cli_unchanged(variable: str, tmp_path: Path) -> None:
    """Run the real `new` recipe with a stand-in CLI that records its arguments: make must not
    expand or run anything in TITLE or SLUG (a `$(shell ...)` in them is text)."""
    for name in ("requirements.lock", "pyproject.toml"):
        (tmp_path / name).write_text("", encoding="utf-8")
    stamp = tmp_path / "stamp"
    stamp.write_text("", encoding="utf-8")
    record = tmp_path / "args.json"
    fake = tmp_path / "fake-cli"
    fake.write_text(f"#!{sys.executable}\nimport json, sys\njson.dump(sys.argv[1:], open({str(record)!r}, 'w'))\n",
                    encoding="utf-8")
    fake.chmod(0o755)
    marker = tmp_path / "make-pwned"
    hostile = f"`touch {marker}`; $(shell touch {marker}) $$(touch {marker}) $HOME \"q\" 'q' {{{{ 7*7 }}}}"
    values = {"TITLE": "A title", "SLUG": "a-slug", variable: hostile}
    result = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path), "new",
         *(f"{k}={v}" for k, v in values.items()), f"CLI={fake}", f"STAMP={stamp}"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    argv = json.loads(record.read_text(encoding="utf-8"))
    assert argv[argv.index("--") + 1:] == [values["TITLE"]], argv
    assert argv[argv.index("--slug") + 1] == values["SLUG"], argv
    assert not marker.exists(), f"make ran a command from {variable}"


# --- 11. a diagram script that hangs and leaves a child behind -------------------------------

def _sleepers(tag: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if tag.encode() in cmdline.split(b"\0"):
            found.append(int(proc.name))
    return found


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize(("tail", "expect"), [
    pytest.param("time.sleep(600)\n", "did not finish within 2 s", id="hangs-past-timeout"),
    pytest.param("raise SystemExit(3)\n", "failed", id="exits-leaving-child"),
])
def test_diagram_script_and_its_children_are_stopped(tail: str, expect: str, tmp_path: Path) -> None:
    tag = str(987_000 + os.getpid() % 1000)  # a sleep duration no other process uses
    diagrams = tmp_path / "diagrams"
    diagrams.mkdir()
    (diagrams / "hang.py").write_text(
        '"""Hang\n\nA script that never draws.\n"""\nimport subprocess, time\n'
        f'subprocess.Popen(["sleep", "{tag}"])\ntime.sleep(0.2)\n' + tail,
        encoding="utf-8",
    )
    started = time.perf_counter()
    with pytest.raises(DiagramError) as raised:
        figures.render_all(diagrams, tmp_path / "out", timeout=2)
    assert time.perf_counter() - started < 2 + 15
    assert "hang.py" in str(raised.value) and expect in str(raised.value)
    deadline = time.monotonic() + 5
    while _sleepers(tag) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _sleepers(tag)
    for pid in left:  # clean up before failing
        os.kill(pid, 9)
    assert not left, f"`sleep {tag}` outlived the diagram script: pids {left}"
