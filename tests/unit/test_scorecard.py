"""The interviewer's scorecard (rendering/scorecard.py) and its place in the packet."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from interview_portfolio.rendering import portfolio_views, scorecard, story_views
from interview_portfolio.rendering.escaping import sanitise_html
from interview_portfolio.stories.loader import load_index
from interview_portfolio.stories.vocabulary import build_vocabulary

from tests.support import VALID_FRONT_MATTER, join, story_text, write_story

VOCAB = build_vocabulary(["Driving Results", "Communicating Effectively", "Growth"])


def packet_for(docs: Path, front_matter: str = VALID_FRONT_MATTER) -> str:
    write_story(docs, "ingest", story_text(front_matter))
    index = load_index(docs, VOCAB)
    assert index.problems == []
    return join(portfolio_views.interviewer_packet(story_views.RenderContext(index), "interviewer/index.md"))


def test_fields_at_the_top_name_candidate_and_date():
    soup = BeautifulSoup(sanitise_html(scorecard.fields()), "html.parser")
    labels = [s.get_text() for s in soup.select(".pf-field-label")]
    assert labels[:2] == ["Candidate", "Date"]
    assert len(soup.select(".pf-field-line")) == len(labels)


def test_each_prompt_is_its_own_item(docs):
    two = VALID_FRONT_MATTER.replace(
        'prompts: ["Tell me about a project you are proud of."]',
        'prompts: ["Tell me about a project you are proud of.", "What was hard?"]',
    )
    out = packet_for(docs, two)
    assert ("<p><strong>Ask</strong> (one of)</p>\n<ul><li>&ldquo;Tell me about a project you are proud of.&rdquo;</li>"
            "<li>&ldquo;What was hard?&rdquo;</li></ul>") in out


def test_scorecard_scores_every_competency_of_the_story_and_has_ruled_notes(docs):
    out = packet_for(docs)
    card = BeautifulSoup(sanitise_html(out[out.index('<div class="pf-scorecard"'):]), "html.parser")
    rows = card.select(".pf-scorecard-table tbody tr")
    assert [r.th.get_text() for r in rows] == ["Driving Results", "Communicating Effectively", scorecard.OVERALL]
    for row in rows:  # the sanitiser keeps the boxes: one group of four per row
        boxes = row.select("input[type=radio]")
        assert [b.find_next_sibling("span").get_text() for b in boxes] == ["1", "2", "3", "4"]
        assert len({b["name"] for b in boxes}) == 1
        assert len(row.select(".pf-ruled .pf-rule")) == scorecard.EVIDENCE_LINES
    assert len({r.select_one("input")["name"] for r in rows}) == len(rows)
    assert len(card.select(".pf-scorecard > .pf-ruled .pf-rule")) == scorecard.NOTE_LINES


def test_scorecard_escapes_story_text(docs):
    fm = VALID_FRONT_MATTER.replace("Why not batch?", "Why <script>x</script>?")
    out = packet_for(docs, fm)
    assert "<script>" not in out
    scorecard_html = out.split("<strong>Scorecard</strong></p>")[1]
    assert not re.search(r"<(?!/?(div|p|table|thead|tbody|tr|th|td|label|input|span|small)\b)[a-z]", scorecard_html)


def test_packet_without_public_stories_says_so(docs):
    out = packet_for(docs, VALID_FRONT_MATTER + "visibility: private\n")
    assert "No public stories yet" in out
