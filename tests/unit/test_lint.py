"""Each check rule: one passing and one failing fixture."""

from __future__ import annotations

from interview_portfolio.stories import lint
from interview_portfolio.stories.loader import load_index
from interview_portfolio.stories.vocabulary import build_vocabulary

from tests.support import VALID_FRONT_MATTER, story_text, write_story

VOCAB = build_vocabulary(None)


def findings(docs, rule=None):
    index = load_index(docs, VOCAB)
    assert index.errors == [], [str(p) for p in index.errors]
    return [p for p in lint.lint(index) if rule is None or p.rule == rule]


def test_valid_fixture_has_no_findings(docs):
    write_story(docs, "a", story_text())
    assert findings(docs) == []


def test_fewer_than_three_numbers(docs):
    fm = VALID_FRONT_MATTER.split("  - id: cost")[0] + "follow_ups: []\n"
    write_story(docs, "a", story_text(fm))
    (p,) = findings(docs, "numbers")
    assert p.severity == "warning" and p.field == "metrics" and "at least 3" in p.message


def test_outline_may_be_sparse(docs):
    fm = VALID_FRONT_MATTER.split("  - id: cost")[0].replace("kind: star", "kind: outline") + "follow_ups: []\n"
    write_story(docs, "a", story_text(fm))
    assert findings(docs, "numbers") == []


def test_metric_without_method_or_before_after(docs):
    write_story(docs, "a", story_text(VALID_FRONT_MATTER.replace("    method: Cloud bill\n", "")))
    (p,) = findings(docs, "measured")
    assert p.field == "metrics[1] (cost)" and "method:" in p.fix


def test_deep_dive_needs_slo_hindsight_and_lessons(docs):
    fm = VALID_FRONT_MATTER.replace("kind: star", "kind: deep-dive").replace("    target: 99.9\n", "")
    write_story(docs, "a", story_text(fm))
    messages = [p.message for p in findings(docs)]
    assert any("SLOs" in m for m in messages)
    assert any("Hindsight" in m for m in messages) and any("Lessons" in m for m in messages)


def test_deep_dive_with_everything_passes(docs):
    fm = VALID_FRONT_MATTER.replace("kind: star", "kind: deep-dive")
    body = "# T\n## Result\n## Hindsight\n## Lessons learned\n"
    write_story(docs, "a", story_text(fm, body))
    assert findings(docs) == []


WORKED = """worked_examples:
  - id: cost
    title: Cost
    inputs:
      - {name: a, label: A, value: 0.7}
      - {name: b, label: B, value: 0.00043}
      - {name: c, label: C, value: 0.02}
    steps:
      - {name: blended, label: Blended, formula: "a * b + (1 - a) * c", stated: STATED}
"""


def test_worked_example_mismatch_is_reported(docs):
    write_story(docs, "a", story_text(VALID_FRONT_MATTER + WORKED.replace("STATED", "0.0065")))
    (p,) = findings(docs, "worked")
    assert p.field == "worked_examples[0].steps[0] (cost.blended)"
    assert "stated 0.0065" in p.message and "0.006301" in p.message and "3.1% off" in p.message


def test_worked_example_within_rounding_passes(docs):
    write_story(docs, "a", story_text(VALID_FRONT_MATTER + WORKED.replace("STATED", "0.0063")))
    assert findings(docs, "worked") == []


def test_same_metric_with_different_values_in_two_stories(docs):
    write_story(docs, "a", story_text())
    write_story(docs, "b", story_text(VALID_FRONT_MATTER.replace("after: 300", "after: 350")))
    (p,) = findings(docs, "contradiction")
    assert p.file == "docs/stories/b.md" and "900 ms → 350 ms" in p.message and "docs/stories/a.md" in p.message


def test_same_metric_with_same_value_is_fine(docs):
    write_story(docs, "a", story_text())
    write_story(docs, "b", story_text())
    assert findings(docs, "contradiction") == []


def test_other_system_is_not_a_contradiction(docs):
    write_story(docs, "a", story_text())
    write_story(docs, "b", story_text(VALID_FRONT_MATTER.replace("after: 300", "after: 350").replace("system: Ingest", "system: Other")))
    assert findings(docs, "contradiction") == []


def test_design_parameters_need_no_method(docs):
    fm = VALID_FRONT_MATTER.replace("    method: Cloud bill\n", "    outcome: false\n")
    write_story(docs, "a", story_text(fm))
    (p,) = findings(docs)  # no 'measured' finding, but only 2 outcomes are left
    assert p.rule == "numbers" and "2 outcome metric(s)" in p.message


