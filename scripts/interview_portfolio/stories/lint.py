"""Teaching-note lint and cross-story consistency checks, run by `check`.

Cross-story findings (``find_tensions``) are also listed, per story, on the readiness page.

Findings are warnings (the portfolio still builds); `check --strict` turns them into errors.
Pure module: no MkDocs import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def _system(story: Story, metric: Metric) -> str:
    """The system a number is about, normalised: the metric's own, else the story's."""
    return re.sub(r"[^a-z0-9]+", " ", (metric.system or story.meta.system).lower()).strip()


def _metric_key(story: Story, metric: Metric) -> tuple[str, str, str]:
    return "id", _system(story, metric), metric.id


def _label_key(story: Story, metric: Metric) -> tuple[str, str, str]:
    return "label", _system(story, metric), re.sub(r"[^a-z0-9]+", " ", metric.label.lower()).strip()


@dataclass
class Tension:
    """Two stories quote numbers about the same thing that disagree.

    ``rule`` is ``contradiction`` (same metric id or label) or ``tension`` (different labels, same
    system, category, unit and kind of number). It is reported on ``story``, the later of the two.
    Nothing here says which number is right: that is for the candidate to settle.
    """

    rule: str
    story: Story
    metric: Metric
    other_story: Story
    other: Metric

    def involves(self, story: Story) -> bool:
        return story.slug in (self.story.slug, self.other_story.slug)


def _measure(metric: Metric) -> tuple[str, tuple[float, ...]]:
    """What kind of number a metric is, and its numbers: before/after, a level, or a change."""
    if metric.before is not None and metric.after is not None:
        return f"before-after {metric.unit.strip().lower()}", (metric.before, metric.after)
    if metric.value is not None:
        return f"level {metric.unit.strip().lower()}", (metric.value,)
    assert metric.change is not None
    return f"change {metric.change_unit}", (metric.change,)


_KIND_WORDS = {"before-after": "before/after values", "level": "levels", "change": "changes"}


def find_tensions(index: StoryIndex) -> list[Tension]:
    """Every pair of stories whose numbers about the same measure disagree.

    ``contradiction``: the same metric id or label of the same system with different values.
    ``tension``: different labels, but the same system, category, unit and kind of
    number (both levels, both before/after, or both changes in the same unit), improving in the
    same direction (``better``), with different values. Tensions leave out examples (not the candidate's numbers) and design parameters
    (``outcome: false``), and pairs within one story.
    """
    found: list[Tension] = []
    seen: dict[tuple[str, str, str], tuple[Story, Metric]] = {}
    contradicting: set[tuple[str, str, str, str]] = set()
    counted = [s for s in index.stories.values() if not s.example]
    for story in counted:
        for metric in story.meta.metrics:
            for key in {_metric_key(story, metric), _label_key(story, metric)}:
                if key not in seen:
                    seen[key] = (story, metric)
                    continue
                other_story, other = seen[key]
                if other_story.slug == story.slug:
                    continue
                if fmt.headline(other) != fmt.headline(metric):
                    found.append(Tension("contradiction", story, metric, other_story, other))
                contradicting.add((story.slug, metric.id, other_story.slug, other.id))
                break
    measures: dict[tuple[str, str, str, str], list[tuple[Story, Metric, tuple[float, ...]]]] = {}
    for story in counted:
        for metric in story.meta.metrics:
            if not metric.outcome:
                continue
            kind, numbers = _measure(metric)
            measure = (_system(story, metric), str(metric.category), kind, metric.better or "")
            for other_story, other, other_numbers in measures.get(measure, []):
                if other_story.slug == story.slug or other_numbers == numbers:
                    continue
                if (story.slug, metric.id, other_story.slug, other.id) in contradicting:
                    continue
                if _label_key(story, metric) == _label_key(other_story, other) or metric.id == other.id:
                    continue
                found.append(Tension("tension", story, metric, other_story, other))
            measures.setdefault(measure, []).append((story, metric, numbers))
    return found


def _metric_field(story: Story, metric: Metric) -> str:
    return f"metrics[{story.meta.metrics.index(metric)}] ({metric.id})"


def _tension_problem(t: Tension) -> Problem:
    system = t.metric.system or t.story.meta.system
    if t.rule == "contradiction":
        return _warn(
            t.story, _metric_field(t.story, t.metric), "contradiction",
            f"{t.metric.label!r} of {system} is {fmt.headline(t.metric)} here but "
            f"{fmt.headline(t.other)} in {_file(t.other_story)} ({t.other.id}); an interviewer who "
            "hears both will notice",
            "use one value in both stories, or give the two measurements different "
            "ids and labels that say how they differ",
        )
    kind = _KIND_WORDS[_measure(t.metric)[0].split(" ")[0]]
    return _warn(
        t.story, _metric_field(t.story, t.metric), "tension",
        f"{t.metric.id} ({fmt.headline(t.metric)}, {t.metric.label!r}) here and {t.other.id} "
        f"({fmt.headline(t.other)}, {t.other.label!r}) in {_file(t.other_story)} are both "
        f"{t.metric.category} {kind} of {system}, with different values",
        "confirm each number; if they measure different things, make both labels say what "
        "(scope, baseline, window), and if they are the same thing, one of them is wrong",
    )


def contradictions(index: StoryIndex) -> list[Problem]:
    """Numbers about the same measure of the same system that disagree across two stories."""
    return [_tension_problem(t) for t in find_tensions(index)]


RULES = (enough_numbers, measured, deep_dive_sections, worked_examples_match)


def lint(index: StoryIndex) -> list[Problem]:
    problems: list[Problem] = []
    for story in index.stories.values():
        for rule in RULES:
            problems.extend(rule(story))
    problems.extend(contradictions(index))
    return problems
