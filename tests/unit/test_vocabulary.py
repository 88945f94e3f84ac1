"""The competency vocabulary: the default, a list of names, a mapping, and bad config."""

from __future__ import annotations

import pytest
from interview_portfolio.stories.vocabulary import DEFAULT_COMPETENCIES, build_vocabulary


def test_default_is_metas_five_axes_and_eight_focus_areas():
    vocabulary = build_vocabulary(None)
    assert len(vocabulary) == 13
    assert {c.framework for c in vocabulary.values()} == {"Meta behavioural axes", "Eight focus areas"}
    assert all(c.weak and c.solid and c.strong and c.listen_for for c in vocabulary.values())


def test_a_list_keeps_known_rubrics_and_makes_generic_ones():
    vocabulary = build_vocabulary(["Driving Results", "Craft"])
    assert list(vocabulary) == ["Driving Results", "Craft"]
    assert vocabulary["Driving Results"] == next(c for c in DEFAULT_COMPETENCIES if c.name == "Driving Results")
    assert vocabulary["Craft"].framework == "Custom" and "craft" in vocabulary["Craft"].listen_for


def test_a_mapping_overrides_rubric_fields():
    vocabulary = build_vocabulary({"Craft": {"framework": "Ours", "strong": "Sets the bar"}})
    assert vocabulary["Craft"].framework == "Ours" and vocabulary["Craft"].strong == "Sets the bar"


def test_anything_else_is_a_clear_error():
    with pytest.raises(ValueError, match="list of names or a mapping"):
        build_vocabulary("Driving Results")
