"""What one site build knows and decides, free of MkDocs: the glue in ``macros/`` calls this.

A ``SiteBuild`` is made once per build: settings, every story loaded and scanned once, the
diagrams rendered, and every problem found so far. It decides which story pages exist for the
audience, what MkDocs is shown of a story's front matter (only the keys MkDocs and Material read,
escaped), and collects the problems of the render so they are reported all at once.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import DiagramError, Problem, ToolMissing
from .figures import render as figures
from .rendering.escaping import meta_text, text
from .rendering.html import KeptHtml
from .rendering.template_text import PlainText
from .settings import Settings
from .stories.loader import Story, StoryIndex, discover_story_files, follow_up_keys, load_index, load_story
from .stories.model import KIND_ORDER, KIND_PLURALS
from .stories.story_cache import StoryCache

CACHE_DIR = Path(".cache") / "portfolio"
TEMPLATE_NAME = re.compile(r"[\w-]+(/[\w-]+)*\.html")
ME_ONLY_PAGES = frozenset({"views/readiness.md"})
NAV_GROUP = 40  # stories per nav sub-section once a portfolio outgrows one flat list
REPORT_ENV = "PORTFOLIO_CHECK_REPORT"  # check: write every problem of the trial build here (JSON)
TEXT_SUFFIXES = {".html", ".json", ".xml", ".svg", ".txt", ".js", ".css"}
SEARCH_INDEX = Path("search") / "search_index.json"
SEARCH_BUDGET = 5 * 1024 * 1024  # bytes; above it, story sections are indexed by their opening words
DIAGRAMS_OUT = "assets/diagrams"
# Keys of a story's front matter that MkDocs or Material read themselves; everything else is the
# story's data and is never shown to MkDocs (so never to mkdocs-macros' template variables).
MKDOCS_KEYS = ("title", "description", "subtitle", "status", "tags", "hide", "icon", "template", "search")
_TEXT_KEYS = {"title", "description", "subtitle", "status"}
ICON_NAME = re.compile(r"[\w-]+(?:/[\w-]+)+")  # material/rocket-launch: no `..`, no absolute path


# repr=False: mkdocs-macros writes every template variable to its debug log on each build, by
# str(); the generated repr of a whole portfolio was megabytes (a quarter second at 100 stories).
@dataclass(repr=False)
class SiteBuild:
    root: Path
    docs_dir: Path
    settings: Settings
    index: StoryIndex
    diagram_names: list[str]
    diagram_dir: Path
    serving: bool = False
    problems: list[Problem] = field(default_factory=list)
    bad_icons: set[str] = field(default_factory=set)  # src_paths whose `icon:` the theme lacks
    bad_templates: set[str] = field(default_factory=set)  # src_paths whose `template:` the theme lacks
    hidden_diagrams: set[str] = field(default_factory=set)  # drawn by stories left out of the index
    kept_html: KeptHtml = field(default_factory=KeptHtml)  # the views' HTML, until pages are converted
    plain_text: PlainText = field(default_factory=PlainText)  # pages' text, while Jinja renders their tags

    def __repr__(self) -> str:
        return f"<SiteBuild {self.settings.audience}: {len(self.index.stories)} stories>"

    # --- which pages exist -------------------------------------------------------------------

    def story_for(self, src_path: str) -> Story | None:
        return self.index.by_src_path(src_path)

    def is_story_path(self, src_path: str) -> bool:
        return src_path.startswith(self.settings.stories_dir + "/") and src_path.endswith(".md") \
            and not src_path.endswith("/index.md")

    def keeps_page(self, src_path: str) -> bool:
        """Whether a docs page is part of this audience's site."""
        if self.settings.audience == "interviewer":
            return src_path in ("index.md", "interviewer/index.md")
        if self.is_story_path(src_path):
            story = self.story_for(src_path)
            if story is None:  # a story that failed to load: an error page in serve, else absent
                return self.serving or self.settings.audience == "me"
            return story.public or not self.settings.private_excluded
        # The readiness page is the candidate's own to-do list: drafts, unconfirmed numbers.
        return not (src_path in ME_ONLY_PAGES and self.settings.audience != "me")

    def diagrams_to_publish(self) -> list[str]:
        """Every diagram, except one used only by stories this audience does not see.

        Private stories are not in the index of a public build; ``hidden_diagrams`` holds theirs.
        """
        if self.settings.audience == "interviewer":
            return []
        hidden: set[str] = set(self.hidden_diagrams)
        shown: set[str] = set()
        for story in self.index.stories.values():
            (shown if self.keeps_page(story.src_path) else hidden).update(story.scan.diagrams)
        return [name for name in self.diagram_names if name not in hidden - shown]

    # --- what MkDocs sees ----------------------------------------------------------------------

    def story_meta(self, story: Story) -> dict[str, Any]:
        """What MkDocs and Material are shown of a story's front matter: their own keys, escaped."""
        meta: dict[str, Any] = {}
        for key in MKDOCS_KEYS:
            value = getattr(story.meta, key)
            if value is None or value == []:  # unset: None, or the empty list tags and hide default to
                continue
            if (key == "icon" and story.src_path in self.bad_icons) or (
                    key == "template" and story.src_path in self.bad_templates):
                continue  # reported by check_theme_keys; Material would crash including it
            if key in _TEXT_KEYS:
                value = meta_text(self.settings.redact_text(value))
            elif key == "tags":
                value = [meta_text(self.settings.redact_text(tag)) for tag in value]
            elif isinstance(value, (list, dict)):
                value = copy.deepcopy(value)  # the page's meta is MkDocs' to change; the story stays as loaded
            meta[key] = value
        return meta

    def story_source(self, story: Story) -> str:
        """The page source MkDocs reads for a story: an empty front matter, then the body.

        The page's meta is ``story_meta``, set as the page's Markdown is handed over
        (``macros/hooks.py``), with no YAML written and read back. The empty block keeps a
        body that starts with a ``---`` line from being read as front matter.
        """
        return f"---\n{{}}\n---\n\n{story.body}"

    def error_source(self, src_path: str) -> str:
        """The page ``mkdocs serve`` shows for a story that failed to load: every problem, escaped."""
        file = f"{self.docs_dir.name}/{src_path}"
        mine = [p for p in self.index.problems if p.file == file]
        lines = ["---", f"title: {json.dumps('Problem in ' + src_path)}", "---", "",
                 '!!! failure "This story has problems; the page comes back when you save a fix"', ""]
        for p in mine:
            where = f"line {p.line}, " if p.line else ""
            lines.append(f"    - **{text(where + (p.field or 'file'))}**: {text(p.message)}  ")
            lines.append(f"      fix: {text(p.fix)}")
        return "\n".join(lines) + "\n"

    def nav_entries(self) -> tuple[list[Any], list[Any]]:
        """(stories, examples) for the nav: escaped titles, kind then file order.

        A long list is split into sub-sections by kind, then into runs of NAV_GROUP stories: with
        Material's `navigation.prune`, a page then carries only its own run, so page size stays
        flat as the portfolio grows.
        """
        stories: list[Story] = []
        examples: list[Story] = []
        for story in sorted(self.index.stories.values(), key=lambda s: (KIND_ORDER[s.meta.kind], s.src_path)):
            if self.keeps_page(story.src_path):
                (examples if story.example else stories).append(story)
        return self._nav_items(stories), self._nav_items(examples)

    def _nav_items(self, stories: list[Story]) -> list[Any]:
        def entry(story: Story) -> dict[str, str]:
            return {meta_text(self.settings.redact_text(story.title)): story.src_path}

        if len(stories) <= NAV_GROUP:
            return [entry(s) for s in stories]
        items: list[Any] = []
        for kind, label in KIND_PLURALS.items():
            of_kind = [s for s in stories if s.meta.kind == kind]
            runs = [of_kind[i:i + NAV_GROUP] for i in range(0, len(of_kind), NAV_GROUP)]
            for n, run in enumerate(runs, 1):
                name = label if len(runs) == 1 else f"{label} {n}/{len(runs)}"
                items.append({name: [entry(s) for s in run]})
        return items

    def check_theme_keys(self, theme_dirs: Iterable[str | Path]) -> None:
        """Record a problem for each story whose `icon:` or `template:` the theme does not have."""
        dirs = [Path(d) for d in theme_dirs]
        for story in self.index.stories.values():
            template = story.meta.template
            if template is None or (TEMPLATE_NAME.fullmatch(template)
                                    and any((d / template).is_file() for d in dirs)):
                continue
            self.bad_templates.add(story.src_path)
            self.record(Problem(
                story.file, "template", f"unknown template {template!r}: neither the theme nor overrides/ has it",
                "remove the key (stories use the default page template), or add the file under overrides/",
                line=story.line_of("template"),
            ))
        icon_dirs = [d / ".icons" for d in dirs]
        for story in self.index.stories.values():
            icon = story.meta.icon
            if icon is None or (ICON_NAME.fullmatch(icon)
                                and any((d / f"{icon}.svg").is_file() for d in icon_dirs)):
                continue
            self.bad_icons.add(story.src_path)
            self.record(Problem(
                story.file, "icon", f"unknown icon {icon!r}: the theme has no such icon",
                "use a Material icon name such as `material/rocket-launch` (see Material's "
                "'Icons, Emojis' page), or remove the key", line=story.line_of("icon"),
            ))

    # --- what a dirty rebuild (`mkdocs serve --dirty`) must redo ------------------------------

    def fingerprint(self) -> str:
        """Everything that shows on every page (the nav) or changes every page (the code)."""
        digest = hashlib.sha256()
        for story in sorted(self.index.stories.values(), key=lambda s: s.src_path):
            digest.update(repr((story.src_path, story.title, story.meta.kind, story.meta.provenance,
                                story.meta.visibility)).encode())
        for folder in (Path(__file__).parent, self.root / "macros", self.root / "overrides"):
            for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
                if path.is_file() and "__pycache__" not in path.parts:
                    digest.update(f"{path}:{path.stat().st_mtime_ns}".encode())
        mkdocs_yml = self.root / "mkdocs.yml"
        if mkdocs_yml.is_file():
            digest.update(str(mkdocs_yml.stat().st_mtime_ns).encode())
        return digest.hexdigest()

    def view_fingerprints(self) -> dict[str, str]:
        """Per story, a hash of what other pages show of it: its front matter and its body scan.

        A save that changes neither (an edit of prose outside the marked answers) is seen only
        on the story's own page.
        """
        return {
            story.src_path: hashlib.sha256(
                (repr(story.meta) + repr(story.scan)).encode()  # repr, not model_dump: no serializer built
            ).hexdigest()
            for story in self.index.stories.values()
        }

    def pages_to_redo(self, changed: set[str], pages: set[str], shown_changed: set[str] | None = None) -> set[str]:
        """Pages that show something of the ``changed`` pages: portfolio-wide views and linking stories.

        Every page that is not a story may call a portfolio-wide macro, so it is redone when a
        story changed what other pages show of it (``shown_changed``; all of ``changed`` when not
        given); a story is redone when it links to, quotes or shares a follow-up with one.
        """
        changed_stories = {src for src in changed if self.is_story_path(src)}
        shown = changed_stories if shown_changed is None else changed_stories & shown_changed
        if not shown:
            return changed_stories
        slugs = {s.slug for s in self.index.stories.values() if s.src_path in shown}
        redo = changed_stories | {src for src in pages if not self.is_story_path(src)}
        for story in self.index.stories.values():
            linked = set(story.meta.related) | set(story.scan.metric_stories)
            linked |= {t.partition("#")[0] for f in story.meta.follow_ups for t in f.backed_by}
            linked |= {other.slug for f in story.meta.follow_ups for key in follow_up_keys(f)
                       for other, _ in self.index.follow_ups_by_key.get(key, [])}
            if linked & slugs:
                redo.add(story.src_path)
        return redo

    # --- problems --------------------------------------------------------------------------

    def record(self, problem: Problem) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def report(self) -> list[Problem]:
        """Every error of the build so far: stories, diagrams, macros."""
        return [p for p in self.index.problems + self.problems if p.severity == "error"]


