"""Data for the practice drill page (docs/practice/drill.md): the question bank as JSON.

``drill_payload`` turns the story index into plain, JSON-serialisable data: one entry per
prompt of every public story, the stories they belong to (cue card, three strongest numbers,
follow-ups with answers: the drill is for the candidate) and the rubric of each competency.
``drill_script`` embeds it in a ``<script type="application/json">`` element, escaped so that
no front-matter text can close the element.

Text stays as written in front matter (Markdown such as ``**bold**`` included); the page's
JavaScript renders it with text nodes, never as HTML. Pure module: no MkDocs import.
"""

from __future__ import annotations

import json
from typing import Any

from .anchors import page_dir
from .formatting import headline
from .html import ScriptData
from .print_views import strongest_metrics

SCRIPT_ID = "pf-drill-data"
SCHEMA_VERSION = 1

_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def story_url(src_path: str) -> str:
    """URL of a story page relative to the site root: stories/a.md -> stories/a/."""
    folder = page_dir(src_path)
    return f"{folder}/" if folder else ""


def drill_payload(index, words_per_minute: int) -> dict[str, Any]:
    """Prompts, stories and rubrics of the public stories; see the module docstring."""
    stories: dict[str, dict[str, Any]] = {}
    prompts: list[dict[str, Any]] = []
    used: list[str] = []
    for story in index.stories.values():
        if not story.public:
            continue
        meta = story.meta
        cues = meta.cues
        stories[story.slug] = {
            "slug": story.slug,
            "title": meta.title,
            "url": story_url(story.src_path),
            "kind": meta.kind,
            "provenance": meta.provenance,
            "competencies": list(meta.competencies),
            "target_seconds": meta.target_seconds,
            "target_words": round(meta.target_seconds * words_per_minute / 60),
            "cues": None if cues is None else {
                "situation": cues.situation, "task": cues.task,
                "action": list(cues.action), "result": cues.result,
            },
            "numbers": [{"headline": headline(m), "label": m.label} for m in strongest_metrics(story)],
            "follow_ups": [
                {"question": f.question, "group": f.group, "answer": f.answer} for f in meta.follow_ups
            ],
        }
        for i, text in enumerate(meta.prompts):
            prompts.append({"id": f"{story.slug}/{i}", "text": text, "story": story.slug})
        used += [c for c in meta.competencies if c not in used]
    rubric = {}
    for name in used:
        c = index.vocabulary.get(name)
        if c is not None:
            rubric[name] = {"framework": c.framework, "listen_for": c.listen_for,
                            "weak": c.weak, "solid": c.solid, "strong": c.strong}
    return {
        "version": SCHEMA_VERSION,
        "words_per_minute": words_per_minute,
        "prompts": prompts,
        "stories": stories,
        "rubric": rubric,
    }


def script_json(payload: Any) -> str:
    """JSON that is safe inside an HTML <script> element: no '<', '>' or '&' left raw."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # str.replace per character, not str.translate: translate looks up every character of the
    # (large) text in the table, ten times slower.
    for raw, escaped in _SCRIPT_SAFE.items():
        body = body.replace(raw, escaped)
    return body


def drill_script(index, words_per_minute: int) -> ScriptData:
    """The drill page's data element: <script type="application/json" id="pf-drill-data">.

    Kept out of Markdown whole (``html.ScriptData``): it is most of the page's bytes."""
    body = script_json(drill_payload(index, words_per_minute))
    return ScriptData(f'<script type="application/json" id="{SCRIPT_ID}">{body}</script>')
