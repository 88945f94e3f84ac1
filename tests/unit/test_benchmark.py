"""The benchmark's pure parts: portfolio generation, the Material-alone variant, the report table."""

from __future__ import annotations

import pytest
import yaml
from interview_portfolio.bench import generate as gen
from interview_portfolio.bench import report

SHIPPED = ["alpha", "beta", "gamma"]

STORY = """\
---
title: "Alpha: the big one"
kind: star
related:
  - beta
  - gamma
follow_ups:
  - question: Why?
    group: Design
    answer: Because.
    backed_by: ["#result", "beta#action", "gamma", "diagram:flow"]
  - id: scale
    question: How would it scale?
    group: Scale
    answer: Shards.
---

# Alpha: the big one { #top }

{{ story_header() }}

See [Beta](beta.md#action) and [Gamma](gamma.md), and [the guide](../guide/writing.md).
Beta quoted {{ metric('beta:latency') }} and alpha {{ metric("alpha:cost") }}.

## Result
"""


def test_plan_cycles_through_shipped_stories_with_unique_slugs():
    planned = gen.plan_portfolio(SHIPPED, 7)
    assert [p.slug for p in planned] == [
        "alpha", "beta", "gamma", "alpha-copy1", "beta-copy1", "gamma-copy1", "alpha-copy2",
    ]
    assert [p.copy for p in planned] == [0, 0, 0, 1, 1, 1, 2]
    assert len({p.slug for p in gen.plan_portfolio(SHIPPED, 1000)}) == 1000


@pytest.mark.parametrize("size", [0, -1])
def test_plan_rejects_empty_portfolios(size):
    with pytest.raises(ValueError):
        gen.plan_portfolio(SHIPPED, size)


def test_resolver_prefers_same_copy_then_shipped_then_drops():
    planned = gen.plan_portfolio(SHIPPED, 5)  # alpha, beta, gamma, alpha-copy1, beta-copy1
    resolve = gen.resolver(planned, 1)
    assert resolve("beta") == "beta-copy1"
    assert resolve("gamma") == "gamma"
    assert gen.resolver(gen.plan_portfolio(SHIPPED, 1), 0)("beta") is None


def test_copy_zero_keeps_the_story_and_its_references():
    planned = gen.plan_portfolio(SHIPPED, 3)
    text = gen.clone_story(STORY, "alpha", 0, gen.resolver(planned, 0), set(SHIPPED))
    meta, body = gen.split_front_matter(text)
    original_meta, original_body = gen.split_front_matter(STORY)
    assert meta == original_meta
    assert body == original_body


def test_clone_gets_unique_title_heading_follow_ups_and_consistent_references():
    planned = gen.plan_portfolio(SHIPPED, 5)  # beta has a copy 1, gamma does not
    text = gen.clone_story(STORY, "alpha-copy1", 1, gen.resolver(planned, 1), set(SHIPPED))
    meta, body = gen.split_front_matter(text)
    assert meta["title"] == "Alpha: the big one (copy 1)"
    assert meta["related"] == ["beta-copy1", "gamma"]
    first, second = meta["follow_ups"]
    assert first["question"] == "Why? (copy 1)"
    assert first["backed_by"] == ["#result", "beta-copy1#action", "gamma", "diagram:flow"]
    assert second["id"] == "scale-copy1"
    assert "# Alpha: the big one (copy 1) { #top }" in body
    assert "[Beta](beta-copy1.md#action)" in body
    assert "[Gamma](gamma.md)" in body
    assert "[the guide](../guide/writing.md)" in body
    assert "metric('beta-copy1:latency')" in body
    assert 'metric("alpha-copy1:cost")' in body  # a copy quotes its own metrics
    assert "{{ story_header() }}" in body


def test_references_to_stories_not_generated_are_dropped():
    planned = gen.plan_portfolio(SHIPPED, 1)  # alpha only
    text = gen.clone_story(STORY, "alpha", 0, gen.resolver(planned, 0), set(SHIPPED))
    meta, body = gen.split_front_matter(text)
    assert meta["related"] == []
    assert meta["follow_ups"][0]["backed_by"] == ["#result", "diagram:flow"]
    assert "See Beta and Gamma," in body
    assert "{{ '(dropped)' }}" in body


