"""Cue cards on the built site: folded on every story page, all together under Practice."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from interview_portfolio.rendering import formatting
from interview_portfolio.stories.loader import load_index
from interview_portfolio.stories.vocabulary import build_vocabulary

from tests.support import ROOT

pytestmark = pytest.mark.e2e


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def index():
    return load_index(ROOT / "docs", build_vocabulary(None))


def test_every_story_page_has_its_card_folded_under_the_header(built_site):
    stories = [s for s in index().stories.values() if s.public]
    assert stories
    for story in stories:
        soup = page(built_site, story.src_path.removesuffix(".md"))
        cards = soup.select("article details.pf-cue-card")
        assert len(cards) == 1, story.slug
        card = cards[0]
        assert not card.has_attr("open") and card.summary.get_text(strip=True) == "Cue card"
        assert card.find_previous_sibling("div", class_="pf-header") is not None, story.slug
        text = " ".join(card.get_text(" ").split())
        assert formatting.seconds(story.meta.target_seconds) in text  # "2:00", not "120 s"
        assert story.meta.prompts[0] in text
        if story.meta.cues:
            for cue in (story.meta.cues.situation, *story.meta.cues.action, story.meta.cues.result):
                plain = cue.replace("`", "").replace("**", "")
                assert " ".join(plain.split()) in text, (story.slug, cue)


def test_practice_page_shows_every_portfolio_card_with_links(built_site):
    soup = page(built_site, "practice/cue-cards")
    portfolio = index().portfolio()
    cards = soup.select("article .pf-cards > section.pf-card")
    assert [c["id"] for c in cards] == [f"card-{s.slug}" for s in portfolio]
    here = built_site / "practice" / "cue-cards"
    for card, story in zip(cards, portfolio):
        link = card.select_one("h2.pf-card-title a")
        assert link.get_text(" ", strip=True) == story.title
        assert (here / link["href"] / "index.html").resolve().is_file(), link["href"]
    pdfs = {a["href"] for a in soup.select("article a[href$='.pdf']")}
    assert pdfs == {"../../pdf/index-cards.pdf", "../../pdf/cards-3x5.pdf", "../../pdf/cue-cards.pdf"}
    nav = soup.select_one("nav.md-nav--primary")
    assert nav is not None and "Cue cards" in nav.get_text()
