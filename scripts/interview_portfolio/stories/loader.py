"""Load every story from disk once, validate it, and scan its body once.

``load_index`` never stops at the first problem: it collects every problem of every file (file,
line, field, what is wrong, how to fix it) so ``check`` and the build report them all at once.
Each file is read with bounded size, bounded YAML (``frontmatter``) and one body scan (``body``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem, suggest
from . import frontmatter
from .body import BodyScan, Heading, scan
from .model import (
    KIND_ORDER,
    Cues,
    FollowUp,
    Metric,
    StoryFrontMatter,
    WorkedExample,
    WorkedInput,
    WorkedStep,
    slugify,
)
from .story_cache import StoryCache
from .vocabulary import Competency


# eq=False: one Story object per story and build, compared by identity. Views ask "is this story
# among those?" thousands of times at 100 stories; comparing whole front matters cost a third of
# a second.
@dataclass(eq=False, repr=False)
class Story:
    """A validated story: its front matter, where it lives, and what its body holds."""

    meta: StoryFrontMatter
    slug: str
    src_path: str  # relative to docs_dir, POSIX separators
    file: str  # as shown to the user: docs/stories/x.md
    body: str
    scan: BodyScan
    key_lines: dict[str, int] = field(default_factory=dict)  # field path -> line in the file
    body_line: int = 1  # line of the body's first line in the file

    def __repr__(self) -> str:
        return f"<Story {self.slug}>"

    @property
    def headings(self) -> list[Heading]:
        return self.scan.headings

    @property
    def anchors(self) -> set[str]:
        return {h.anchor for h in self.scan.headings}

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def public(self) -> bool:
        return self.meta.visibility == "public"

    @property
    def example(self) -> bool:
        return self.meta.provenance == "example"

    def follow_up_id(self, follow_up: FollowUp) -> str:
        return follow_up.id or slugify(follow_up.question) or "follow-up"

    def line_of(self, field_path: str) -> int | None:
        return self.key_lines.get(field_path.split(" ")[0])


@dataclass(repr=False)  # short: mkdocs-macros logs template variables by str() (site.SiteBuild)
class StoryIndex:
    """Every story of the portfolio, by slug, in kind then file-name order."""

    stories: dict[str, Story] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    vocabulary: dict[str, Competency] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # stems of files that failed to load

    def __repr__(self) -> str:
        return f"<StoryIndex: {len(self.stories)} stories, {len(self.problems)} problems>"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    # Lookups every page makes, built once per build (after loading) instead of scanning every
    # story on every call: these scans made a 1,000-story build quadratic.
    @cached_property
    def _by_src_path(self) -> dict[str, Story]:
        return {story.src_path: story for story in self.stories.values()}

    @cached_property
    def diagram_homes(self) -> dict[str, Story]:
        """Diagram name -> the first story (index order) whose page embeds it."""
        homes: dict[str, Story] = {}
        for story in self.stories.values():
            for name in story.scan.diagrams:
                homes.setdefault(name, story)
        return homes

    @cached_property
    def follow_ups_by_key(self) -> dict[str, list[tuple[Story, FollowUp]]]:
        """'q:normalised question' and 'id:explicit id' -> every (story, follow-up) with that key."""
        found: dict[str, list[tuple[Story, FollowUp]]] = {}
        for story in self.stories.values():
            for follow_up in story.meta.follow_ups:
                for key in follow_up_keys(follow_up):
                    found.setdefault(key, []).append((story, follow_up))
        return found

    def by_src_path(self, src_path: str) -> Story | None:
        return self._by_src_path.get(src_path)

    def public(self) -> list[Story]:
        """Public stories, examples included (what a story list shows)."""
        return [s for s in self.stories.values() if s.public]

    def portfolio(self) -> list[Story]:
        """What portfolio-wide views, counts and the PDF pack are made of: public, not examples."""
        return [s for s in self.stories.values() if s.public and not s.example]

    def examples(self) -> list[Story]:
        return [s for s in self.stories.values() if s.public and s.example]


def follow_up_keys(follow_up: FollowUp) -> list[str]:
    """What makes two follow-ups the same question: the same words, or the same explicit id."""
    keys = ["q:" + " ".join(re.findall(r"[a-z0-9]+", follow_up.question.lower()))]
    return keys + (["id:" + follow_up.id] if follow_up.id else [])


_NESTED_MODELS: dict[str, type[BaseModel]] = {
    "metrics": Metric, "follow_ups": FollowUp, "cues": Cues, "worked_examples": WorkedExample,
    "inputs": WorkedInput, "steps": WorkedStep,
}
_EXAMPLES = {
    "title": 'title: "Most proud project: the streaming platform"',
    "kind": "kind: star          # star | deep-dive | outline",
    "company": "company: Your company",
    "system": "system: The system this story is about",
    "role": "role: Lead engineer",
    "prompts": 'prompts: ["What is your most proud project?"]',
    "competencies": "competencies: [Driving Results]",
    "id": "id: onboarding_time",
    "label": "label: Tenant onboarding time",
    "category": "category: latency",
    "better": "better: lower       # or higher",
    "question": 'question: "How did you handle multi-tenancy?"',
    "group": "group: System design",
    "answer": "answer: A few cue words",
}


def _field_path(loc: Iterable[Any]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else ("." if path else "") + str(part)
    return path


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    model: type[BaseModel] = StoryFrontMatter
    for part in loc[:-1]:
        if isinstance(part, str) and part in _NESTED_MODELS:
            model = _NESTED_MODELS[part]
    return model


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _problem(file: str, err: Any, lines: dict[str, int], offset: int) -> Problem:
    loc = tuple(err["loc"])
    path = _field_path(loc) or None
    kind, given, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    message = err["msg"].removeprefix("Value error, ")
    name = str(loc[-1]) if loc else ""
    line = lines.get(path or "") or lines.get(_field_path(loc[:-1]))
    line = line + offset if line else None

    def problem(msg: str, fix: str) -> Problem:
        return Problem(file, path, msg, fix, line=line)

    if kind == "missing":
        return problem("required field is missing", f"add `{_EXAMPLES.get(name, name + ': ...')}`")
    if kind == "extra_forbidden":
        allowed = list(_model_at(loc).model_fields)
        hint = suggest(name, allowed, known=False)
        return problem(f"unknown key `{name}`",
                       f"{hint + ' ' if hint else ''}rename or remove it; allowed keys here: {', '.join(allowed)}")
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}:
        return problem(f"expected a number, got {_shown(given)}",
                       f"write a bare number such as `{name}: 120` and put the unit in `unit:`")
    if kind == "finite_number":
        return problem(f"{_shown(given)} is not a finite number", f"write a real number, e.g. `{name}: 120`")
    if kind in {"less_than_equal", "greater_than_equal", "less_than", "greater_than"}:
        return problem(f"{_shown(given)} is out of range: {message}",
                       "use a number in range; for very large values change the unit (1.2 with unit PB)")
    if kind == "list_type":
        return problem(f"expected a list, got {_shown(given)}", f"write `{name}: [first, second]`")
    if kind == "dict_type" or kind == "model_type":
        return problem(f"expected `key: value` fields, got {_shown(given)}",
                       f"see the story template (`make new`) for the shape of `{name}`")
    if kind == "string_type":
        return problem(f"expected text, got {_shown(given)}", f'quote it: `{name}: "..."`')
    if kind == "string_too_short":
        return problem("is empty", f"write a value for `{name}`, or remove the key")
    if kind == "string_too_long":
        return problem(f"is {len(given or '')} characters; at most {ctx.get('max_length')}",
                       "shorten it; put detail in the body or in `description:`")
    if kind == "string_pattern_mismatch":
        return problem(f"{_shown(given)} is not a valid name",
                       "use lowercase letters and digits joined by '-' for slugs, or by '_' for ids")
    if kind == "literal_error":
        return problem(f"{_shown(given)} is not allowed: {message}", "use one of the listed values")
    if kind == "too_short":
        return problem(message, f"give at least one entry, e.g. `{_EXAMPLES.get(name, name + ': [...]')}`")
    if "unknown competency" in message:
        what, _, known = message.partition("; known: ")
        return problem(what, f"use a name from the vocabulary (extra.portfolio.competencies in mkdocs.yml): {known}")
    return problem(message, "see the story template: `make new` or README 'Writing a story'")


@dataclass
class ParsedFile:
    meta: StoryFrontMatter | None
    body: str
    body_line: int
    key_lines: dict[str, int]
    problems: list[Problem]


def parse_story(data: bytes, file: str, vocabulary: dict[str, Competency] | None) -> ParsedFile:
    """Decode, split, parse and validate one story file; never raises for bad input."""
    def failed(message: str, fix: str, line: int | None = None, body: str = "", body_line: int = 1) -> ParsedFile:
        return ParsedFile(None, body, body_line, {}, [Problem(file, None, message, fix, line=line)])

    try:
        text = frontmatter.decode(data)
    except frontmatter.FrontMatterError as exc:
        return failed(str(exc), exc.fix, exc.line)
    if not text.strip():
        return failed("the file is empty",
                      "add front matter between `---` lines (run `make new` to scaffold one) or delete the file")
    parts = frontmatter.split(text)
    if parts.yaml_text is None:
        return failed("no front matter: a story starts with a `---` line, its YAML, and another `---`",
                      "add front matter (run `make new` to see a complete example)", 1, parts.body)
    try:
        raw, lines = frontmatter.parse(parts.yaml_text, first_line=2)  # line 1: the opening `---`
    except frontmatter.FrontMatterError as exc:
        return failed(str(exc), exc.fix, exc.line or None, parts.body, parts.body_line)
    try:
        meta = StoryFrontMatter.model_validate(raw, context={"vocabulary": vocabulary})
    except ValidationError as exc:
        problems = [_problem(file, e, lines, 0) for e in exc.errors(include_url=False)]
        return ParsedFile(None, parts.body, parts.body_line, lines, problems)
    return ParsedFile(meta, parts.body, parts.body_line, lines, [])


def discover_story_files(docs_dir: Path, stories_dir: str = "stories") -> list[Path]:
    root = docs_dir / stories_dir
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*.md") if p.name != "index.md")


# Stories already loaded, by file and content: `mkdocs serve` keeps this module between rebuilds
# (macros/hooks.py), so a save re-parses the one file that changed. A Story is never changed
# after loading, so one object can serve several builds.
_loaded: dict[tuple[str, str], tuple[bytes, tuple[tuple[str, Competency], ...], tuple[Story | None, list[Problem]]]] = {}


def load_story(path: Path, docs_dir: Path, vocabulary: dict[str, Competency],
               cache: StoryCache | None = None) -> tuple[Story | None, list[Problem]]:
    """One story file, loaded: from memory or ``cache`` when its bytes are the same, else parsed."""
    src_path = path.relative_to(docs_dir).as_posix()
    file = f"{docs_dir.name}/{src_path}"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, None, f"cannot read the file: {exc.strerror}", "check its permissions")]
    key, digest, words = (str(docs_dir), src_path), hashlib.blake2b(data, digest_size=16).digest(), tuple(vocabulary.items())
    known = _loaded.get(key)
    if known is not None and known[0] == digest and known[1] == words:
        return known[2]
    disk_key = cache.key(file, data, words) if cache is not None else None  # None: no cache here
    result = cache.get(file, disk_key) if cache is not None and disk_key is not None else None
    if result is None:
        result = _load_parsed(data, src_path, file, vocabulary)
        if cache is not None and disk_key is not None:
            cache.put(file, disk_key, result)
    _loaded[key] = (digest, words, result)
    return result


def _load_parsed(data: bytes, src_path: str, file: str, vocabulary: dict[str, Competency]) -> tuple[Story | None, list[Problem]]:
    parsed = parse_story(data, file, vocabulary)
    if parsed.meta is None:
        return None, parsed.problems
    body_scan = scan(parsed.body, parsed.body_line)
    problems = [Problem(file, "body", issue.message, issue.fix, line=issue.line) for issue in body_scan.issues]
    slug = parsed.meta.slug or Path(src_path).stem
    story = Story(parsed.meta, slug, src_path, file, parsed.body, body_scan, parsed.key_lines, parsed.body_line)
    return story, problems


def load_index(
    docs_dir: Path | str,
    vocabulary: dict[str, Competency],
    stories_dir: str = "stories",
    diagram_names: Iterable[str] | None = None,
    *,
    private_excluded: bool = False,
    cache: StoryCache | None = None,
) -> StoryIndex:
    """Read and validate every story under ``docs_dir/stories_dir``; collect every problem.

    With ``cache``, stories parsed by an earlier process are read back from it when unchanged.
    """
    from .links import check_links

    docs_dir = Path(docs_dir)
    index = StoryIndex(vocabulary=vocabulary)
    loaded: list[Story] = []
    first_seen: dict[str, str] = {}
    paths = discover_story_files(docs_dir, stories_dir)
    for path in paths:
        story, problems = load_story(path, docs_dir, vocabulary, cache)
        index.problems.extend(problems)
        if story is None:
            index.unreadable.add(path.stem)
            continue
        if story.slug in first_seen:
            index.problems.append(Problem(
                story.file, "slug", f"story slug {story.slug!r} is already used by {first_seen[story.slug]}",
                "give one of the two stories another `slug:` (or rename the file)",
            ))
            continue
        first_seen[story.slug] = story.file
        loaded.append(story)
    if cache is not None:
        cache.prune({f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}" for path in paths})
    for story in sorted(loaded, key=lambda s: (KIND_ORDER[s.meta.kind], s.src_path)):
        index.stories[story.slug] = story
    index.problems.extend(check_links(
        index, diagram_names, index.unreadable, private_excluded=private_excluded,
    ))
    if private_excluded:  # private means absent: no view can reach a private story
        index.stories = {slug: s for slug, s in index.stories.items() if s.public}
    return index