def test_strip_macros_removes_expressions_and_statements_only():
    text = "# T { #t }\n\n{{ story_header() }}\nA {{ metric('x') }} b.\n{% for s in x %}\n- {{ s }}\n{% endfor %}\n"
    assert gen.strip_macros(text) == "# T { #t }\n\n\nA  b.\n\n- \n\n"


def test_story_nav_lists_stories_by_kind_then_path():
    nav = [{"Home": "index.md"}, {"Stories": "stories/index.md"}, {"Guide": "guide.md"}]
    stories = [
        gen.GeneratedStory("z", "stories/z.md", "Z", "star"),
        gen.GeneratedStory("a", "stories/a.md", "A", "outline"),
        gen.GeneratedStory("b", "stories/b.md", "B", "star"),
    ]
    assert gen.story_nav(nav, stories, "stories") == [
        {"Home": "index.md"},
        {"Stories": ["stories/index.md", {"B": "stories/b.md"}, {"Z": "stories/z.md"}, {"A": "stories/a.md"}]},
        {"Guide": "guide.md"},
    ]


def test_material_config_inherits_the_project_without_macros():
    project = gen.read_config(
        "plugins:\n  - search\n  - macros:\n      module_name: macros\n"
        "nav:\n  - Stories: stories/index.md\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    config = yaml.safe_load(gen.material_config(project, [gen.GeneratedStory("a", "stories/a.md", "A", "star")]))
    assert config == {
        "INHERIT": "mkdocs.yml",
        "plugins": ["search"],
        "hooks": [],
        "nav": [{"Stories": ["stories/index.md", {"A": "stories/a.md"}]}],
    }


def test_write_portfolio_builds_a_consistent_tree(tmp_path):
    template = tmp_path / "template"
    (template / "docs" / "stories").mkdir(parents=True)
    (template / "mkdocs.yml").write_text("nav:\n  - Stories: stories/index.md\n", encoding="utf-8")
    (template / "docs" / "stories" / "index.md").write_text("# Stories\n", encoding="utf-8")
    (template / "docs" / "index.md").write_text("[Alpha](stories/alpha.md) [Gamma](stories/gamma.md)\n", encoding="utf-8")
    (template / "docs" / "stories" / "alpha.md").write_text(STORY, encoding="utf-8")
    (template / "docs" / "stories" / "beta.md").write_text("---\ntitle: Beta\nkind: outline\n---\n# Beta\n", encoding="utf-8")
    (template / "diagrams").mkdir()
    stories = gen.write_portfolio(template, tmp_path / "out", 3)
    files = sorted(p.name for p in (tmp_path / "out" / "docs" / "stories").glob("*.md"))
    assert files == ["alpha-copy1.md", "alpha.md", "beta.md", "index.md"]
    assert [s.slug for s in stories] == ["alpha", "beta", "alpha-copy1"]
    assert (tmp_path / "out" / "diagrams").is_dir()
    assert (tmp_path / "out" / "docs" / "index.md").read_text(encoding="utf-8") == "[Alpha](stories/alpha.md) [Gamma](stories/gamma.md)\n"
    material = gen.write_material_variant(tmp_path / "out", tmp_path / "material", stories)
    assert "{{" not in (tmp_path / "material" / "docs" / "stories" / "alpha.md").read_text(encoding="utf-8")
    assert yaml.safe_load(material.read_text(encoding="utf-8"))["nav"][0]["Stories"] == [
        "stories/index.md",
        {"Alpha: the big one (copy 1)": "stories/alpha-copy1.md"},  # same order as the project's nav
        {"Alpha: the big one": "stories/alpha.md"},
        {"Beta": "stories/beta.md"},
    ]


# --- report ---------------------------------------------------------------------------------------

def site(story_bytes: int, over: int = 0, index_bytes: int = 1000) -> report.SiteStats:
    return report.SiteStats(10, "views/q/index.html", 200_000, "stories/a/index.html", story_bytes, over, index_bytes)


def test_ratio_target_applies_at_10_and_100_only():
    fast = report.SizeResult(10, report.BuildStats([1.0, 1.4, 1.2], [50_000] * 3, [2.0, 2.2, 2.1]),
                             report.BuildStats([1.0, 0.9, 1.1], [40_000] * 3, [1.0, 1.1, 1.2]))
    assert fast.ratio == pytest.approx(1.2)
    assert fast.cpu_ratio == pytest.approx(2.1 / 1.1)
    rows = {r.figure: r for r in report.size_rows(fast)}
    assert rows["10 stories: ratio project / Material"].verdict == "PASS"
    slow = report.SizeResult(1000, report.BuildStats([200.0], [900_000]), report.BuildStats([50.0], [400_000]))
    rows = {r.figure: r for r in report.size_rows(slow)}
    assert rows["1000 stories: ratio project / Material"].verdict == ""
    assert rows["1000 stories: build, project (median of 1 (of 3 asked))"].verdict == "MISS"


def test_first_build_is_shown_beside_the_warm_figures_without_a_verdict():
    result = report.SizeResult(10, report.BuildStats([1.0, 1.2, 1.1], [1024] * 3),
                               report.BuildStats([0.8, 0.8, 0.8], [1024] * 3), first_build_seconds=1.32)
    rows = {r.figure: r for r in report.size_rows(result)}
    first = rows["10 stories: first build, project (story cache cold, 1 run)"]
    assert (first.value, first.target, first.verdict) == ("1.32 s = 1.65x Material", "", "")
    assert rows["10 stories: ratio project / Material"].value == "1.38x"  # the warm median's ratio
    no_first = {r.figure for r in report.size_rows(report.SizeResult(10, report.BuildStats([1.0], [1024])))}
    assert not any("first build" in figure for figure in no_first)


def test_large_portfolio_page_and_index_targets():
    result = report.SizeResult(1000, report.BuildStats([100.0], [1024], site=site(90 * 1024, 0, 6 * report.MB)), runs_requested=1)
    rows = {r.figure: r for r in report.size_rows(result)}
    assert rows["1000 stories: largest story page"].verdict == "PASS"
    assert rows["1000 stories: search index"].verdict == "MISS"
    assert rows["1000 stories: search index"].value == "6.00 MB"
    assert rows["1000 stories: build, project (median of 1)"].verdict == "PASS"


def test_reload_and_pdf_targets():
    assert report.reload_row(report.ReloadResult(10, "story edit", 0.8, 1)).verdict == "PASS"
    assert report.reload_row(report.ReloadResult(100, "story edit", 3.2, 1)).verdict == "MISS"
    assert report.reload_row(report.ReloadResult(100, "diagram edit (x.py)", 1.0, 2)).value == "1.00 s, 2 builds"
    assert report.pdf_rows(report.PdfResult(2.0, 2.5, 100.0))[-1].verdict == "PASS"


def test_pdf_rows_tell_cold_from_warm():
    rows = {r.figure: r for r in report.pdf_rows(report.PdfResult(2.0, 3.5, 100.0, 6.0, 5.2, 1.8))}
    assert rows["shipped portfolio: make pdf, cold (print-pdfs --build)"].value == "5.20 s"
    assert rows["shipped portfolio: make pdf, cold (print-pdfs --build)"].verdict == "MISS"  # the target is on cold
    assert rows["shipped portfolio: print-pdfs, cold (no PDF cached)"].value == "3.50 s (cpu 6.00 s, peak 100 MB)"
    assert rows["shipped portfolio: make pdf again, nothing changed (warm)"].value == "1.80 s"


def test_table_and_json_hold_every_row():
    results = report.Results(5, 1.5, sizes=[report.SizeResult(10, report.BuildStats([1.0], [1024]))],
                             reloads=[report.ReloadResult(10, "story edit", 0.5, 1)], notes=["a note"])
    table = report.format_table(report.all_rows(results))
    assert "10 stories: reload after story edit" in table and "PASS" in table
    data = report.as_json(results)
    assert data["sizes"][0]["project"]["median_seconds"] == 1.0
    assert len(data["rows"]) == len(report.all_rows(results))


def test_load_warning_only_when_the_machine_was_busy():
    quiet = report.Results(5, 1.0, (0.5, 0.4, 0.3), (1.0, 0.8, 0.5), cpus=2)
    busy = report.Results(5, 1.0, (0.5, 0.4, 0.3), (7.8, 10.8, 7.8), cpus=2)
    assert report.load_warning(quiet) == ""
    assert "10.8 on 2 CPUs" in report.load_warning(busy)
