"""How numbers are written on the page. Pure functions; no MkDocs import."""

from __future__ import annotations

import math

from ..stories.model import Metric

MINUS = "\u2212"  # typographic minus: reads better than a hyphen in "−70%"


def number(value: float, digits: int = 4) -> str:
    """A number with thousands separators and at most ``digits`` significant digits."""
    if value == 0:
        return "0"
    if abs(value) >= 1e15:
        return f"{value:.3g}".replace("-", MINUS)  # the model caps numbers; never 309 digits
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        magnitude = math.floor(math.log10(abs(value)))
        decimals = max(0, digits - 1 - magnitude)
        text = f"{value:,.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace("-", MINUS)


def _money(value: float) -> str:
    magnitude = abs(value)
    if magnitude >= 1e6:
        return f"${number(value / 1e6, 3)}M"
    if magnitude >= 1e4:
        return f"${number(value / 1e3, 3)}K"
    if magnitude >= 0.1 and not float(value).is_integer():
        return f"${value:,.2f}"  # prices read in cents: $1.20, $0.02
    return f"${number(value)}"


def _count(value: float) -> str:
    # Counts read better compact: 1B events, 2.5M users; smaller numbers keep every digit.
    for size, suffix in ((1e9, "B"), (1e6, "M")):
        if abs(value) >= size:
            return f"{number(value / size, 3)}{suffix}"
    return number(value)


def quantity(value: float, unit: str, mark: str = "") -> str:
    """``value`` in ``unit``: 99.99%, 320 ms, $350K/yr, $0.0065/min, 40+ tenants.

    ``mark`` ('+' for a floor) goes right after the number, before the unit.
    """
    if unit.startswith("USD"):
        return _money(value) + mark + unit[3:]
    if unit in {"%", "x", "×"}:
        return f"{number(value)}{mark}{'×' if unit in {'x', '×'} else '%'}"
    if unit == "ms" and abs(value) >= 1000:
        return f"{number(value / 1000, 3)}{mark} s"  # 1.8 s reads better than 1,800 ms
    return f"{_count(value)}{mark} {unit}".strip()


def signed(value: float, unit: str = "%") -> str:
    sign = "+" if value > 0 else (MINUS if value < 0 else "±")
    size = number(abs(value), 3)
    magnitude = f"{size}{'×' if unit == 'x' else '%'}" if unit in {"%", "x"} else f"{size} {unit}"
    return f"{sign}{magnitude}"


def percent_change(metric: Metric) -> float | None:
    """Relative change in percent, where it makes sense (before/after with a non-zero before)."""
    if metric.before is not None and metric.after is not None and metric.before != 0:
        return (metric.after - metric.before) / abs(metric.before) * 100
    if metric.change is not None and metric.change_unit == "%":
        return metric.change
    return None


def direction(metric: Metric) -> str | None:
    """'better', 'worse' or 'unchanged' for a change; None for a plain level."""
    if metric.before is not None and metric.after is not None:
        delta = metric.after - metric.before
    elif metric.change is not None:
        delta = metric.change
    else:
        return None
    if delta == 0:
        return "unchanged"
    if metric.better is None:
        return "changed"
    improved = delta < 0 if metric.better == "lower" else delta > 0
    return "better" if improved else "worse"


def headline(metric: Metric) -> str:
    """The one short string a person would say out loud for this metric."""
    prefix = "under " if metric.at_most else ("~" if metric.approx else "")
    mark = "+" if metric.at_least else ""
    if metric.before is not None and metric.after is not None:
        return (f"{prefix}{quantity(metric.before, metric.unit)} \u2192 "
                f"{quantity(metric.after, metric.unit, mark)}")
    if metric.value is not None:
        return f"{prefix}{quantity(metric.value, metric.unit, mark)}"
    assert metric.change is not None
    return f"{prefix}{signed(metric.change, metric.change_unit)}{mark}"


def seconds(value: float) -> str:
    """A duration as a clock reads it: 2:00, 0:45, 12:05."""
    minutes, secs = divmod(round(value), 60)
    return f"{minutes}:{secs:02d}"
