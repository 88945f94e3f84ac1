"""The one definition of every anchor and link between pages.

Links are Markdown links to ``.md`` sources, so MkDocs rewrites them and its strict validation
checks every one.
"""

from __future__ import annotations

import posixpath

from ..stories.loader import Story
from ..stories.model import FollowUp, Metric
from .escaping import cell, escape_link_syntax


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
