"""Scaffold a new story from the model's own template. Pure module: no MkDocs import.

The template is a complete, valid story (a test validates it against the model), with a
comment on every field, so a new user sees every option once and deletes what they don't need.
"""

from __future__ import annotations

import re
from typing import get_args

from .story_model import KIND_LABELS, SLUG_PATTERN, StoryKind, slugify

TEMPLATE = """\
---
# {kind_label}. Every field is described in README "Writing a story"; `make check` validates.
title: "{title}"
description: One sentence on what this story shows (used as the page's meta description).
kind: {kind}                 # star | deep-dive | outline
company: Your company
system: The system or product this story is about
role: Your role (e.g. Lead engineer)
prompts:                     # interview questions this story answers
  - "Tell me about a project you are proud of."
competencies:                # from the vocabulary: Driving Results, Embracing Ambiguity, ...
  - Driving Results
target_seconds: 120          # target speaking time of the answer
visibility: public           # private: left out of portfolio-wide views and PDFs
related: []                  # slugs of related stories
metrics:
  - id: example_latency      # quote it in prose with {{{{ metric('example_latency') }}}}
    label: p95 request latency
    category: latency        # latency | cost | reliability | adoption | efficiency | scale | quality | engagement | delivery
    before: 900
    after: 320
    unit: ms
    better: lower            # higher | lower
    method: Load-balancer logs, p95 over a week
    window: Last 90 days
    headline: true           # show on the home page dashboard
follow_ups:
  - question: "What would you do differently?"
    group: Hindsight
    answer: A few cue words, not a script.
    backed_by: ["#result"]   # '#section', 'story-slug', 'story-slug#section', 'diagram:name'
cues:                        # the one-page cue card: a few words per beat
  situation: Context in five words
  task: What you owned
  action:
    - First move
    - Second move
  result: The number that matters
---

# {title}

{{{{ story_header() }}}}

<!-- answer: 2-minute version -->

## Situation

## Task

## Action

## Result

Quote numbers from front matter: {{{{ metric('example_latency') }}}}.

<!-- /answer -->

{{{{ speaking_time() }}}}

## Results in numbers

{{{{ metric_summary() }}}}

## Anticipated follow-ups

{{{{ follow_up_table() }}}}
"""


def story_template(title: str, kind: str = "star", slug: str | None = None) -> tuple[str, str]:
    """Return (file text, slug) for a new story. Raises ValueError for a bad kind or slug."""
    kinds = get_args(StoryKind)
    if kind not in kinds:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(kinds)}")
    slug = slug or slugify(title)
    if not re.match(SLUG_PATTERN, slug):
        raise ValueError(f"slug {slug!r}: use lowercase letters and digits joined by '-'")
    safe_title = title.replace("\\", "\\\\").replace('"', '\\"')
    text = TEMPLATE.format(title=safe_title, kind=kind, kind_label=KIND_LABELS[kind])
    return text, slug
