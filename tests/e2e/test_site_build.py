"""End-to-end builds: small fixture sites for failure modes, and the real portfolio."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from interview_portfolio.rendering import formatting
from interview_portfolio.stories.loader import load_index
from interview_portfolio.stories.vocabulary import build_vocabulary

from tests.support import ROOT, VALID_FRONT_MATTER, make_fixture_site, mkdocs_build, story_text

pytestmark = pytest.mark.e2e


def html(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


# --- fixture sites -------------------------------------------------------------------------

def test_injected_script_is_escaped_in_built_html(tmp_path):
    fm = VALID_FRONT_MATTER.replace("Why not batch?", "Why <script>alert('x')</script> not batch?")
    site = make_fixture_site(tmp_path, {"ingest": story_text(fm)})
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "stories" / "ingest" / "index.html").read_text()
    assert "<script>alert('x')</script>" not in page
    assert "Why &lt;script&gt;alert('x')&lt;/script&gt; not batch?" in page


def test_broken_macro_fails_the_build_naming_page_and_name(tmp_path):
    body = "# T\n\n{{ metric('p95_latncy') }}\n"
    site = make_fixture_site(tmp_path, {"ingest": story_text(body=body).replace('["#result"]', "[]")})
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0
    assert "stories/ingest.md: metric(): unknown metric 'p95_latncy'" in result.stderr
    assert "did you mean 'p95_latency'" in result.stderr


def test_undefined_variable_fails_the_build(tmp_path):
    site = make_fixture_site(tmp_path, {}, pages={"other.md": "# O\n\n{{ not_defined }}\n"})
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0 and "not_defined" in result.stderr


def test_invalid_story_fails_the_build_with_the_problem(tmp_path):
    site = make_fixture_site(tmp_path, {"ingest": story_text(VALID_FRONT_MATTER.replace("metrics:", "metircs:"))})
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(r"docs/stories/ingest.md:\d+: metircs: unknown key `metircs`", result.stderr)


def test_code_blocks_with_jinja_syntax_render_as_written(tmp_path):
    page = """\
    # CI

    ```yaml
    token: ${{ secrets.DEPLOY_TOKEN }}
    {% if x %}y{% endif %}
    ```

    Inline: `${{ github.sha }}`.
    """
    site = make_fixture_site(tmp_path, {}, pages={"ci.md": page})
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    text = html(tmp_path / "out", "ci/index.html").get_text()
    assert "token: ${{ secrets.DEPLOY_TOKEN }}" in text
    assert "{% if x %}y{% endif %}" in text
    assert "${{ github.sha }}" in text


def test_a_page_left_without_tags_keeps_what_jinja_gave_it(tmp_path):
    """A page whose every call is made before Jinja is not compiled (macro_table.without_jinja):
    its title is still rendered when it looks like a template, and the page's own
    ``render_macros`` is honoured."""
    prose = "Plain prose that Jinja need not read, long enough to be set aside as text. " * 3
    pages = {
        "titled.md": f"""\
        ---
        title: "Score {{{{ 40 + 2 }}}}"
        ---

        # Heading

        {prose}
        """,
        "calls.md": f"# Calls\n\n{prose}\n\n{{{{ story_list() }}}}\n",
        "off.md": f"""\
        ---
        render_macros: false
        ---

        # Off

        {prose} {{{{ not_rendered }}}}
        """,
    }
    site = make_fixture_site(tmp_path, {"ingest": story_text()}, pages=pages)
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    # mkdocs-macros renders a title that looks like a template; the nav then shows it.
    assert any("Score 42" in page.read_text(encoding="utf-8") for page in out.rglob("*.html"))
    calls = html(out, "calls/index.html")
    assert "Scaled the ingest pipeline" in calls.get_text() and prose.strip() in calls.get_text()
    assert "{{ not_rendered }}" in html(out, "off/index.html").get_text()


# --- the real portfolio --------------------------------------------------------------------

def real_index():
    return load_index(ROOT / "docs", build_vocabulary(None))


def page_for(site: Path, src_path: str) -> BeautifulSoup:
    return html(site, src_path.removesuffix(".md") + "/index.html")


def test_every_story_is_built_with_its_numbers(built_site):
    index = real_index()
    assert len(index.stories) >= 5
    for story in index.stories.values():
        soup = page_for(built_site, story.src_path)
        assert soup.title.get_text().startswith(story.title)
        text = soup.get_text(" ")
        for metric in story.meta.metrics:
            assert formatting.headline(metric) in text, (story.slug, metric.id)
        for follow_up in story.meta.follow_ups:
            assert follow_up.question in text, (story.slug, follow_up.question)
        assert "Macro Rendering Error" not in text


SEED_NUMBERS = {
    "bsp-most-proud": ["40+", "99.99%", "−70%", "$350K", "−18%", "−20%", "+30%", "18 months", "+12%", "40%"],
    "conflict-with-manager": ["70", "30", "−15%", "+10%", "+20%"],
    "conflict-with-colleague": ["30%", "25 ms", "+20%"],
    "speech-feedback-deep-dive": [
        "900 ms → 320 ms", "1.8 s", "590 ms", "99.96%", "−42%", "−28%", "+11%", "+17%", "+3.1",
        "500 ms", "99.95%", "128", "67", "88", "0.0065", "16,000", "$0.02", "38%", "+8",
    ],
    "streaming-x-outline": ["1B+", "7"],
}


@pytest.mark.parametrize("slug", sorted(SEED_NUMBERS))
def test_seed_numbers_are_on_the_pages(built_site, slug):
    story = real_index().stories[slug]
    text = page_for(built_site, story.src_path).get_text(" ")
    missing = [n for n in SEED_NUMBERS[slug] if n not in text]
    assert not missing, f"{slug} lost numbers from the notes: {missing}"


def test_portfolio_views_appear_with_working_links(built_site):
    home = html(built_site, "index.html")
    assert home.select(".pf-dashboard table"), "dashboard missing from the home page"
    dashboard_links = [a["href"] for a in home.select(".pf-dashboard a")]
    assert dashboard_links and all("#metric-" in h for h in dashboard_links)
    for href in dashboard_links:
        target, anchor = href.split("#")
        assert html(built_site, target + "index.html").find(id=anchor), href
    matrix = html(built_site, "views/competency-matrix/index.html")
    assert matrix.select(".pf-matrix table")
    bank = html(built_site, "views/question-bank/index.html")
    assert "Follow-ups by theme" in bank.get_text()
    packet = html(built_site, "interviewer/index.html").get_text(" ")
    assert "Listen for" in packet and "Rubric" in packet


def test_interviewer_packet_leaves_answers_out(built_site):
    packet = html(built_site, "interviewer/index.html")
    text = packet.get_text(" ")
    index = real_index()
    for story in index.public():
        for follow_up in story.meta.follow_ups:
            if story in index.portfolio():
                assert follow_up.question in text
            first_words = " ".join(follow_up.answer.split()[:8])
            assert first_words not in text, (story.slug, first_words)
    assert not packet.select("article a[href*='stories/']")


def test_follow_up_backing_links_resolve(built_site):
    for story in real_index().stories.values():
        soup = page_for(built_site, story.src_path)
        for a in soup.select(".pf-followups a[href]"):
            href = a["href"]
            path, _, anchor = href.partition("#")
            target = (built_site / story.src_path.removesuffix(".md") / path / "index.html") if path else None
            doc = BeautifulSoup(target.read_text(), "html.parser") if target else soup
            assert not anchor or doc.find(id=anchor), f"{story.slug}: {href}"


def test_no_page_requests_the_network(built_site):
    offenders = []
    for page in built_site.rglob("*.html"):
        for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(["script", "link", "img"]):
            url = tag.get("src") or tag.get("href") or ""
            remote = re.match(r"^(https?:)?//", url)
            if remote and (tag.name != "link" or "stylesheet" in (tag.get("rel") or [])):
                offenders.append((page.relative_to(built_site), url))
    assert not offenders
    assert "fonts.googleapis" not in "".join(p.read_text() for p in built_site.rglob("*.html"))


def test_a_view_stylesheet_is_linked_only_where_the_view_is(built_site):
    """Render-blocking CSS: the scorecard and drill styles are not fetched by every page."""
    def sheets(page: str) -> list[str]:
        links = html(built_site, page).find_all("link", rel="stylesheet")
        return [Path(link["href"]).name for link in links if link.get("media") != "print"]

    assert sheets("interviewer/index.html").count("scorecard.css") == 1
    assert sheets("practice/drill/index.html").count("drill.css") == 1
    for page in ("index.html", "stories/bsp-most-proud/index.html", "views/question-bank/index.html"):
        assert not {"scorecard.css", "drill.css"} & set(sheets(page)), page
        assert {"portfolio.css", "cards.css", "readiness.css"} <= set(sheets(page)), page


def test_no_script_holds_up_the_first_paint(built_site):
    """Material's bundle and ours are deferred (overrides/main.html): none blocks the parser."""
    blocking = []
    for page in built_site.rglob("*.html"):
        scripts = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("script", src=True)
        blocking += [(page.relative_to(built_site), s["src"]) for s in scripts if not s.has_attr("defer") and not s.has_attr("async")]
        if page.name == "index.html" and not page.relative_to(built_site).as_posix().startswith("assets/"):
            assert any("bundle." in s["src"] and s.has_attr("defer") for s in scripts), page
    assert not blocking


