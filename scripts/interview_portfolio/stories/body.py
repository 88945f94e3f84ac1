"""One scan of a story's Markdown body, at load: headings, answer blocks, diagram calls, placeholders,
and question admonitions (``!!! question "To resolve ..."``) with their bullet items.

Views read what this module found; nothing re-parses a body later. The fence scanner here is the
only one in the project: ``protect_code`` (rendering) uses the same ``segments``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify as markdown_slugify
from markdown.extensions.toc import unique as markdown_unique

FENCE_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
HEADING = re.compile(r"^ {0,12}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
HEADING_LINE = re.compile(HEADING.pattern, re.M)  # every heading line of a text, in one search
ATTR_LIST = re.compile(r"\{:?([^}]*)\}\s*$")
ATTR_ID = re.compile(r"(?:^|\s)#([A-Za-z][\w-]*)")
# One marker per match, bounded to one line: no backtracking across the file.
ANSWER_MARKER = re.compile(r"<!--[ \t]*(?P<close>/)?answer(?:[ \t]*:[ \t]*(?P<name>[^\n]*?))?[ \t]*-->")
# Both start with their literal name, which the regex engine finds fast; ``_calls`` checks that
# no word character comes before it (``\b`` in front would make the engine try every position).
DIAGRAM_CALL = re.compile(r"""diagram\(\s*['"]([A-Za-z0-9_-]+)['"]""")
STORY_METRIC_CALL = re.compile(r"""metric\(\s*['"]([a-z0-9-]+):""")
MACRO_EXPR = re.compile(r"\{\{.*?\}\}", re.S)
PLACEHOLDER = re.compile(r"\[TODO:[^\]\n]*\]?")
# `!!! question "Title"` or a collapsible `??? question "Title"` / `???+ question`; extra classes allowed.
QUESTION_BOX = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+question\b[^\"\n]*(?:\"(?P<title>[^\"\n]*)\")?[ \t]*$")
LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d+[.)])[ \t]+(?P<text>.+)$")
WORD = re.compile(r"[\w$%.,'’]+")
MARKUP = re.compile(r"<[^>\n]*>|[#*_`>|=\[\]()!-]")
_WORD_CHAR = re.compile(r"\w")
WORDS_PER_MACRO = 2  # a quoted metric ("−70% onboarding") is about two spoken words


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    anchor: str


@dataclass(frozen=True)
class Answer:
    name: str
    words: int


@dataclass
class QuestionBox:
    """A `!!! question` admonition: its title, its line, and the first line of each bullet in it."""

    line: int
    title: str
    items: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class BodyIssue:
    line: int
    message: str
    fix: str


@dataclass
class BodyScan:
    headings: list[Heading] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    diagrams: list[str] = field(default_factory=list)
    metric_stories: list[str] = field(default_factory=list)  # slugs named in metric('slug:id')
    placeholders: list[tuple[int, str]] = field(default_factory=list)
    questions: list[QuestionBox] = field(default_factory=list)
    issues: list[BodyIssue] = field(default_factory=list)


def segments(markdown: str) -> Iterator[tuple[bool, str]]:
    """Split Markdown into (is_fenced_code, text) pieces; the pieces join back to the input.

    A fence closes on a line holding only the same character, at least as many times; an
    unclosed fence runs to the end, as in Python-Markdown's fenced code.
    """
    lines = markdown.splitlines(keepends=True)
    i, start = 0, 0
    while i < len(lines):
        opening = FENCE_LINE.match(lines[i])
        if not opening:
            i += 1
            continue
        if start < i:
            yield False, "".join(lines[start:i])
        fence = opening.group("fence")
        j = i + 1
        while j < len(lines):
            closing = FENCE_LINE.match(lines[j])
            if (closing and closing.group("fence")[0] == fence[0]
                    and len(closing.group("fence")) >= len(fence)
                    and not lines[j].strip()[len(closing.group("fence")):].strip()):
                break
            j += 1
        yield True, "".join(lines[i:j + 1])
        i = start = j + 1
    if start < len(lines):
        yield False, "".join(lines[start:])


def heading_anchor(title: str) -> str:
    """The id Python-Markdown's toc extension gives a heading, from its Markdown source."""
    text = re.sub(r"<[^>]+>", "", title)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return markdown_slugify(text, "-")


