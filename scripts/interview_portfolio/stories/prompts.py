"""The catalogue of behavioural prompts senior interviews keep coming back to, and which stories answer them.

A story answers a catalogue prompt when one of the prompts in its front matter (``prompts:``)
matches the entry: it contains one of the entry's variants as a phrase, or every word of one of
its keywords (``*`` at the end of a word: any word starting so). Both sides are normalised first
(apostrophes dropped, accents folded, lowercase, other punctuation a space). Stories declare nothing else: to claim a
prompt, list it (in your own phrasing) under the story's ``prompts:``.

Pure module: no MkDocs import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .loader import Story


@dataclass(frozen=True)
class CommonPrompt:
    """One prompt of the catalogue."""

    id: str
    prompt: str
    variants: tuple[str, ...]  # other ways interviewers ask it; a story prompt containing one matches
    keywords: tuple[str, ...]  # each: words that must all occur, in any order; `word*` is a prefix
    competencies: tuple[str, ...]  # names of the default vocabulary it tests


CATALOGUE: tuple[CommonPrompt, ...] = (
    CommonPrompt(
        "about-yourself", "Tell me about yourself.",
        ("Walk me through your background.", "Give me a short tour of your career so far."),
        ("about yourself", "introduce yourself", "your background", "your career", "your resume", "your cv"),
        ("Communicating Effectively", "Motivation"),
    ),
    CommonPrompt(
        "most-proud", "Which project are you most proud of?",
        ("What is your most proud project?", "Tell me about the project where you had the most impact.",
         "Tell me about a project you owned end to end."),
        ("proud*", "most impact*", "biggest impact*", "greatest achievement*", "biggest achievement*",
         "most significant project*"),
        ("Driving Results", "Motivation", "Communicating Effectively"),
    ),
    CommonPrompt(
        "deep-dive", "Take me through a project you led, in depth: problem, architecture, decisions, your role, outcome.",
        ("Do a deep dive on a past project.", "Walk me through a system you designed end to end.",
         "What would you change in hindsight?"),
        ("deep dive*", "walk* through system*", "walk* through architecture*", "system* you designed",
         "hindsight", "design decision*"),
        ("Driving Results", "Communicating Effectively"),
    ),
    CommonPrompt(
        "conflict-manager", "Tell me about a time you disagreed with your manager.",
        ("Tell me about a conflict with your manager.", "When did you push back on your manager's decision?"),
        ("conflict* manager*", "disagre* manager*", "push* back manager*", "conflict* boss*", "disagre* boss*"),
        ("Resolving Conflicts", "Conflict Resolution", "Empathy", "Communicating Effectively"),
    ),
    CommonPrompt(
        "conflict-peer", "Tell me about a conflict with a colleague.",
        ("Tell me about a technical disagreement with a peer.", "Tell me about a time you disagreed with a teammate."),
        ("conflict* colleague*", "conflict* peer*", "conflict* teammate*", "conflict* coworker*",
         "disagre* colleague*", "disagre* peer*", "disagre* teammate*", "disagre* coworker*",
         "difficult colleague*", "difficult coworker*", "difficult teammate*"),
        ("Resolving Conflicts", "Conflict Resolution", "Empathy"),
    ),
    CommonPrompt(
        "failure", "Tell me about a time you failed.",
        ("Tell me about a mistake you made and what you did next.", "Tell me about a project that did not go as planned."),
        ("fail", "failed", "failure*", "failing", "mistake*", "went wrong", "regret*"),
        ("Growing Continuously", "Growth", "Perseverance"),
    ),
    CommonPrompt(
        "feedback", "Tell me about feedback you received and what you changed because of it.",
        ("What is the most useful criticism you have had?", "Tell me about a time you got difficult feedback."),
        ("feedback* receiv*", "feedback* got", "critici*", "constructive feedback*", "negative feedback*",
         "difficult feedback*", "hard feedback*", "tough feedback*"),
        ("Growing Continuously", "Growth"),
    ),
    CommonPrompt(
        "ambiguity", "Tell me about a time you had to make progress without clear requirements.",
        ("Tell me about a project where the goal or the path was ambiguous.",
         "How do you start when nobody has defined the problem?"),
        ("ambigu*", "unclear", "uncertain*", "undefined", "without clear", "no clear", "vague"),
        ("Embracing Ambiguity", "Unstructured Environment", "Proactivity"),
    ),
    CommonPrompt(
        "influence", "Tell me about a time you influenced a decision without having authority.",
        ("How did you get another team to adopt your idea?", "Tell me about persuading people who did not report to you."),
        ("influenc*", "authority", "persuad*", "convinc*", "buy in", "other team* adopt*"),
        ("Communicating Effectively", "Communication", "Driving Results", "Proactivity"),
    ),
    CommonPrompt(
        "prioritisation", "Tell me about a time you had to prioritise between competing demands.",
        ("How do you decide what not to do?", "Tell me about a time you had more work than time."),
        ("prioriti*", "competing", "what not to do", "more work than"),
        ("Driving Results", "Communicating Effectively"),
    ),
    CommonPrompt(
        "mentoring", "Tell me about someone you mentored or helped to grow.",
        ("How have you made the engineers around you better?", "Tell me about coaching a less experienced engineer."),
        ("mentor*", "coach*", "grow* engineer*", "grow* other*", "junior*", "less experienced"),
        ("Growth", "Growing Continuously", "Empathy"),
    ),
    CommonPrompt(
        "why-company", "Why do you want to work here?",
        ("Why this company?", "What draws you to this role?", "Why are you leaving your current job?"),
        ("why this company", "why want work here", "why join*", "why leav*", "why this role", "draws you"),
        ("Motivation",),
    ),
)


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lowercase ASCII words separated by one space: "Manager’s priorities?" -> "managers priorities"."""
    text = re.sub(r"['’‘]", "", text)  # "manager's" and "manager’s" are one word
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split())


