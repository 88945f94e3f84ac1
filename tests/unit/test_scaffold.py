"""Scaffolds: one template per kind, valid stories, titles taken literally."""

from __future__ import annotations

from interview_portfolio.stories.loader import parse_story
from interview_portfolio.stories.scaffold import story_template
from interview_portfolio.stories.vocabulary import build_vocabulary


def test_template_is_a_valid_story():
    text, slug = story_template('Led "the" migration', "deep-dive")
    parsed = parse_story(text.encode(), "new.md", build_vocabulary(None))
    story, problems = parsed.meta, parsed.problems
    assert problems == [] and story.kind == "deep-dive" and story.title == 'Led "the" migration'
    assert slug == "led-the-migration"