def start(root: Path, docs_dir: Path, settings: Settings, *, serving: bool, log: Any = None) -> SiteBuild:
    """Render the diagrams and load every story once; problems are collected, not raised.

    A missing tool (``dot``) is raised: nothing can be drawn until it is installed.
    """
    diagram_dir = root / CACHE_DIR / "diagrams"
    problems: list[Problem] = []
    names: list[str] = []
    diagrams_dir = root / "diagrams"
    if diagrams_dir.is_dir():
        try:
            names = figures.list_diagrams(diagrams_dir)
            figures.render_all(diagrams_dir, diagram_dir, log=log)
        except ToolMissing:
            raise
        except DiagramError as exc:
            problems.append(Problem("diagrams/", None, str(exc), "fix the diagram script named above"))
    index = load_index(
        docs_dir, settings.vocabulary, settings.stories_dir, names,
        private_excluded=settings.private_excluded, cache=StoryCache(root / CACHE_DIR / "stories"),
    )
    build = SiteBuild(root, docs_dir, settings, index, names, diagram_dir, serving, problems)
    build.hidden_diagrams = _left_out_diagrams(docs_dir, settings, index)
    return build


def _left_out_diagrams(docs_dir: Path, settings: Settings, index: StoryIndex) -> set[str]:
    """Diagrams that stories left out of the index (private, in a public build) draw."""
    if not settings.private_excluded:
        return set()
    kept = {story.src_path for story in index.stories.values()}
    found: set[str] = set()
    for path in discover_story_files(docs_dir, settings.stories_dir):
        if path.relative_to(docs_dir).as_posix() in kept:
            continue
        story, _ = load_story(path, docs_dir, settings.vocabulary)
        if story is not None:
            found.update(story.scan.diagrams)
    return found


