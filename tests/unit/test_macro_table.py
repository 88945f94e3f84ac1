"""macro_table.prepare_page / finish_page: what Jinja is given of a page, and what comes back."""

from __future__ import annotations

import random
from pathlib import Path

import jinja2
import pytest
from interview_portfolio import macro_table
from interview_portfolio.settings import from_extra
from interview_portfolio.site import SiteBuild
from interview_portfolio.stories.loader import load_index

PROSE = "Prose that Jinja need not read, long enough to be set aside as a run of plain text. " * 2


@pytest.fixture
def build(tmp_path: Path) -> SiteBuild:
    docs = tmp_path / "docs"
    (docs / "stories").mkdir(parents=True)
    settings = from_extra({"portfolio": {}}, "me")
    return SiteBuild(tmp_path, docs, settings, load_index(docs, settings.vocabulary), [], tmp_path / "cache")


@pytest.fixture
def env() -> tuple[jinja2.Environment, list[tuple]]:
    calls: list[tuple] = []
    environment = jinja2.Environment(comment_start_string="{##", comment_end_string="##}")
    environment.globals["metric"] = lambda ref: calls.append(("metric", ref)) or f"<b>{ref}</b>"
    environment.globals["story_header"] = lambda: calls.append(("story_header",)) or "HEADER {{ not run }}"
    return environment, calls


def rendered(build: SiteBuild, environment: jinja2.Environment, template: str, **variables) -> str:
    return macro_table.finish_page(build, environment.from_string(template).render(**variables))


def test_plain_calls_are_made_in_order_and_jinja_gets_no_tag(build, env):
    environment, calls = env
    page = f"# Page\n\n{{{{ story_header() }}}}\n\n{PROSE}\nUptime {{{{ metric('uptime') }}}}.\n"
    template = macro_table.prepare_page(build, "guide.md", page, environment, {})
    assert "{{" not in template and PROSE.strip() not in template
    assert calls == [("story_header",), ("metric", "uptime")]
    assert rendered(build, environment, template) == (
        f"# Page\n\nHEADER {{{{ not run }}}}\n\n{PROSE}\nUptime <b>uptime</b>."  # Jinja drops the last newline
    )


def test_a_name_the_page_defines_is_left_to_jinja(build, env):
    environment, calls = env
    page = f"{PROSE}\n{{{{ metric('uptime') }}}}\n"
    template = macro_table.prepare_page(build, "guide.md", page, environment, {}, {"metric": "from meta"})
    assert "{{ metric('uptime') }}" in template and calls == []


def test_a_page_mkdocs_macros_does_not_render_is_left_as_it_is(build, env):
    environment, calls = env
    page = f"{PROSE}\n{{{{ metric('uptime') }}}}\n"
    assert macro_table.prepare_page(build, "guide.md", page, environment, {}, renders=False) == page
    assert calls == []


# --- pages with nothing left for Jinja ------------------------------------------------------------

@pytest.mark.parametrize("start", ["{{", "{%", "{##"])
def test_any_tag_opening_needs_jinja(env, start):
    environment, _ = env
    assert macro_table.needs_jinja(f"text {start} more", environment)
    assert not macro_table.needs_jinja("text { # } % more {#", environment)  # {# is not this site's comment
    assert macro_table.needs_jinja("plain", jinja2.Environment(line_statement_prefix="%%"))


def test_a_page_without_tags_comes_out_as_jinja_would_render_it():
    """Differential: random tag-free pages, newline styles and Jinja's newline settings."""
    rng = random.Random(20261123)
    pieces = ["text", " ", "\n", "\r\n", "\r", "\n\n", "}}", "%}", "{ {", "# x", "\t", "é", "pfkept"]
    settings = [{}, {"keep_trailing_newline": True}, {"newline_sequence": "\r\n"},
                {"keep_trailing_newline": True, "newline_sequence": "\r"}]
    compared = 0
    for _ in range(400):
        page = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        for options in settings:
            environment = jinja2.Environment(**options)
            if macro_table.needs_jinja(page, environment):  # pieces can meet as `{{` or `{#`
                continue
            assert macro_table.without_jinja(page, environment, {}) == environment.from_string(page).render(), (page, options)
            compared += 1
    assert compared > 1000


@pytest.mark.parametrize("meta", [{}, {"render_macros": True}, {"title": "T"}])
def test_the_render_switch_is_off_for_the_render_step_only(meta):
    before = dict(meta)
    macro_table.without_jinja("page", jinja2.Environment(), meta)
    assert meta["render_macros"] is False  # what mkdocs-macros reads: the page is handed on as it is
    macro_table.restore_render_flag(meta)
    assert meta == before
    macro_table.restore_render_flag(meta)  # a page that was rendered: nothing to restore
    assert meta == before