def _headings(text: str, found: list[Heading], used: set[str]) -> None:
    for match in HEADING_LINE.finditer(text):
        if "{{" in match.group(0):
            continue
        title = match.group(2)
        attrs = ATTR_LIST.search(title)
        explicit = ATTR_ID.search(attrs.group(1)) if attrs else None
        if attrs:
            title = title[: attrs.start()].rstrip()
        anchor = explicit.group(1) if explicit else markdown_unique(heading_anchor(title), used)
        used.add(anchor)
        found.append(Heading(len(match.group(1)), title, anchor))


def _calls(pattern: re.Pattern[str], text: str) -> list[str]:
    """The first argument of each call ``pattern`` finds where its name starts a word."""
    return [m.group(1) for m in pattern.finditer(text) if m.start() == 0 or not _WORD_CHAR.match(text, m.start() - 1)]


def _count_words(text: str) -> int:
    macros = len(MACRO_EXPR.findall(text))
    text = MARKUP.sub(" ", MACRO_EXPR.sub(" ", text))
    return len(WORD.findall(text)) + WORDS_PER_MACRO * macros


def _indent(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())


def _questions(text: str, first: int, found: list[QuestionBox], open_box: QuestionBox | None,
               box_indent: int) -> tuple[QuestionBox | None, int]:
    """Question admonitions in prose; a box stays open across lines indented deeper than it."""
    if open_box is None and "question" not in text:
        return None, box_indent
    lines = text.splitlines()
    for offset, content in enumerate(lines):
        if open_box is not None and content.strip() and _indent(content) <= box_indent:
            open_box = None
        box = QUESTION_BOX.match(content)
        if box:
            open_box = QuestionBox(first + offset, (box.group("title") or "Question").strip())
            box_indent = _indent(box.group("indent"))
            found.append(open_box)
            continue
        item = LIST_ITEM.match(content) if open_box is not None else None
        if open_box is not None and item and _indent(item.group("indent")) == box_indent + 4:
            open_box.items.append((first + offset, item.group("text").strip()))
    return open_box, box_indent


def scan(body: str, first_line: int = 1) -> BodyScan:
    """Everything views and checks need from a body, in one pass over its lines."""
    result = BodyScan()
    used: set[str] = set()
    line = first_line
    open_answer: tuple[str, int, list[str]] | None = None
    open_box: QuestionBox | None = None
    box_indent = 0
    for is_code, text in segments(body):
        if not is_code:
            _headings(text, result.headings, used)
            open_box, box_indent = _questions(text, line, result.questions, open_box, box_indent)
            result.diagrams += _calls(DIAGRAM_CALL, text)
            result.metric_stories += _calls(STORY_METRIC_CALL, text)
            pos = 0
            at, counted = line, 0  # lines counted up to each marker, not from the start each time
            for marker in ANSWER_MARKER.finditer(text):
                at += text.count("\n", counted, marker.start())
                counted = marker.start()
                if open_answer is not None:
                    open_answer[2].append(text[pos:marker.start()])
                if marker.group("close"):
                    if open_answer is None:
                        result.issues.append(BodyIssue(
                            at, "`<!-- /answer -->` closes no answer",
                            "add `<!-- answer: NAME -->` before the answer, or delete this marker",
                        ))
                    else:
                        result.answers.append(Answer(open_answer[0], _count_words("".join(open_answer[2]))))
                        open_answer = None
                else:
                    if open_answer is not None:
                        result.issues.append(BodyIssue(
                            open_answer[1], f"the answer {open_answer[0]!r} is not closed",
                            "add `<!-- /answer -->` where the spoken answer ends",
                        ))
                    name = (marker.group("name") or "").strip() or "answer"
                    open_answer = (name[:80], at, [])
                pos = marker.end()
            if open_answer is not None:
                open_answer[2].append(text[pos:])
        elif open_answer is not None:
            open_answer[2].append(text)
        if "[TODO:" in text:
            for offset, content in enumerate(text.splitlines()):
                for placeholder in PLACEHOLDER.findall(content):
                    result.placeholders.append((line + offset, placeholder))
        line += text.count("\n")
    if open_answer is not None:
        result.issues.append(BodyIssue(
            open_answer[1], f"the answer {open_answer[0]!r} is not closed",
            "add `<!-- /answer -->` where the spoken answer ends",
        ))
    return result