def redact_file_text(settings: Settings, content: str) -> str:
    """Redaction for a whole output file; inlined ``data:`` URIs (diagram icons) are left alone."""
    parts = re.split(r"(data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+)", content)
    return "".join(part if i % 2 else settings.redact_text(part) for i, part in enumerate(parts))


def shape_nav(nav: list[Any] | None, build: SiteBuild) -> list[Any] | None:
    """The nav for this audience: stories filled in (examples in their own section)."""
    if build.settings.audience == "interviewer":
        return [{"Home": "index.md"}, {"Interviewer packet": "interviewer/index.md"}]
    if not nav:
        return nav
    section_index = f"{build.settings.stories_dir}/index.md"
    stories, examples = build.nav_entries()
    shaped: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1 and next(iter(item.values())) == section_index:
            title = next(iter(item))
            shaped.append({title: [section_index, *stories]})
            if examples:
                shaped.append({"Examples (not mine)": examples})
        else:
            shaped.append(item)
    return _kept_nav(shaped, build)


def _kept_nav(items: list[Any], build: SiteBuild) -> list[Any]:
    """The nav without the pages this audience does not get (and without sections left empty)."""
    kept: list[Any] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(value, list):
            children = _kept_nav(value, build)
            if children:
                kept.append({next(iter(item)): children} if isinstance(item, dict) else children)
        elif not isinstance(value, str) or "://" in value or build.keeps_page(value):
            kept.append(item)
    return kept


