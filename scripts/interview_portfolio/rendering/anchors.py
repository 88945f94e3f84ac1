"""The one definition of every anchor and link between pages.

Views that write Markdown link to ``.md`` sources, so MkDocs rewrites them and its strict
validation checks every one. Views that write HTML (``rendering/html.py``) link to built URLs
(``href``), which MkDocs does not touch: their targets come from the index, so they exist.
Built URLs follow MkDocs' default ``use_directory_urls: true``: ``a/b.md`` is served at ``a/b/``.
"""

from __future__ import annotations

import functools
import posixpath

from ..stories.loader import Story
from ..stories.model import FollowUp, Metric
from .escaping import attr, cell, escape_link_syntax


def metric_anchor(metric: Metric) -> str:
    """The HTML id of a metric's row in the metric summary (dashboard links point here)."""
    return "metric-" + metric.id.replace("_", "-")


def followup_anchor(story: Story, follow_up: FollowUp) -> str:
    """The HTML id of a follow-up's row in its story's follow-up table."""
    return "followup-" + story.follow_up_id(follow_up)


def figure_id(name: str) -> str:
    """The HTML id of a diagram's figure: the target of a follow-up's 'diagram:NAME' link."""
    return "diagram-" + name.replace("_", "-")


def rel(page_src: str, target_src: str, anchor: str = "") -> str:
    """Relative link from one docs page to another page's source file, as MkDocs expects."""
    path = posixpath.relpath(target_src, posixpath.dirname(page_src) or ".")
    return f"{path}#{anchor}" if anchor else path


def story_link(page_src: str, story: Story, anchor: str = "", label: str | None = None) -> str:
    return f"[{escape_link_syntax(cell(label or story.title))}]({rel(page_src, story.src_path, anchor)})"


def page_dir(src: str) -> str:
    """Folder of a page's built URL: a/b.md -> a/b, a/index.md -> a, index.md -> ''."""
    stem = src.removesuffix(".md")
    return posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem


@functools.lru_cache(maxsize=65536)  # the same few pages link to the same stories many times
def href(page_src: str, target_src: str, anchor: str = "") -> str:
    """Relative URL of a built page (and anchor) from another, for HTML that MkDocs leaves alone."""
    path = posixpath.relpath(page_dir(target_src) or ".", page_dir(page_src) or ".") + "/"
    if path == "./" and anchor:
        return f"#{anchor}"
    return f"{path}#{anchor}" if anchor else path


@functools.lru_cache(maxsize=65536)  # a Story is never changed after loading: it keys by identity
def story_anchor(page_src: str, story: Story, anchor: str = "", label: str | None = None) -> str:
    """An HTML link to a story (or a place in it); the label is escaped text."""
    return f'<a href="{attr(href(page_src, story.src_path, anchor))}">{cell(label or story.title)}</a>'
