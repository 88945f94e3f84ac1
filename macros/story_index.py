"""Load every story from disk once, validate it, and check what stories say about each other.

``load_index`` never stops at the first problem: it collects every problem of every file (file,
field, what is wrong, how to fix it) so ``check`` and the build can report them all at once.

Pure module: no MkDocs import.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

import yaml
from pydantic import BaseModel, ValidationError

from .story_model import (
    Cues, FollowUp, Metric, Story, WorkedExample, WorkedInput, WorkedStep, slugify,
)
from .vocabulary import Competency

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
HEADING = re.compile(r"^ {0,12}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
ATTR_ID = re.compile(r"\{[^}]*#([A-Za-z][\w-]*)[^}]*\}\s*$")

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one story, said so that the user can fix it."""

    file: str
    field: str | None
    message: str
    fix: str
    severity: Severity = "error"
    rule: str = "model"

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{self.severity}: {where}: {self.message}\n    fix: {self.fix}"


class StoryFileError(Exception):
    """Raised when the index has errors; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [f"{len(problems)} problem(s) in the stories:"] + [str(p) for p in problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    anchor: str


@dataclass
class LoadedStory:
    """A validated story: its front matter, where it lives, and the anchors of its sections."""

    meta: Story
    slug: str
    src_path: str  # relative to docs_dir, POSIX separators
    body: str
    headings: list[Heading]

    @property
    def anchors(self) -> set[str]:
        return {h.anchor for h in self.headings}

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def public(self) -> bool:
        return self.meta.visibility == "public"

    def follow_up_id(self, follow_up: FollowUp) -> str:
        return follow_up.id or slugify(follow_up.question)[:60].strip("-")


@dataclass
class StoryIndex:
    """Every story of the portfolio, by slug, in file-name order."""

    stories: dict[str, LoadedStory] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    vocabulary: dict[str, Competency] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def by_src_path(self, src_path: str) -> LoadedStory | None:
        for story in self.stories.values():
            if story.src_path == src_path:
                return story
        return None

    def public(self) -> list[LoadedStory]:
        return [s for s in self.stories.values() if s.public]

    def raise_for_errors(self) -> None:
        if self.errors:
            raise StoryFileError(self.errors)


def toc_anchor(title: str) -> str:
    """The id Python-Markdown's toc extension gives a heading (its default slugify)."""
    text = re.sub(r"<[^>]+>", "", title)
    text = re.sub(r"[*_`]", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def find_headings(body: str) -> list[Heading]:
    """Headings outside code fences, with the anchor MkDocs will give them."""
    headings: list[Heading] = []
    fence: str | None = None
    for line in body.splitlines():
        opening = FENCE.match(line)
        if opening:
            marker = opening.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        match = HEADING.match(line)
        if not match or "{{" in line:
            continue
        title = match.group(2)
        explicit = ATTR_ID.search(title)
        if explicit:
            anchor = explicit.group(1)
            title = title[: explicit.start()].rstrip()
        else:
            title = re.sub(r"\{[^}]*\}\s*$", "", title).rstrip()
            anchor = toc_anchor(title)
        headings.append(Heading(len(match.group(1)), title, anchor))
    return _dedupe_anchors(headings)


def _dedupe_anchors(headings: list[Heading]) -> list[Heading]:
    # Python-Markdown makes repeated ids unique with _1, _2 ...
    seen: dict[str, int] = {}
    out = []
    for h in headings:
        anchor = h.anchor
        if anchor in seen:
            seen[anchor] += 1
            anchor = f"{anchor}_{seen[h.anchor]}"
        else:
            seen[anchor] = 0
        out.append(Heading(h.level, h.title, anchor))
    return out


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (YAML text or None when there is no front matter, Markdown body)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match.group(1) or "", text[match.end():]


_NESTED_MODELS: dict[str, type[BaseModel]] = {
    "metrics": Metric,
    "follow_ups": FollowUp,
    "cues": Cues,
    "worked_examples": WorkedExample,
    "inputs": WorkedInput,
    "steps": WorkedStep,
}


def _field_path(loc: Iterable[Any]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    model: type[BaseModel] = Story
    for part in loc[:-1]:
        if isinstance(part, str) and part in _NESTED_MODELS:
            model = _NESTED_MODELS[part]
    return model


def _example_for(name: str) -> str:
    examples = {
        "title": 'title: "Most proud project: the streaming platform"',
        "kind": "kind: star          # star | deep-dive | outline",
        "company": "company: Barclays",
        "system": "system: Barclays Streaming Platform (BSP)",
        "role": "role: Lead engineer",
        "prompts": 'prompts: ["What is your most proud project?"]',
        "competencies": "competencies: [Driving Results]",
        "id": "id: onboarding_time",
        "label": "label: Tenant onboarding time",
        "category": "category: latency",
        "better": "better: lower       # or higher",
        "question": 'question: "How did you handle multi-tenancy?"',
        "group": "group: System design",
        "answer": "answer: Topics partitioned per tenant...",
    }
    return examples.get(name, f"{name}: ...")


def _problem_from_error(file: str, err: dict[str, Any]) -> Problem:
    loc = tuple(err["loc"])
    path = _field_path(loc) or None
    kind = err["type"]
    given = err.get("input")
    message = err["msg"].removeprefix("Value error, ")
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return Problem(file, path, "required field is missing", f"add `{_example_for(name)}`")
    if kind == "extra_forbidden":
        allowed = list(_model_at(loc).model_fields)
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`? " if close else ""
        return Problem(
            file, path, f"unknown key `{name}`",
            f"{hint}rename or remove it; allowed keys here: {', '.join(allowed)}",
        )
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}:
        return Problem(
            file, path, f"expected a number, got {given!r}",
            f"write a bare number such as `{name}: 120` and put the unit in `unit:`",
        )
    if kind in {"list_type"}:
        return Problem(file, path, f"expected a list, got {given!r}", f"write `{name}: [first, second]`")
    if kind == "string_type":
        return Problem(file, path, f"expected text, got {given!r}", f'quote it: `{name}: "..."`')
    if kind == "string_pattern_mismatch":
        return Problem(
            file, path, f"{given!r} is not a valid name",
            "use lowercase letters and digits joined by '-' for slugs, or by '_' for ids",
        )
    if kind == "literal_error":
        return Problem(file, path, f"{given!r} is not allowed: {message}", "use one of the listed values")
    if kind == "too_short":
        return Problem(file, path, message, f"give at least one entry, e.g. `{_example_for(name)}`")
    if "unknown competency" in message:
        what, _, known = message.partition("; known: ")
        return Problem(
            file, path, what,
            f"use a name from the vocabulary (extra.portfolio.competencies in mkdocs.yml): {known}",
        )
    return Problem(file, path, message, "see the story template: `make new` or README 'Writing a story'")


def parse_story_text(
    text: str, file: str, vocabulary: dict[str, Competency] | None
) -> tuple[Story | None, str, list[Problem]]:
    """Parse and validate one story's text. Returns (story or None, body, problems)."""
    if not text.strip():
        return None, "", [Problem(
            file, None, "the file is empty",
            "add front matter between `---` lines (run `make new` to scaffold one) or delete the file",
        )]
    raw, body = split_front_matter(text)
    if raw is None:
        return None, body, [Problem(
            file, None, "no front matter: a story starts with a `---` line, its YAML, and another `---`",
            "add front matter (run `make new` to see a complete example)",
        )]
    try:
        data = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        return None, body, [Problem(
            file, None, f"front matter is not valid YAML{where}: {reason}",
            "fix the YAML there (quote text that contains ': ' or starts with a special character)",
        )]
    if not isinstance(data, dict):
        return None, body, [Problem(
            file, None, "front matter must be a mapping of `key: value` lines",
            "write the story fields as `key: value` lines between the `---` lines",
        )]
    try:
        story = Story.model_validate(data, context={"vocabulary": vocabulary})
    except ValidationError as exc:
        return None, body, [_problem_from_error(file, e) for e in exc.errors()]
    return story, body, []


def discover_story_files(docs_dir: Path, stories_dir: str = "stories") -> list[Path]:
    root = docs_dir / stories_dir
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*.md") if p.name != "index.md")


def load_index(
    docs_dir: Path | str,
    vocabulary: dict[str, Competency],
    stories_dir: str = "stories",
    diagram_names: Iterable[str] | None = None,
) -> StoryIndex:
    """Read and validate every story under ``docs_dir/stories_dir``; collect every problem."""
    docs_dir = Path(docs_dir)
    index = StoryIndex(vocabulary=vocabulary)
    first_seen: dict[str, str] = {}
    unreadable: set[str] = set()
    for path in discover_story_files(docs_dir, stories_dir):
        src_path = path.relative_to(docs_dir).as_posix()
        file = f"{docs_dir.name}/{src_path}"
        story, body, problems = parse_story_text(path.read_text(encoding="utf-8"), file, vocabulary)
        index.problems.extend(problems)
        if story is None:
            unreadable.add(path.stem)
            continue
        slug = story.slug or path.stem
        if slug in first_seen:
            index.problems.append(Problem(
                file, "slug", f"story slug {slug!r} is already used by {first_seen[slug]}",
                "give one of the two stories another `slug:` (or rename the file)",
            ))
            continue
        first_seen[slug] = file
        index.stories[slug] = LoadedStory(story, slug, src_path, body, find_headings(body))
    index.problems.extend(check_links(index, docs_dir.name, diagram_names, unreadable))
    return index


def check_links(
    index: StoryIndex, docs_name: str = "docs", diagram_names: Iterable[str] | None = None,
    unreadable: Iterable[str] = (),
) -> list[Problem]:
    """Related stories and follow-up backings must point at stories, sections and diagrams that exist.

    Links to ``unreadable`` stories (files that failed to load) are skipped: the file's own
    error already says what is wrong, and a second problem per link would only bury it.
    """
    skipped = set(unreadable)
    problems: list[Problem] = []
    diagrams = set(diagram_names) if diagram_names is not None else None
    slugs = list(index.stories)
    for story in index.stories.values():
        file = f"{docs_name}/{story.src_path}"
        for i, slug in enumerate(story.meta.related):
            if slug not in index.stories and slug not in skipped:
                problems.append(_unknown_story(file, f"related[{i}]", slug, slugs))
        seen_ids: set[str] = set()
        for i, follow_up in enumerate(story.meta.follow_ups):
            fid = story.follow_up_id(follow_up)
            if fid in seen_ids:
                problems.append(Problem(
                    file, f"follow_ups[{i}]", f"two follow-ups share the id {fid!r}",
                    "give one of them an explicit `id:`",
                ))
            seen_ids.add(fid)
            for j, target in enumerate(follow_up.backed_by):
                if target.partition("#")[0] in skipped:
                    continue
                where = f"follow_ups[{i}].backed_by[{j}]"
                problem = _check_target(index, story, file, where, target, diagrams, slugs)
                if problem:
                    problems.append(problem)
    return problems


def _unknown_story(file: str, where: str, slug: str, slugs: list[str]) -> Problem:
    close = difflib.get_close_matches(slug, slugs, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return Problem(file, where, f"no story has the slug {slug!r}", f"{hint}known stories: {', '.join(slugs)}")


def _check_target(
    index: StoryIndex, story: LoadedStory, file: str, where: str, target: str,
    diagrams: set[str] | None, slugs: list[str],
) -> Problem | None:
    if target.startswith("diagram:"):
        name = target.removeprefix("diagram:")
        if diagrams is not None and name not in diagrams:
            close = difflib.get_close_matches(name, sorted(diagrams), n=1, cutoff=0.5)
            hint = f"did you mean 'diagram:{close[0]}'? " if close else ""
            return Problem(file, where, f"no diagram named {name!r}",
                           f"{hint}diagrams are the scripts in diagrams/: {', '.join(sorted(diagrams))}")
        return None
    slug, _, anchor = target.partition("#")
    other = story if not slug else index.stories.get(slug)
    if other is None:
        return _unknown_story(file, where, slug, slugs)
    if anchor and anchor not in other.anchors:
        close = difflib.get_close_matches(anchor, sorted(other.anchors), n=1, cutoff=0.5)
        hint = f"did you mean '#{close[0]}'? " if close else ""
        return Problem(
            file, where, f"story {other.slug!r} has no section with the anchor {anchor!r}",
            f"{hint}its sections: {', '.join('#' + a for a in sorted(other.anchors))}",
        )
    return None