def interviewer_home() -> str:
    return (
        "---\ntitle: Mock-interviewer kit\n---\n\n# Mock-interviewer kit\n\n"
        "Everything you need to run a mock interview: the questions to ask, what to listen for, "
        "follow-ups to probe, a rubric and a scorecard. The candidate's answers are not in this kit.\n\n"
        "- [Open the interviewer packet](interviewer/index.md)\n"
        "- Print it: `pdf/interviewer-packet.pdf` (made by `make kit`)\n"
    )


def fit_search_index(path: Path, stories_dir: str, budget: int = SEARCH_BUDGET) -> bool:
    """Keep Material's search index under ``budget`` bytes; True when it had to be trimmed.

    Every title and heading stays searchable, and so does every page that is not a story. Only
    when the index is over budget are story sections cut to their opening words, the same
    number of characters for all, as many as the budget allows.
    """
    if not path.is_file() or path.stat().st_size <= budget:
        return False
    index = json.loads(path.read_text(encoding="utf-8"))
    stories = [doc for doc in index.get("docs", []) if doc.get("location", "").startswith(stories_dir + "/")]
    fixed = path.stat().st_size - sum(len(doc.get("text", "").encode()) for doc in stories)
    room = max(0, budget - fixed - 64 * len(stories))  # 64: slack for JSON escapes per document
    keep = room // max(1, len(stories))
    for doc in stories:
        text = doc.get("text", "")
        if len(text.encode()) > keep:
            cut = text.encode()[:keep].decode("utf-8", "ignore")
            doc["text"] = cut[: cut.rfind(" ")] + " …" if " " in cut else cut
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True


def kit_readme() -> str:
    """The note at the top of an interviewer build; its presence tells ``pdf`` to print the packet only."""
    return (
        "Mock-interviewer kit\n\n"
        "Open index.html in a browser, or print pdf/interviewer-packet.pdf: for each story the\n"
        "questions to ask, what to listen for, follow-ups to probe, a rubric and a scorecard.\n"
        "The candidate's answers are not in this kit.\n"
    )


def finish(build: SiteBuild, site_dir: Path, lint_problems: Callable[[], list[Problem]]) -> None:
    """After MkDocs wrote the site: bound the search index, redact every output file, write check's report.

    ``lint_problems`` runs only for check's report: nothing else reads it.
    """
    fit_search_index(site_dir / SEARCH_INDEX, build.settings.stories_dir)
    if build.settings.redacting:
        for path in site_dir.rglob("*"):
            if path.suffix in TEXT_SUFFIXES and path.is_file():
                content = path.read_text(encoding="utf-8")
                redacted = redact_file_text(build.settings, content)
                if redacted != content:
                    path.write_text(redacted, encoding="utf-8")
    report = os.environ.get(REPORT_ENV)
    if report:
        problems = build.index.problems + build.problems + lint_problems()
        Path(report).write_text(json.dumps([asdict(p) for p in problems]), encoding="utf-8")
