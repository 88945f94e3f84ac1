"""Teaching-note lint and cross-story consistency checks, run by `check`.

Findings are warnings (the portfolio still builds); `check --strict` turns them into errors.
Pure module: no MkDocs import.
"""

from __future__ import annotations

import re

from ..errors import Problem
from ..rendering import formatting as fmt
from .loader import Story, StoryIndex
from .model import Metric
from .worked_examples import FormulaError, compute

MIN_NUMBERS = 3


def _file(story: Story) -> str:
    return story.file


def _warn(story: Story, field: str | None, rule: str, message: str, fix: str) -> Problem:
    return Problem(story.file, field, message, fix, severity="warning", rule=rule,
                   line=story.line_of(field) if field else None)


def enough_numbers(story: Story) -> list[Problem]:
    """Each story ties at least three numbers to outcomes (outlines are sparse on purpose)."""
    outcomes = [m for m in story.meta.metrics if m.outcome]
    if story.meta.kind == "outline" or len(outcomes) >= MIN_NUMBERS:
        return []
    return [_warn(
        story, "metrics", "numbers",
        f"{len(outcomes)} outcome metric(s); a strong answer ties at least {MIN_NUMBERS} numbers to outcomes",
        "add the measured outcomes (latency, cost, availability, adoption, revenue) under `metrics:`",
    )]


def measured(story: Story) -> list[Problem]:
    """Every metric states before/after or how it was measured."""
    problems = []
    for i, m in enumerate(story.meta.metrics):
        has_before_after = m.before is not None and m.after is not None
        if m.outcome and not has_before_after and not m.method:
            problems.append(_warn(
                story, f"metrics[{i}] ({m.id})", "measured",
                "states neither before/after nor how it was measured",
                "add `method:` (dashboard, A/B test, logs...) or `before:` and `after:`",
            ))
    return problems


def deep_dive_sections(story: Story) -> list[Problem]:
    """A deep dive states its SLOs and has hindsight and lessons sections."""
    if story.meta.kind != "deep-dive":
        return []
    problems = []
    if not any(m.target is not None for m in story.meta.metrics):
        problems.append(_warn(
            story, "metrics", "slo", "a deep dive states its SLOs, and no metric has a `target:`",
            "give the SLO'd metrics a `target:` (e.g. p95 latency target 500 ms)",
        ))
    anchors = " ".join(h.anchor for h in story.headings)
    for word, section in (("hindsight", "Hindsight"), ("lesson", "Lessons")):
        if word not in anchors:
            problems.append(_warn(
                story, None, "sections", f"a deep dive has a {section} section, and this one has none",
                f"add a `## {section}` heading with what you would change / carry forward",
            ))
    return problems


def worked_examples_match(story: Story) -> list[Problem]:
    """A result the notes state must match the computed value within rounding."""
    problems = []
    for i, example in enumerate(story.meta.worked_examples):
        try:
            steps = compute(example)
        except FormulaError as exc:
            problems.append(Problem(
                _file(story), f"worked_examples[{i}] ({example.id})", str(exc),
                "fix the formula: use the names of inputs and earlier steps", rule="worked",
            ))
            continue
        for j, step in enumerate(steps):
            if not step.matches and step.stated is not None:
                problems.append(_warn(
                    story, f"worked_examples[{i}].steps[{j}] ({example.id}.{step.name})", "worked",
                    f"stated {fmt.number(step.stated)} but {step.formula} = {fmt.number(step.value)} "
                    f"({(step.relative_error or 0) * 100:.1f}% off, tolerance {step.tolerance * 100:.0f}%)",
                    f"quote the computed value, or correct an input; set `stated: {fmt.number(step.value, 2)}`",
                ))
    return problems


def _metric_key(story: Story, metric) -> tuple[str, str]:
    system = (metric.system or story.meta.system).strip().lower()
    return system, metric.id


def _label_key(story: Story, metric) -> tuple[str, str]:
    system = (metric.system or story.meta.system).strip().lower()
    return system, re.sub(r"[^a-z0-9]+", " ", metric.label.lower()).strip()


def contradictions(index: StoryIndex) -> list[Problem]:
    """The same metric of the same system quoted with different values in two stories."""
    problems = []
    seen: dict[tuple[str, str], tuple[Story, Metric]] = {}
    for story in index.stories.values():
        for metric in story.meta.metrics:
            for key in {_metric_key(story, metric), _label_key(story, metric)}:
                if key not in seen:
                    seen[key] = (story, metric)
                    continue
                other_story, other = seen[key]
                if other_story.slug == story.slug:
                    continue
                if fmt.headline(other) != fmt.headline(metric):
                    problems.append(_warn(
                        story, f"metrics ({metric.id})", "contradiction",
                        f"{metric.label!r} of {metric.system or story.meta.system} is "
                        f"{fmt.headline(metric)} here but {fmt.headline(other)} in "
                        f"{_file(other_story)} ({other.id}); an interviewer who hears both will notice",
                        "use one value in both stories, or give the two measurements different "
                        "ids and labels that say how they differ",
                    ))
                break
    return problems


RULES = (enough_numbers, measured, deep_dive_sections, worked_examples_match)


def lint(index: StoryIndex) -> list[Problem]:
    problems: list[Problem] = []
    for story in index.stories.values():
        for rule in RULES:
            problems.extend(rule(story))
    problems.extend(contradictions(index))
    return problems
