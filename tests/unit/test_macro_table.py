"""macro_table.prepare_page / finish_page: what Jinja is given of a page, and what comes back."""

from __future__ import annotations

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