def _has_word(words: list[str], pattern: str) -> bool:
    if pattern.endswith("*"):
        return any(w.startswith(pattern[:-1]) for w in words)
    return pattern in words


# Views ask the same (entry, prompt) pairs many times per build (matrix, suggestions, coverage page):
# each pair is decided once.
@lru_cache(maxsize=65536)
def matches(entry: CommonPrompt, prompt: str) -> bool:
    """Whether a story's prompt asks what ``entry`` asks (see the module docstring for the rule)."""
    text = normalise(prompt)
    padded, words = f" {text} ", text.split()
    if any(f" {normalise(v)} " in padded for v in (entry.prompt, *entry.variants)):
        return True
    return any(all(_has_word(words, w) for w in normalise_keyword(k)) for k in entry.keywords)


def normalise_keyword(keyword: str) -> list[str]:
    """A keyword's words, normalised, each keeping a trailing ``*``."""
    return [normalise(w) + ("*" if w.endswith("*") else "") for w in keyword.split() if normalise(w)]


@dataclass(frozen=True)
class Coverage:
    entry: CommonPrompt
    stories: tuple[tuple[Story, str], ...]  # each answering story, with the prompt of it that matched

    @property
    def own(self) -> list[Story]:
        return [s for s, _ in self.stories if s.meta.provenance == "own"]

    @property
    def drafts(self) -> list[Story]:
        return [s for s, _ in self.stories if s.meta.provenance == "draft"]

    @property
    def gap(self) -> bool:
        return not self.stories


def coverage(stories: Iterable[Story], catalogue: tuple[CommonPrompt, ...] = CATALOGUE) -> list[Coverage]:
    """Each catalogue prompt with the stories that answer it; examples never count."""
    counted = [s for s in stories if not s.example]
    result = []
    for entry in catalogue:
        answering = []
        for story in counted:
            hit = next((p for p in story.meta.prompts if matches(entry, p)), None)
            if hit is not None:
                answering.append((story, hit))
        result.append(Coverage(entry, tuple(answering)))
    return result


def unmatched(stories: Iterable[Story], catalogue: tuple[CommonPrompt, ...] = CATALOGUE) -> list[tuple[Story, str]]:
    """Prompts of (non-example) stories that match no catalogue entry: answered, just not catalogued."""
    return [
        (story, prompt)
        for story in stories if not story.example
        for prompt in story.meta.prompts
        if not any(matches(entry, prompt) for entry in catalogue)
    ]


def testing(competency: str, catalogue: tuple[CommonPrompt, ...] = CATALOGUE) -> list[CommonPrompt]:
    """The catalogue prompts that test a competency."""
    return [entry for entry in catalogue if competency in entry.competencies]
