"""Generate large portfolios for the benchmark by cloning the shipped stories.

A portfolio of N stories cycles through the shipped stories: story ``i`` is copy ``i // S`` of
shipped story ``i % S`` (S shipped stories). Copy 0 keeps the shipped file unchanged; copy k > 0
gets a unique file name (slug), title, first heading and follow-up questions and ids (the
project links follow-ups that share a question or an id across stories, which identical clones
would turn into N-to-N links no real portfolio has). Metric ids are per story, so they stay.

Cross-story references are rewritten consistently: in copy k, a reference to shipped story T
points at T's copy k when the portfolio has it, else at T's copy 0, else it is dropped. That
covers ``related:``, ``backed_by:`` story links, Markdown links to ``T.md`` and
``metric('T:id')`` calls.

The "Material alone" variant of a portfolio has the same pages with every ``{{ ... }}`` and
``{% ... %}`` removed, and a config that inherits mkdocs.yml minus the macros plugin, with the
story nav the project would build spelled out.

Everything except :func:`write_portfolio` and :func:`write_material_variant` is pure text in,
text out, so it is unit tested (tests/unit/test_benchmark.py). No import of the project's code:
the benchmark measures the project only from outside.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
MD_LINK = re.compile(
    r"\[(?P<text>[^\]]*)\]\((?P<prefix>(?:\.\./)*(?:[\w-]+/)*)(?P<slug>[a-z0-9-]+)\.md(?P<anchor>#[^)\s]*)?\)"
)
METRIC_REF = re.compile(r"metric\(\s*(?P<q>['\"])(?P<slug>[a-z0-9-]+):(?P<id>[A-Za-z0-9_]+)(?P=q)\s*\)")
JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
JINJA_STATEMENT = re.compile(r"\{%.*?%\}", re.S)
H1 = re.compile(r"^# (?P<title>.+?)(?P<attrs>\s*\{[^}]*\})?[ \t]*$", re.M)
KIND_ORDER = {"star": 0, "deep-dive": 1, "outline": 2}
MATERIAL_CONFIG = "mkdocs-material-alone.yml"

Resolver = Callable[[str], "str | None"]


@dataclass(frozen=True)
class PlannedStory:
    """One story of a generated portfolio: which shipped story it copies, and its new slug."""

    source: str  # slug (file stem) of the shipped story
    copy: int  # 0 for the shipped file itself
    slug: str


@dataclass(frozen=True)
class GeneratedStory:
    """A generated story file: what the nav needs to know about it."""

    slug: str
    src_path: str  # relative to docs_dir, POSIX separators
    title: str
    kind: str


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its `!!python/name:` or `!ENV` tags."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(text: str) -> dict:
    """mkdocs.yml as plain data (tags such as ``!ENV`` read as None)."""
    return yaml.load(text, Loader=_TolerantLoader) or {}


# --- planning and references -------------------------------------------------------------------

def clone_slug(slug: str, copy: int) -> str:
    """File stem of copy ``copy`` of a shipped story (copy 0 is the shipped story itself)."""
    return slug if copy == 0 else f"{slug}-copy{copy}"


def plan_portfolio(shipped: list[str], size: int) -> list[PlannedStory]:
    """``size`` stories cycling through the ``shipped`` slugs; slugs are unique."""
    if not shipped:
        raise ValueError("no shipped stories to clone")
    if size < 1:
        raise ValueError("a portfolio needs at least one story")
    planned = [
        PlannedStory(shipped[i % len(shipped)], i // len(shipped), clone_slug(shipped[i % len(shipped)], i // len(shipped)))
        for i in range(size)
    ]
    slugs = [p.slug for p in planned]
    if len(set(slugs)) != len(slugs):
        raise ValueError("generated slugs collide with shipped ones; rename the clone scheme")
    return planned


def resolver(planned: Iterable[PlannedStory], copy: int) -> Resolver:
    """Map a shipped slug to the story a reference from copy ``copy`` should point at, or None."""
    present = {(p.source, p.copy): p.slug for p in planned}

    def resolve(slug: str) -> str | None:
        return present.get((slug, copy)) or present.get((slug, 0))

    return resolve


# --- rewriting one story -------------------------------------------------------------------------

def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter as data, Markdown body). A file without front matter gives ({}, text)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    return yaml.safe_load(match.group(1) or "") or {}, text[match.end():]


def join_front_matter(meta: dict, body: str) -> str:
    """Front matter and body back into one Markdown file."""
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{dumped}---\n{body}"


def _map_target(target: str, resolve: Resolver, shipped: set[str]) -> str | None:
    """A ``backed_by`` entry with its story slug mapped; None when its story is not generated."""
    if target.startswith(("diagram:", "#")):
        return target
    slug, sep, anchor = target.partition("#")
    if slug not in shipped:
        return target
    new = resolve(slug)
    return None if new is None else f"{new}{sep}{anchor}"


def rewrite_body_refs(body: str, resolve: Resolver, shipped: set[str]) -> str:
    """Point Markdown links to ``T.md`` and ``metric('T:id')`` calls at the mapped stories.

    A link to a story that is not generated keeps its text only; a metric call quoting one
    becomes the string ``'(dropped)'``, which still renders.
    """
    def link(m: re.Match) -> str:
        if m["slug"] not in shipped:
            return m[0]
        new = resolve(m["slug"])
        if new is None:
            return m["text"]
        return f"[{m['text']}]({m['prefix']}{new}.md{m['anchor'] or ''})"

    def metric(m: re.Match) -> str:
        if m["slug"] not in shipped:
            return m[0]
        new = resolve(m["slug"])
        return "'(dropped)'" if new is None else f"metric({m['q']}{new}:{m['id']}{m['q']})"

    return METRIC_REF.sub(metric, MD_LINK.sub(link, body))


def clone_story(text: str, slug: str, copy: int, resolve: Resolver, shipped: set[str]) -> str:
    """The text of copy ``copy`` of a shipped story, whose new slug is ``slug``."""
    meta, body = split_front_matter(text)
    if copy > 0:
        suffix = f" (copy {copy})"
        meta["title"] = f"{meta.get('title', slug)}{suffix}"
        if meta.get("slug"):
            meta["slug"] = slug
        for follow_up in meta.get("follow_ups") or []:
            follow_up["question"] = f"{follow_up['question']}{suffix}"
            if follow_up.get("id"):
                follow_up["id"] = f"{follow_up['id']}-copy{copy}"
        body = H1.sub(lambda m: f"# {m['title']}{suffix}{m['attrs'] or ''}", body, count=1)
    related = []
    for target in meta.get("related") or []:
        new = resolve(target) if target in shipped else target
        if new is not None and new != slug and new not in related:
            related.append(new)
    if "related" in meta:
        meta["related"] = related
    for follow_up in meta.get("follow_ups") or []:
        if "backed_by" in follow_up:
            mapped = (_map_target(t, resolve, shipped) for t in follow_up["backed_by"])
            follow_up["backed_by"] = [t for t in mapped if t is not None]
    return join_front_matter(meta, rewrite_body_refs(body, resolve, shipped))


# --- the Material-alone variant ------------------------------------------------------------------

def strip_macros(text: str) -> str:
    """The page without any ``{{ ... }}`` expression or ``{% ... %}`` statement."""
    return JINJA_STATEMENT.sub("", JINJA_EXPRESSION.sub("", text))


def story_nav(nav: list, stories: Iterable[GeneratedStory], stories_dir: str) -> list:
    """The nav the project builds: the stories section lists every story, by kind then path."""
    section_index = f"{stories_dir}/index.md"
    ordered = sorted(stories, key=lambda s: (KIND_ORDER.get(s.kind, len(KIND_ORDER)), s.src_path))
    out = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1 and next(iter(item.values())) == section_index:
            title = next(iter(item))
            item = {title: [section_index] + [{s.title: s.src_path} for s in ordered]}
        out.append(item)
    return out


def without_plugin(plugins: list | dict | None, name: str) -> list:
    """The ``plugins:`` entries of mkdocs.yml without plugin ``name`` (list form)."""
    if isinstance(plugins, dict):
        plugins = [{k: v} if v else k for k, v in plugins.items()]
    kept = []
    for entry in plugins or []:
        entry_name = entry if isinstance(entry, str) else next(iter(entry))
        if entry_name != name:
            kept.append(entry)
    return kept


def material_config(project_config: dict, stories: Iterable[GeneratedStory], parent: str = "mkdocs.yml") -> str:
    """A config inheriting the project's (same theme, extensions, validation), minus macros."""
    stories_dir = (((project_config.get("extra") or {}).get("portfolio")) or {}).get("stories_dir", "stories")
    # No macros plugin and none of the project's hooks: Material alone.
    child: dict = {"INHERIT": parent, "plugins": without_plugin(project_config.get("plugins"), "macros"), "hooks": []}
    if project_config.get("nav"):
        child["nav"] = story_nav(project_config["nav"], stories, stories_dir)
    return yaml.safe_dump(child, sort_keys=False, allow_unicode=True, width=1_000_000)


