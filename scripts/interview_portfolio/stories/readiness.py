"""What each story still needs before an interview, and one score for the whole portfolio.

Counted stories: the candidate's own and drafts (``provenance: own | draft``); examples never
count. Private stories count too: they are in the index only where their owner builds for
themself (``me``), since every other audience drops them at load.

The score is the share of checklist items done, over every counted story:

- the story is confirmed as the candidate's own (``provenance: own``): one item;
- each number is confirmed (``source: confirmed``): one item per metric;
- each outcome's method is stated and confirmed (``method_source: confirmed``): one item per
  metric with ``outcome: true``;
- the spoken answer fits ``target_seconds`` (the shortest marked answer, at the configured words
  per minute; a story other than an outline with no marked answer fails it): one item;
- each open finding is an item that is never done while it is there: a cross-story tension
  (``lint.find_tensions``, counted in each story it names), a question box whose title says
  "to resolve", and each ``[TODO: ...]`` placeholder (body or front matter).

So the score is 100 % only when every counted story is the candidate's own, every number and
method is confirmed, every answer fits, and nothing is left to resolve. It reads what the loader,
the body scan and the lint found; it parses nothing itself.

Pure module: no MkDocs import.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .body import PLACEHOLDER, QuestionBox
from .lint import Tension, find_tensions
from .loader import Story, StoryIndex
from .model import Metric

OPEN_QUESTION_MARK = "to resolve"


@dataclass(frozen=True)
class Placeholder:
    line: int | None
    where: str  # "body" or the front-matter field path
    text: str


@dataclass(frozen=True)
class AnswerTime:
    name: str
    words: int
    seconds: float
    target: int

    @property
    def fits(self) -> bool:
        return self.seconds <= self.target


@dataclass(frozen=True)
class Item:
    """One checklist item."""

    label: str
    done: bool


@dataclass
class StoryReadiness:
    story: Story
    unconfirmed_numbers: list[Metric] = field(default_factory=list)  # source != confirmed
    inferred_methods: list[Metric] = field(default_factory=list)  # method_source: inferred
    unconfirmed_methods: list[Metric] = field(default_factory=list)  # outcomes: method missing or not confirmed
    before_after: int = 0  # metrics with before and after
    method_stated: int = 0  # metrics whose method says more than a placeholder
    tensions: list[Tension] = field(default_factory=list)
    questions: list[QuestionBox] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    answers: list[AnswerTime] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def draft(self) -> bool:
        return self.story.meta.provenance == "draft"

    @property
    def done(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def long_answers(self) -> list[AnswerTime]:
        return [a for a in self.answers if not a.fits]


@dataclass(frozen=True)
class Tally:
    done: int
    total: int
    stories: int

    @property
    def percent(self) -> int:
        """Rounded down, so that 100 % means every item is done."""
        return self.done * 100 // self.total if self.total else 100


@dataclass
class Readiness:
    stories: list[StoryReadiness]
    words_per_minute: int

    def tally(self, *provenances: str) -> Tally:
        chosen = [r for r in self.stories if r.story.meta.provenance in provenances]
        return Tally(sum(r.done for r in chosen), sum(r.total for r in chosen), len(chosen))

    @property
    def own(self) -> Tally:
        return self.tally("own")

    @property
    def drafts(self) -> Tally:
        return self.tally("draft")

    @property
    def portfolio(self) -> Tally:
        return self.tally("own", "draft")


def method_stated(metric: Metric) -> bool:
    """A method that says something besides ``[TODO: ...]`` placeholders."""
    return bool(metric.method and PLACEHOLDER.sub("", metric.method).strip(" .;:,-"))


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string in a front matter, with its field path (``follow_ups[2].answer``).

    The model is walked by its fields, not model_dump(): that would build the serializers, which
    a build from the story cache never needs otherwise (stories/model.py, ``defer_build``).
    """
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for key in type(value).model_fields:
            yield from _strings(getattr(value, key), f"{path}.{key}" if path else key)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def _line(story: Story, path: str) -> int | None:
    while path:
        if path in story.key_lines:
            return story.key_lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


def placeholders(story: Story) -> list[Placeholder]:
    """Every ``[TODO: ...]`` of a story: its validated front matter's text, then the body scan's."""
    found = [
        Placeholder(_line(story, path), path, match)
        for path, value in _strings(story.meta, "")
        for match in PLACEHOLDER.findall(value)
    ]
    found += [Placeholder(line, "body", match) for line, match in story.scan.placeholders]
    return found


def open_questions(story: Story) -> list[QuestionBox]:
    """The story's question boxes whose title says they are still to resolve."""
    return [q for q in story.scan.questions if OPEN_QUESTION_MARK in q.title.lower()]


def story_readiness(story: Story, tensions: list[Tension], words_per_minute: int) -> StoryReadiness:
    meta = story.meta
    r = StoryReadiness(story)
    items = r.items
    items.append(Item("confirmed as my own story", meta.provenance == "own"))
    for m in meta.metrics:
        confirmed = m.source == "confirmed"
        items.append(Item(f"number {m.id} confirmed", confirmed))
        if not confirmed:
            r.unconfirmed_numbers.append(m)
        if m.method_source == "inferred":
            r.inferred_methods.append(m)
        if m.before is not None and m.after is not None:
            r.before_after += 1
        if method_stated(m):
            r.method_stated += 1
        if m.outcome:
            method_ok = method_stated(m) and m.method_source == "confirmed"
            items.append(Item(f"method of {m.id} confirmed", method_ok))
            if not method_ok:
                r.unconfirmed_methods.append(m)
    r.answers = [
        AnswerTime(a.name, a.words, a.words / words_per_minute * 60, meta.target_seconds)
        for a in story.scan.answers
    ]
    if r.answers:
        shortest = min(r.answers, key=lambda a: a.seconds)
        items.append(Item(f"answer {shortest.name!r} fits the target time", shortest.fits))
    elif meta.kind != "outline":
        items.append(Item("an answer is marked for timing", False))
    r.tensions = [t for t in tensions if t.involves(story)]
    r.questions = open_questions(story)
    r.placeholders = placeholders(story)
    items += [Item(f"tension {t.metric.id} / {t.other.id} resolved", False) for t in r.tensions]
    items += [Item(f"question box at line {q.line} resolved", False) for q in r.questions]
    items += [Item(f"placeholder {p.text} filled in", False) for p in r.placeholders]
    return r


def counted(index: StoryIndex) -> list[Story]:
    """The stories readiness covers: own and drafts, never examples."""
    return [s for s in index.stories.values() if not s.example]


def readiness(index: StoryIndex, words_per_minute: int = 150) -> Readiness:
    tensions = find_tensions(index)
    return Readiness([story_readiness(s, tensions, words_per_minute) for s in counted(index)], words_per_minute)
