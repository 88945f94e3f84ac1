"""The arithmetic evaluator behind computed worked examples."""

from __future__ import annotations

import pytest
from interview_portfolio.stories.model import WorkedExample
from interview_portfolio.stories.worked_examples import FormulaError, compute, evaluate


def example(steps, inputs=None):
    return WorkedExample.model_validate({
        "id": "ex", "title": "Example",
        "inputs": inputs or [{"name": "users", "label": "Users", "value": 20000},
                             {"name": "duty", "label": "Duty", "value": 0.4},
                             {"name": "per_pod", "label": "Per pod", "value": 120}],
        "steps": steps,
    })


def test_capacity_plan_from_the_notes():
    steps = compute(example([
        {"name": "streams", "label": "Streams", "formula": "users * duty", "stated": 8000},
        {"name": "pods", "label": "Pods", "formula": "ceil(streams / per_pod)", "stated": 67},
        {"name": "with_headroom", "label": "Headroom", "formula": "ceil(pods * 1.3)", "stated": 88},
    ]))
    assert [s.value for s in steps] == [8000, 67, 88]
    assert all(s.matches for s in steps)
    assert steps[1].substituted == "ceil(8000.0 / 120.0)"


def test_stated_value_beyond_rounding_is_a_mismatch():
    (step,) = compute(example([{"name": "x", "label": "X", "formula": "users * duty", "stated": 8300}]))
    assert not step.matches and step.relative_error == pytest.approx(300 / 8300)


@pytest.mark.parametrize("formula, message", [
    ("users +", "not valid arithmetic"),
    ("nope * 2", "uses 'nope'"),
    ("__import__('os')", "only numbers"),
    ("users / 0", "divides by zero"),
    ("users ** 2", "only numbers"),
])
def test_bad_formulas_are_rejected(formula, message):
    with pytest.raises(FormulaError, match=message):
        evaluate(formula, {"users": 1.0})


def test_functions():
    assert evaluate("max(1, 2) + min(3, 4) + floor(2.7) + round(2.5)", {}) == 2 + 3 + 2 + 2
