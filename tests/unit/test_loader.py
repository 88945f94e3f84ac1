"""Unit tests of the story model and loader: a valid story, and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from interview_portfolio.stories import frontmatter
from interview_portfolio.stories.body import scan
from interview_portfolio.stories.loader import load_index, parse_story
from interview_portfolio.stories.vocabulary import build_vocabulary

from tests.support import VALID_BODY, VALID_FRONT_MATTER, story_text, write_story

VOCAB = build_vocabulary(None)


def load(docs: Path, diagrams=("bsp",)):
    return load_index(docs, VOCAB, diagram_names=list(diagrams))


def only_problem(docs: Path):
    index = load(docs)
    assert len(index.problems) == 1, [str(p) for p in index.problems]
    return index.problems[0]


def test_valid_story_loads_with_sections(docs):
    write_story(docs, "ingest", story_text())
    index = load(docs)
    assert index.problems == []
    story = index.stories["ingest"]
    assert story.meta.kind == "star"
    assert [m.id for m in story.meta.metrics] == ["p95_latency", "cost", "uptime"]
    assert {"situation", "result", "results-in-numbers"} <= story.anchors
    assert story.meta.target_seconds == 120  # the notes' 2-minute default


def test_material_keys_keep_working(docs):
    fm = VALID_FRONT_MATTER + "tags: [streaming]\nhide: [toc]\nicon: material/star\nstatus: new\n"
    write_story(docs, "ingest", story_text(fm))
    assert load(docs).problems == []


def test_malformed_yaml_names_file_and_line(docs):
    write_story(docs, "broken", story_text(VALID_FRONT_MATTER + "role: [unclosed\n"))
    problem = only_problem(docs)
    assert problem.file == "docs/stories/broken.md"
    assert "not valid YAML" in problem.message and problem.line == 41
    assert str(problem).startswith("error: docs/stories/broken.md:41: ")


def test_missing_required_field(docs):
    write_story(docs, "nokind", story_text(VALID_FRONT_MATTER.replace("kind: star\n", "")))
    problem = only_problem(docs)
    assert (problem.field, problem.message) == ("kind", "required field is missing")
    assert "kind: star" in problem.fix


def test_wrong_type_text_for_number(docs):
    write_story(docs, "typed", story_text(VALID_FRONT_MATTER.replace("before: 900", "before: fast")))
    problem = only_problem(docs)
    assert problem.field == "metrics[0].before"
    assert "expected a number" in problem.message and "'fast'" in problem.message


def test_unknown_key_suggests_the_right_one(docs):
    write_story(docs, "typo", story_text(VALID_FRONT_MATTER.replace("metrics:", "metircs:")))
    problem = only_problem(docs)
    assert problem.field == "metircs"
    assert "did you mean 'metrics'?" in problem.fix


def test_unknown_key_in_nested_metric(docs):
    write_story(docs, "typo", story_text(VALID_FRONT_MATTER.replace("    window: 30 days", "    windw: 30 days")))
    problem = only_problem(docs)
    assert problem.field == "metrics[0].windw"
    assert "did you mean 'window'?" in problem.fix


def test_unknown_competency(docs):
    write_story(docs, "comp", story_text(VALID_FRONT_MATTER.replace("Driving Results,", "Driving Result,")))
    problem = only_problem(docs)
    assert problem.field == "competencies"
    assert "'Driving Result'" in problem.message and "did you mean 'Driving Results'" in problem.message
    assert "Embracing Ambiguity" in problem.fix


def test_configured_vocabulary_replaces_default(docs):
    write_story(docs, "comp", story_text())
    index = load_index(docs, build_vocabulary(["Driving Results"]))
    assert [p.field for p in index.problems] == ["competencies"]


def test_duplicate_slug_names_both_files(docs):
    write_story(docs, "a", story_text(VALID_FRONT_MATTER + "slug: same\n"))
    write_story(docs, "b", story_text(VALID_FRONT_MATTER + "slug: same\n"))
    problem = only_problem(docs)
    assert problem.file == "docs/stories/b.md" and problem.field == "slug"
    assert "docs/stories/a.md" in problem.message


def test_follow_up_link_to_missing_story(docs):
    write_story(docs, "a", story_text(VALID_FRONT_MATTER.replace('["#result"]', '["ingets"]')))
    write_story(docs, "ingest", story_text())
    problem = only_problem(docs)
    assert problem.field == "follow_ups[0].backed_by[0]"
    assert "no story has the slug 'ingets'" in problem.message and "did you mean 'ingest'" in problem.fix


def test_follow_up_link_to_missing_section(docs):
    write_story(docs, "a", story_text(VALID_FRONT_MATTER.replace('["#result"]', '["#reslt"]')))
    problem = only_problem(docs)
    assert "no section with the anchor 'reslt'" in problem.message and "#result" in problem.fix


def test_follow_up_link_to_other_story_section_and_diagram(docs):
    fm = VALID_FRONT_MATTER.replace('["#result"]', '["b#situation", "diagram:bsp", "diagram:nope"]')
    write_story(docs, "a", story_text(fm))
    write_story(docs, "b", story_text())
    problem = only_problem(docs)
    assert problem.field == "follow_ups[0].backed_by[2]" and "no diagram named 'nope'" in problem.message


def test_related_unknown_story(docs):
    write_story(docs, "a", story_text(VALID_FRONT_MATTER + "related: [missing]\n"))
    assert only_problem(docs).field == "related[0]"


@pytest.mark.parametrize("text", ["", "  \n\n"])
def test_empty_file(docs, text):
    write_story(docs, "empty", text)
    problem = only_problem(docs)
    assert problem.message == "the file is empty" and "make new" in problem.fix


def test_no_front_matter(docs):
    write_story(docs, "plain", "# Just prose\n")
    assert "no front matter" in only_problem(docs).message


def test_every_problem_is_reported_at_once(docs):
    write_story(docs, "a", "")
    write_story(docs, "b", story_text(VALID_FRONT_MATTER.replace("metrics:", "metircs:")))
    write_story(docs, "c", story_text(VALID_FRONT_MATTER.replace("kind: star", "kind: epic")))
    index = load(docs)
    assert sorted(p.file.rsplit("/", 1)[1] for p in index.errors) == ["a.md", "b.md", "c.md"]


def test_metric_needs_a_number(docs):
    fm = VALID_FRONT_MATTER.replace("    change: -20\n", "")
    write_story(docs, "a", story_text(fm))
    problem = only_problem(docs)
    assert problem.field == "metrics[1]" and "give `value`" in problem.message


def test_front_matter_delimiters():
    parts = frontmatter.split("---\na: 1\n---\nbody")
    assert (parts.yaml_text, parts.body, parts.body_line) == ("a: 1\n", "body", 4)
    assert frontmatter.split("no front matter").yaml_text is None


def test_headings_skip_code_and_honour_explicit_ids():
    body = "## Plain Title\n```\n## not a heading\n```\n## Custom { #my-id }\n    ## In a tab\n## Plain Title\n"
    assert [h.anchor for h in scan(body).headings] == ["plain-title", "my-id", "in-a-tab", "plain-title_1"]


def test_parse_story_text_without_vocabulary_accepts_any_competency():
    parsed = parse_story(story_text().encode(), "x.md", None)
    story, body, problems = parsed.meta, parsed.body, parsed.problems
    assert problems == [] and story is not None and "Situation" in body
    assert VALID_BODY.strip() in body


def test_links_to_a_story_that_failed_to_load_are_not_reported_twice(docs):
    write_story(docs, "broken", "")
    write_story(docs, "a", story_text(VALID_FRONT_MATTER.replace('["#result"]', '["broken"]') + "related: [broken]\n"))
    assert [p.file for p in load(docs).problems] == ["docs/stories/broken.md"]


def test_a_second_load_parses_only_the_files_that_changed(docs, monkeypatch):
    from interview_portfolio.stories import loader

    write_story(docs, "ingest", story_text())
    write_story(docs, "other", story_text(VALID_FRONT_MATTER.replace("Scaled the ingest", "Other")))
    first = load_index(docs, VOCAB)
    parsed = []
    real = loader.parse_story
    monkeypatch.setattr(loader, "parse_story", lambda data, file, vocabulary: parsed.append(file) or real(data, file, vocabulary))
    write_story(docs, "other", story_text(VALID_FRONT_MATTER.replace("Scaled the ingest", "Renamed")))
    second = load_index(docs, VOCAB)
    assert parsed == [f"{docs.name}/stories/other.md"]
    assert second.stories["ingest"] is first.stories["ingest"]  # unchanged: the same story
    assert second.stories["other"].title.startswith("Renamed")
    load_index(docs, build_vocabulary(["Driving Results"]))  # another vocabulary: everything again
    assert len(parsed) == 3
