"""Scaffold a new story: one template per kind (``templates/KIND.md``).

Each template is a complete story that validates and passes the lint except for its
``[TODO: ...]`` placeholders, which ``check`` lists until they are filled in. The title is written
only into the YAML, as a quoted string: it is data, never part of the template, so ``{{ 7*7 }}``
or backticks in a title stay exactly as typed.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import get_args

from ..errors import ConfigError
from .model import MAX_SLUG, MAX_TITLE, SLUG_PATTERN, StoryKind, slugify

TITLE_SLOT = "__TITLE__"


def template_text(kind: str) -> str:
    kinds = get_args(StoryKind)
    if kind not in kinds:
        raise ConfigError(f"unknown kind {kind!r}: use one of {', '.join(kinds)}")
    return resources.files(__package__).joinpath("templates", f"{kind}.md").read_text(encoding="utf-8")


def story_template(title: str, kind: str = "star", slug: str | None = None) -> tuple[str, str]:
    """Return (file text, slug) for a new story; ConfigError for a bad title, kind or slug."""
    title = " ".join(title.split())
    if not title:
        raise ConfigError('give a title: make new TITLE="Led the migration to event sourcing"')
    if len(title) > MAX_TITLE:
        raise ConfigError(f"the title is {len(title)} characters; keep it under {MAX_TITLE + 1}")
    text = template_text(kind)
    slug = slug or slugify(title)
    if not slug:
        raise ConfigError(
            f"the title {title!r} has no letters or digits to make a file name from: "
            'pass one with SLUG=my-story (make) or --slug my-story'
        )
    if not re.match(SLUG_PATTERN, slug) or len(slug) > MAX_SLUG:
        raise ConfigError(
            f"slug {slug!r}: use lowercase letters and digits joined by '-', at most {MAX_SLUG} characters"
        )
    # A JSON string is a valid YAML double-quoted scalar: every character is escaped for YAML.
    return text.replace(TITLE_SLOT, json.dumps(title, ensure_ascii=False), 1), slug
