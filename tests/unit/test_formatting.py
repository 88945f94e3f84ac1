"""How numbers are written: every branch of rendering/formatting.py."""

from __future__ import annotations

import pytest
from interview_portfolio.rendering import formatting as fmt
from interview_portfolio.stories.model import Metric

MINUS = fmt.MINUS


def metric(**fields) -> Metric:
    return Metric.model_validate({"id": "m", "label": "M", "category": "latency", **fields})


@pytest.mark.parametrize(("value", "text"), [
    (0, "0"), (1234567, "1,234,567"), (0.0063, "0.0063"), (99.99, "99.99"), (-70, f"{MINUS}70"),
    (2.50, "2.5"), (1e15, "1e+15"), (-3e20, f"{MINUS}3e+20"),
])
def test_number(value, text):
    assert fmt.number(value) == text


def test_huge_numbers_never_print_hundreds_of_digits():
    assert len(fmt.number(1e308)) < 12


@pytest.mark.parametrize(("value", "unit", "text"), [
    (350_000, "USD/yr", "$350K/yr"), (2_500_000, "USD", "$2.5M"), (1.2, "USD", "$1.20"),
    (0.0065, "USD/min", "$0.0065/min"), (99.99, "%", "99.99%"), (3, "x", "3×"),
    (1800, "ms", "1.8 s"), (320, "ms", "320 ms"), (1_000_000_000, "events", "1B events"),
    (40, "tenants", "40 tenants"),
])
def test_quantity(value, unit, text):
    assert fmt.quantity(value, unit) == text


def test_headline_marks_floors_ceilings_and_approximations():
    assert fmt.headline(metric(value=40, unit="tenants", at_least=True)) == "40+ tenants"
    assert fmt.headline(metric(value=1, unit="s", at_most=True)) == "under 1 s"
    assert fmt.headline(metric(value=350000, unit="USD/yr", approx=True)) == "~$350K/yr"
    assert fmt.headline(metric(before=900, after=320, unit="ms")) == "900 ms \u2192 320 ms"
    assert fmt.headline(metric(change=-70)) == f"{MINUS}70%"
    assert fmt.headline(metric(change=3.1, change_unit="pp")) == "+3.1 pp"


def test_percent_change_and_direction():
    m = metric(before=900, after=320, better="lower")
    assert fmt.percent_change(m) == pytest.approx(-64.44, abs=0.01)
    assert fmt.direction(m) == "better"
    assert fmt.direction(metric(before=1, after=2, better="lower")) == "worse"
    assert fmt.direction(metric(before=1, after=1)) == "unchanged"
    assert fmt.direction(metric(change=5)) == "changed"
    assert fmt.direction(metric(value=5)) is None
    assert fmt.percent_change(metric(before=0, after=5)) is None


@pytest.mark.parametrize(("seconds", "text"), [(120, "2:00"), (45, "0:45"), (725.4, "12:05"), (0, "0:00")])
def test_durations_read_like_a_clock(seconds, text):
    assert fmt.seconds(seconds) == text