# --- on disk ---------------------------------------------------------------------------------------

def stories_dir_of(root: Path) -> str:
    """``extra.portfolio.stories_dir`` of the project at ``root`` (default ``stories``)."""
    config = read_config((root / "mkdocs.yml").read_text(encoding="utf-8"))
    return (((config.get("extra") or {}).get("portfolio")) or {}).get("stories_dir", "stories")


def shipped_stories(docs_dir: Path, stories_dir: str) -> dict[str, Path]:
    """Shipped story files by slug (file stem), in file-name order; ``index.md`` is not a story."""
    files = sorted(p for p in (docs_dir / stories_dir).glob("*.md") if p.name != "index.md")
    return {p.stem: p for p in files}


def write_portfolio(template: Path, dest: Path, size: int) -> list[GeneratedStory]:
    """Copy the project at ``template`` to ``dest`` with ``size`` stories cloned from its own.

    ``template`` is a plain copy of the project (mkdocs.yml, docs/, diagrams/ ...). Other pages
    get the same reference rewriting as copy 0, so a size below the shipped count still builds.
    """
    shutil.copytree(template, dest, symlinks=True, ignore=shutil.ignore_patterns("site", "__pycache__"))
    docs = dest / "docs"
    stories_dir = stories_dir_of(dest)
    sources = shipped_stories(docs, stories_dir)
    texts = {slug: path.read_text(encoding="utf-8") for slug, path in sources.items()}
    for path in sources.values():
        path.unlink()
    planned = plan_portfolio(list(sources), size)
    shipped = set(sources)
    generated = []
    for story in planned:
        text = clone_story(texts[story.source], story.slug, story.copy, resolver(planned, story.copy), shipped)
        path = docs / stories_dir / f"{story.slug}.md"
        path.write_text(text, encoding="utf-8")
        meta, _ = split_front_matter(text)
        generated.append(GeneratedStory(
            story.slug, path.relative_to(docs).as_posix(), str(meta.get("title", story.slug)), str(meta.get("kind", "")),
        ))
    for page in docs.rglob("*.md"):
        if page.parent != docs / stories_dir or page.name == "index.md":
            old = page.read_text(encoding="utf-8")
            new = rewrite_body_refs(old, resolver(planned, 0), shipped)
            if new != old:
                page.write_text(new, encoding="utf-8")
    return generated


def write_material_variant(portfolio: Path, dest: Path, stories: list[GeneratedStory]) -> Path:
    """Copy ``portfolio`` to ``dest`` with macro calls stripped; return the Material-alone config."""
    shutil.copytree(portfolio, dest, symlinks=True, ignore=shutil.ignore_patterns("site", "__pycache__"))
    for page in (dest / "docs").rglob("*.md"):
        page.write_text(strip_macros(page.read_text(encoding="utf-8")), encoding="utf-8")
    config = read_config((dest / "mkdocs.yml").read_text(encoding="utf-8"))
    path = dest / MATERIAL_CONFIG
    path.write_text(material_config(config, stories), encoding="utf-8")
    return path