# --- tensions: same system, category, unit and kind of number, different labels and values -----

def _second_story(**replacements: str) -> str:
    """Story b: other ids and labels than story a, the same system unless replaced."""
    fm = (VALID_FRONT_MATTER
          .replace("id: p95_latency", "id: api_p95").replace("label: p95 latency", "label: API response time")
          .replace("id: cost\n", "id: spend\n").replace("label: Monthly cost", "label: Cloud spend")
          .replace("id: uptime", "id: availability").replace("label: Availability", "label: Service uptime"))
    for old, new in replacements.items():
        assert old in fm, old
        fm = fm.replace(old, new)
    return story_text(fm)


def test_same_measure_with_other_labels_and_values_is_a_tension(docs):
    write_story(docs, "a", story_text())
    write_story(docs, "b", _second_story(**{"change: -20": "change: -35"}))
    (p,) = findings(docs, "tension")
    assert p.severity == "warning" and p.file == "docs/stories/b.md" and p.field == "metrics[1] (spend)"
    assert "spend (−35%" in p.message and "cost (−20%" in p.message and "docs/stories/a.md" in p.message
    assert "cost changes of Ingest" in p.message
    assert p.line is not None and p.line > 1
    assert findings(docs, "contradiction") == []


def test_same_values_under_other_labels_are_no_tension(docs):
    write_story(docs, "a", story_text())
    write_story(docs, "b", _second_story())
    assert findings(docs, "tension") == []


def test_tension_needs_the_same_system_unit_and_kind(docs):
    write_story(docs, "a", story_text())
    # Another system; another unit (s, not ms); a level against a before/after; another category.
    write_story(docs, "b", _second_story(**{"system: Ingest": "system: Billing", "change: -20": "change: -35"}))
    write_story(docs, "c", _second_story(**{"after: 300": "after: 0.4", "unit: ms": "unit: s"}))
    write_story(docs, "d", _second_story(**{"before: 900\n    after: 300": "value: 250"}))
    write_story(docs, "e", _second_story(**{"category: reliability": "category: quality", "value: 99.95": "value: 99.5"}))
    assert findings(docs, "tension") == []


def test_system_names_are_normalised(docs):
    write_story(docs, "a", story_text())
    write_story(docs, "b", _second_story(**{"system: Ingest": "system: '  INGEST '", "value: 99.95": "value: 99.5"}))
    (p,) = findings(docs, "tension")
    assert "availability (99.5%" in p.message and "uptime (99.95%" in p.message


def test_a_metric_system_overrides_the_story_system(docs):
    write_story(docs, "a", story_text())
    b = _second_story(**{"value: 99.95": "value: 99.5\n    system: Billing"})
    write_story(docs, "b", b)
    assert findings(docs, "tension") == []


def test_examples_and_design_parameters_raise_no_tension(docs):
    write_story(docs, "a", story_text())
    write_story(docs, "b", story_text(_second_story(**{"change: -20": "change: -35"}).split("---\n")[1]
                                      + "provenance: example\n"))
    write_story(docs, "c", _second_story(**{"change: -20": "change: -35\n    outcome: false"}))
    assert findings(docs, "tension") == []


def test_an_example_contradicts_nothing(docs):
    write_story(docs, "a", story_text())
    write_story(docs, "b", story_text(VALID_FRONT_MATTER.replace("after: 300", "after: 350") + "provenance: example\n"))
    assert findings(docs, "contradiction") == []
    write_story(docs, "b", story_text(VALID_FRONT_MATTER.replace("after: 300", "after: 350") + "provenance: draft\n"))
    assert len(findings(docs, "contradiction")) == 1


def test_opposite_directions_are_different_measures(docs):
    write_story(docs, "a", story_text())
    write_story(docs, "b", _second_story(**{"change: -20\n    better: lower": "change: 15\n    better: higher"}))
    assert findings(docs, "tension") == []


def test_find_tensions_names_both_sides(docs):
    write_story(docs, "a", story_text())
    write_story(docs, "b", _second_story(**{"change: -20": "change: -35"}))
    index = load_index(docs, VOCAB)
    (t,) = [t for t in lint.find_tensions(index) if t.rule == "tension"]
    assert (t.story.slug, t.metric.id, t.other_story.slug, t.other.id) == ("b", "spend", "a", "cost")
    assert t.involves(index.stories["a"]) and t.involves(index.stories["b"])
