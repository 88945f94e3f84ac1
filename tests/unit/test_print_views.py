"""Cue cards as HTML: pure functions of print_views on a small fixture index (no MkDocs, no browser)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from interview_portfolio.rendering import print_views, story_views
from interview_portfolio.stories.loader import load_index
from interview_portfolio.stories.vocabulary import build_vocabulary

from tests.support import VALID_FRONT_MATTER, story_text, write_story

VOCAB = build_vocabulary(["Driving Results", "Communicating Effectively", "Growth"])

CUES = """\
cues:
  situation: "Slow <b>pipeline</b>, angry users"
  task: "Make it fast"
  action: ["Profile the hot path", "Cache `hot` keys"]
  result: "**3x** faster"
"""


# --- cue cards ----------------------------------------------------------------------------------

@pytest.fixture
def ctx(docs: Path) -> story_views.RenderContext:
    write_story(docs, "ingest", story_text(VALID_FRONT_MATTER + CUES))
    write_story(docs, "secret", story_text(
        VALID_FRONT_MATTER.replace("Scaled the ingest pipeline", "A private story") + "visibility: private\n"
    ))
    write_story(docs, "plain", story_text(
        VALID_FRONT_MATTER.replace("Scaled the ingest pipeline", "No cues here")
    ))
    index = load_index(docs, VOCAB)
    assert index.errors == []
    return story_views.RenderContext(index)


def test_strongest_numbers_put_headline_metrics_first(ctx):
    story = ctx.index.stories["ingest"]
    assert [m.id for m in print_views.strongest_metrics(story)] == ["p95_latency", "cost", "uptime"]
    story.meta.metrics[2].headline = True
    assert [m.id for m in print_views.strongest_metrics(story)] == ["p95_latency", "uptime", "cost"]
    assert len(print_views.strongest_metrics(story, 2)) == 2
    # Among headline metrics, measured improvements come first, the larger first.
    story.meta.metrics[1].headline = True
    assert [m.id for m in print_views.strongest_metrics(story)] == ["p95_latency", "cost", "uptime"]


def test_cue_card_shows_prompt_beats_and_numbers_escaped(ctx):
    card = print_views.cue_card(ctx.index.stories["ingest"])
    assert '<p class="pf-card-prompt">&ldquo;Tell me about a project you are proud of.&rdquo;</p>' in card
    assert "Slow &lt;b&gt;pipeline&lt;/b&gt;, angry users" in card and "<b>" not in card
    assert "<li>Cache <code>hot</code> keys</li>" in card
    assert "<strong>3x</strong> faster" in card
    assert [m for m in re.findall(r"<dt[^>]*>(\w)</dt>", card)] == ["S", "T", "A", "R"]
    numbers = re.findall(r"<li><strong>(.*?)</strong><span>(.*?)</span></li>", card)
    assert numbers == [("900 ms → 300 ms", "p95 latency"), ("−20%", "Monthly cost"), ("99.95%", "Availability")]


def test_cue_card_without_cues_says_how_to_add_them(ctx):
    card = print_views.cue_card(ctx.index.stories["plain"])
    assert "no cues yet: add <code>cues:</code>" in card and "docs/stories/plain.md" in card
    assert "<li>Situation</li>" in card and "<li>Result</li>" in card  # the story's sections instead


def test_cue_cards_one_per_public_story(ctx):
    out = print_views.cue_cards(ctx, "print/cue-cards.md")
    assert re.findall(r'<section class="pf-card" id="card-([\w-]+)">', out) == ["ingest", "plain"]
    assert "\n\n" not in out.strip()  # one raw HTML block: Markdown leaves it alone


def test_cue_cards_without_public_stories(docs):
    index = load_index(docs, VOCAB)
    assert "No public stories yet" in print_views.cue_cards(story_views.RenderContext(index), "print/cue-cards.md")


def test_cue_card_reads_the_target_time_as_a_clock(ctx):
    story = ctx.index.stories["ingest"]
    assert '<span title="target speaking time">2:00</span>' in print_views.cue_card(story)
    story.meta.target_seconds = 95
    assert ">1:35</span>" in print_views.cue_card(story)


def test_story_cue_card_is_collapsed_and_has_no_second_title(ctx):
    out = print_views.story_cue_card(ctx.index.stories["ingest"])
    assert out.startswith('<details class="note pf-cue-card" data-search-exclude>\n<summary>Cue card</summary>\n<section class="pf-card"')
    assert out.rstrip().endswith("</details>") and " open" not in out.split(">", 1)[0]
    assert "pf-card-title" not in out  # the page's own h1 names the story
    assert "Profile the hot path" in out and "900 ms → 300 ms" in out
    assert "\n\n" not in out.strip()  # one raw HTML block


def test_cue_cards_link_to_their_stories_only_when_asked(ctx):
    linked = print_views.cue_cards(ctx, "practice/cue-cards.md", links=True)
    assert '<h2 class="pf-card-title"><a href="../../stories/ingest/">Scaled the ingest pipeline</a></h2>' in linked
    assert "<a " not in print_views.cue_cards(ctx, "print/cue-cards.md")  # print source: no links


@pytest.mark.parametrize(("page", "url"), [
    ("practice/cue-cards.md", "../../stories/ingest/"),
    ("index.md", "stories/ingest/"),
    ("views/index.md", "../stories/ingest/"),
    ("stories/other.md", "../ingest/"),
])
def test_story_url_is_relative_to_the_built_page(ctx, page, url):
    assert print_views.story_url(page, ctx.index.stories["ingest"]) == url


def test_cue_card_macro_is_in_the_table():
    from interview_portfolio.macro_table import MACROS

    assert {"cue_card", "cue_cards"} <= set(MACROS)
