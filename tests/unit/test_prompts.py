"""The catalogue of common prompts: its content, the matching rule, and the coverage page."""

from __future__ import annotations

import pytest
from interview_portfolio.rendering import readiness_views, story_views
from interview_portfolio.stories import prompts
from interview_portfolio.stories.loader import load_index
from interview_portfolio.stories.vocabulary import DEFAULT_COMPETENCIES, build_vocabulary

from tests.support import VALID_FRONT_MATTER, join, story_text, table_rows, write_story

VOCAB = build_vocabulary(None)
ENTRY = {e.id: e for e in prompts.CATALOGUE}


def test_catalogue_has_the_common_prompts_each_complete():
    assert set(ENTRY) == {
        "most-proud", "conflict-manager", "conflict-peer", "failure", "feedback", "ambiguity", "influence",
        "prioritisation", "mentoring", "why-company", "about-yourself", "deep-dive",
    }
    assert len(ENTRY) == len(prompts.CATALOGUE)  # ids are unique
    names = {c.name for c in DEFAULT_COMPETENCIES}
    for entry in prompts.CATALOGUE:
        assert entry.prompt and len(entry.variants) >= 2 and entry.keywords, entry.id
        assert entry.competencies and set(entry.competencies) <= names, entry.id
        # Each entry matches its own prompt and variants, and no other entry's prompt.
        for asked in (entry.prompt, *entry.variants):
            assert prompts.matches(entry, asked), (entry.id, asked)
        for other in prompts.CATALOGUE:
            if other is not entry:
                assert not prompts.matches(entry, other.prompt), (entry.id, other.prompt)


@pytest.mark.parametrize("entry, asked", [
    ("conflict-manager", "TELL ME about a time you had a Conflict with your Manager. How did you handle it?"),
    ("conflict-manager", "Tell me about a time you disagreed with your manager's priorities."),
    ("conflict-peer", "Tell me about a technical disagreement with a peer."),
    ("conflict-peer", "Describe a disagreement with one of your colleagues"),
    ("failure", "What was your biggest mistake?"),
    ("failure", "Tell me about a project that failed."),
    ("feedback", "What’s the hardest criticism you’ve received?"),
    ("ambiguity", "How do you deal with ambiguous requirements?"),
    ("influence", "How did you convince another team?"),
    ("prioritisation", "How do you prioritize when everything is urgent?"),
    ("mentoring", "Have you mentored a junior engineer?"),
    ("why-company", "Why are you leaving your job?"),
    ("about-yourself", "Could you introduce yourself?"),
    ("deep-dive", "Do a deep-dive on a past project you led or owned."),
    ("most-proud", "What are you proudest of?"),
    ("most-proud", "Tell me about a project you owned end to end."),
])
def test_story_prompts_match_after_normalising(entry, asked):
    assert prompts.matches(ENTRY[entry], asked)


@pytest.mark.parametrize("entry, asked", [
    ("failure", "How did you design failover for Kafka?"),  # "fail" is a word, not a prefix
    ("conflict-manager", "Tell me about a conflict."),  # with whom? both words are needed
    ("conflict-peer", "Tell me about a time you disagreed with your manager."),
    ("feedback", "Tell me about the speech feedback service."),
    ("why-company", "Why did the company choose Flink?"),
])
def test_near_misses_do_not_match(entry, asked):
    assert not prompts.matches(ENTRY[entry], asked)


def test_normalise():
    assert prompts.normalise("  Café: Manager’s  PRIORITIES?! ") == "cafe managers priorities"
    assert prompts.normalise("manager's, don't") == "managers dont"
    assert prompts.normalise_keyword("Disagre* manager's*") == ["disagre*", "managers*"]


def _story(docs, name, prompt_list, provenance="own", title=None):
    fm = VALID_FRONT_MATTER.replace('prompts: ["Tell me about a project you are proud of."]',
                                    "prompts: [" + ", ".join(f'"{p}"' for p in prompt_list) + "]")
    fm = fm.replace("Scaled the ingest pipeline", title or name.capitalize())
    write_story(docs, name, story_text(fm + f"provenance: {provenance}\n"))


@pytest.fixture
def ctx(docs):
    _story(docs, "mine", ["What is your most proud project?", "How do you handle on-call?"])
    _story(docs, "drafted", ["Tell me about a conflict with a colleague."], "draft")
    _story(docs, "borrowed", ["Tell me about a time you failed.", "Tell me about yourself."], "example")
    index = load_index(docs, VOCAB)
    assert index.problems == [], [str(p) for p in index.problems]
    return story_views.RenderContext(index)


def test_coverage_maps_stories_and_leaves_examples_out(ctx):
    covered = {c.entry.id: c for c in prompts.coverage(ctx.index.stories.values())}
    assert [(s.slug, p) for s, p in covered["most-proud"].stories] == [("mine", "What is your most proud project?")]
    assert [s.slug for s in covered["most-proud"].own] == ["mine"] and covered["most-proud"].drafts == []
    assert [s.slug for s in covered["conflict-peer"].drafts] == ["drafted"] and covered["conflict-peer"].own == []
    assert covered["failure"].gap and covered["about-yourself"].gap  # only the example answers them
    assert sum(not c.gap for c in covered.values()) == 2
    assert prompts.unmatched(ctx.index.stories.values()) == [(ctx.index.stories["mine"], "How do you handle on-call?")]


def test_coverage_page_lists_every_prompt_and_marks_gaps(ctx):
    view = readiness_views.prompt_coverage(ctx, "views/coverage.md")
    out = join(view)
    rows = table_rows(view)
    assert len(rows) == len(prompts.CATALOGUE)
    assert "**1 of 12** common prompts have an own story, **1** only a draft, and **10** none." in out
    proud = next(r for r in rows if "Which project are you most proud of?" in r[0])
    assert proud[2:] == ['● <a href="../../stories/mine/">Mine</a> <small>via &ldquo;What is your most proud project?&rdquo;</small>',
                         "covered"]
    peer = next(r for r in rows if "Tell me about a conflict with a colleague." in r[0])
    assert peer[2].startswith('◐ <a href="../../stories/drafted/">Drafted</a>')
    assert peer[3] == '<span class="pf-thin">draft only</span>'
    failed = next(r for r in rows if "Tell me about a time you failed." in r[0])
    assert failed[2:] == ["—", '<span class="pf-gap">gap</span>']
    assert '<div class="pf-coverage">' in out
    gaps = out.split("**Prompts no own or draft story answers yet**")[1].split("**Story prompts outside")[0]
    assert "- Tell me about a time you failed." in gaps and "- Tell me about yourself." in gaps
    assert "most proud" not in gaps and "colleague" not in gaps
    assert "- &ldquo;How do you handle on-call?&rdquo; ([Mine](../stories/mine.md))" in out
    assert "Borrowed" not in out


def test_coverage_page_when_every_prompt_is_answered(docs):
    _story(docs, "all", [e.prompt for e in prompts.CATALOGUE])
    out = join(readiness_views.prompt_coverage(story_views.RenderContext(load_index(docs, VOCAB)), "c.md"))
    assert "**12 of 12**" in out and "Every common prompt has at least one own or draft story." in out
    assert "pf-gap" not in out
