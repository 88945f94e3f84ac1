"""The drill page's data: drill_payload, and its safe embedding in an inline <script>."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from interview_portfolio.rendering import drill_data, formatting, print_views
from interview_portfolio.stories.loader import load_index
from interview_portfolio.stories.vocabulary import build_vocabulary

from tests.support import VALID_FRONT_MATTER, story_text, write_story

BREAKOUT = "</script><script>alert(1)</script>"
HOSTILE_PROMPT = f"Tell me about {BREAKOUT} & <!-- a comment --> and ]]> too."

PRIVATE_FRONT_MATTER = VALID_FRONT_MATTER.replace(
    'title: "Scaled the ingest pipeline"', 'title: "A private story"'
).replace("Tell me about a project you are proud of.", "A private prompt.") + "visibility: private\n"

CUES = """\
cues:
  situation: "Slow **ingest** pipeline"
  task: "Own the fix"
  action: ["Trace it", "Batch the writes"]
  result: "p95 900 → 300 ms"
target_seconds: 90
provenance: draft
"""


def hostile_front_matter() -> str:
    return (VALID_FRONT_MATTER
            .replace('"Tell me about a project you are proud of."', json.dumps(HOSTILE_PROMPT))
            .replace("Latency budget ruled it out.", f"Budget {BREAKOUT} ruled it out.")
            + CUES)


@pytest.fixture
def index(docs: Path):
    write_story(docs, "ingest", story_text(hostile_front_matter()))
    write_story(docs, "secret", story_text(PRIVATE_FRONT_MATTER))
    loaded = load_index(docs, build_vocabulary(None))
    assert not loaded.errors, loaded.errors
    return loaded


def test_payload_has_the_public_prompts_with_their_story_cues_and_rubric(index):
    payload = drill_data.drill_payload(index, words_per_minute=150)
    assert payload["version"] == 1 and payload["words_per_minute"] == 150
    assert payload["prompts"] == [{"id": "ingest/0", "text": HOSTILE_PROMPT, "story": "ingest"}]
    assert list(payload["stories"]) == ["ingest"], "private stories stay out of the drill"
    story = payload["stories"]["ingest"]
    loaded = index.stories["ingest"]
    assert story["title"] == "Scaled the ingest pipeline"
    assert story["url"] == "stories/ingest/"
    assert story["kind"] == "star" and story["provenance"] == "draft"
    assert story["competencies"] == ["Driving Results", "Communicating Effectively"]
    assert story["target_seconds"] == 90 and story["target_words"] == 225
    assert story["cues"] == {
        "situation": "Slow **ingest** pipeline", "task": "Own the fix",
        "action": ["Trace it", "Batch the writes"], "result": "p95 900 → 300 ms",
    }
    expected_numbers = [formatting.headline(m) for m in print_views.strongest_metrics(loaded)]
    assert [n["headline"] for n in story["numbers"]] == expected_numbers
    assert len(story["numbers"]) == 3 and story["numbers"][0] == {"headline": "900 ms → 300 ms", "label": "p95 latency"}
    assert story["follow_ups"] == [{
        "question": "Why not batch?", "group": "Design", "answer": f"Budget {BREAKOUT} ruled it out.",
    }]
    vocabulary = index.vocabulary
    assert set(payload["rubric"]) == {"Driving Results", "Communicating Effectively"}
    for name, rubric in payload["rubric"].items():
        c = vocabulary[name]
        assert rubric == {"framework": c.framework, "listen_for": c.listen_for,
                          "weak": c.weak, "solid": c.solid, "strong": c.strong}
    assert json.loads(json.dumps(payload)) == payload


def test_story_without_cues_or_follow_ups_still_drills(docs):
    fm = re.sub(r"follow_ups:.*", "", VALID_FRONT_MATTER, flags=re.S)
    write_story(docs, "bare", story_text(fm))
    payload = drill_data.drill_payload(load_index(docs, build_vocabulary(None)), 150)
    story = payload["stories"]["bare"]
    assert story["cues"] is None and story["follow_ups"] == []
    assert story["target_seconds"] == 120 and story["target_words"] == 300


@pytest.mark.parametrize("src, url", [
    ("stories/a.md", "stories/a/"), ("stories/team/b.md", "stories/team/b/"),
    ("stories/team/index.md", "stories/team/"),
])
def test_story_url_follows_the_source_file(src, url):
    assert drill_data.story_url(src) == url


def test_script_json_escapes_every_markup_character():
    text = drill_data.script_json({"a": "<b>&</b>", "line": "x\u2028y\u2029z", "é": "ü"})
    assert text == '{"a":"\\u003cb\\u003e\\u0026\\u003c/b\\u003e","line":"x\\u2028y\\u2029z","é":"ü"}'
    assert json.loads(text) == {"a": "<b>&</b>", "line": "x\u2028y\u2029z", "é": "ü"}