def test_guide_page_shows_github_actions_snippet_verbatim(built_site):
    text = html(built_site, "guide/writing-stories/index.html").get_text()
    assert "TOKEN: ${{ secrets.DEPLOY_TOKEN }}" in text and "{{ metric('id') }}" in text


def test_unknown_competency_in_a_macro_fails_the_build(tmp_path):
    site = make_fixture_site(tmp_path, {"ingest": story_text()}, pages={"c.md": "# C\n\n{{ stories_for('Resolving Conflict') }}\n"})
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0
    assert "c.md: stories_for(): unknown competency 'Resolving Conflict'" in result.stderr
    assert "did you mean 'Resolving Conflicts'" in result.stderr


def test_examples_stay_out_of_portfolio_views(built_site):
    """An example's numbers (a template, someone else's story) are not the candidate's: not on the dashboard or packet."""
    index = real_index()
    examples = [s for s in index.public() if s.example]
    assert examples, "the shipped portfolio has example stories"
    home = html(built_site, "index.html").select_one("article").get_text(" ")
    packet = html(built_site, "interviewer/index.html").select_one("article").get_text(" ")
    for story in examples:
        assert story.title not in packet
        for metric in story.meta.metrics:
            if metric.headline:
                assert metric.label not in home, (story.slug, metric.label)
