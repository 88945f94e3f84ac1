"""Readiness (stories/readiness.py and its page), and what each portfolio view counts: own, draft, example."""

from __future__ import annotations

from pathlib import Path

import pytest
from interview_portfolio.rendering import portfolio_views, readiness_views, story_views
from interview_portfolio.stories import readiness
from interview_portfolio.stories.body import scan
from interview_portfolio.stories.loader import load_index
from interview_portfolio.stories.vocabulary import build_vocabulary

from tests.support import VALID_BODY, VALID_FRONT_MATTER, join, story_text, table_rows, write_story

VOCAB = build_vocabulary(None)


def confirmed(front_matter: str = VALID_FRONT_MATTER) -> str:
    """Every number and method of the fixture confirmed."""
    return front_matter.replace("    method: ", "    source: confirmed\n    method_source: confirmed\n    method: ")


DRAFT_FM = (
    VALID_FRONT_MATTER
    .replace('title: "Scaled the ingest pipeline"', 'title: "Argued with my manager about the ingest queue"')
    .replace('prompts: ["Tell me about a project you are proud of."]',
             'prompts: ["Tell me about a time you disagreed with your manager."]')
    .replace("competencies: [Driving Results, Communicating Effectively]", "competencies: [Driving Results, Growth]")
    .replace("id: p95_latency", "id: queue_p95").replace("label: p95 latency", "label: Queue wait at p95")
    .replace("before: 900\n    after: 300", "before: 900\n    after: 450")
    .replace("id: cost\n", "id: infra_spend\n").replace("label: Monthly cost", "label: Infrastructure spend")
    .replace("method: Cloud bill", "method: Cloud bill\n    method_source: inferred")
    .replace("method: Uptime probes", 'method: "[TODO: which probe]"')
    .replace("id: uptime", "id: queue_uptime").replace("label: Availability", "label: Queue availability")
    .replace("value: 99.95", "value: 99.5")
    + "provenance: draft\nprovenance_note: Written from a chat transcript.\ntarget_seconds: 30\n"
)
DRAFT_BODY = """
# Argued with my manager

## Result

<!-- answer: short -->
""" + "word " * 100 + """
<!-- /answer -->

Some prose. [TODO: name the manager's actual concern]

!!! question "To resolve before the interview"
    Nothing here is settled.

    - **Which queue?** The notes name two. [TODO: pick one]
    - The [other story](ingest.md) says otherwise.

!!! note "Not a question box"
    - not an open question
"""

EXAMPLE_FM = (
    VALID_FRONT_MATTER
    .replace('title: "Scaled the ingest pipeline"', 'title: "Someone else\'s speech service"')
    .replace("system: Ingest", "system: Speech")
    .replace('prompts: ["Tell me about a project you are proud of."]', 'prompts: ["Tell me about a time you failed."]')
    .replace("competencies: [Driving Results, Communicating Effectively]", "competencies: [Growing Continuously, Perseverance]")
    .replace("label: p95 latency", "label: Example-only latency").replace("before: 900", "before: 7777")
    + "provenance: example\n"
)


@pytest.fixture
def index(docs: Path):
    write_story(docs, "ingest", story_text(confirmed()))
    write_story(docs, "argument", story_text(DRAFT_FM, DRAFT_BODY))
    write_story(docs, "speech", story_text(EXAMPLE_FM, "# Example\n## Result\n[TODO: never counted]\n"))
    index = load_index(docs, VOCAB)
    assert index.problems == [], [str(p) for p in index.problems]
    return index


@pytest.fixture
def ctx(index) -> story_views.RenderContext:
    return story_views.RenderContext(index, words_per_minute=150)


def of(rd: readiness.Readiness, slug: str) -> readiness.StoryReadiness:
    (found,) = [r for r in rd.stories if r.story.slug == slug]
    return found


# --- the body scan: question boxes -------------------------------------------------------------

def test_body_scan_collects_question_boxes_and_their_items():
    body = (
        "# T\n\n"
        '!!! question "To resolve before the interview"\n'
        "    Intro.\n\n"
        "    - **First** thing\n"
        "        - nested, not an item\n"
        "    1. Second thing\n"
        "- outside the box\n\n"
        '??? question "Collapsible one"\n'
        "    - only item\n\n"
        "```\n!!! question \"In code\"\n    - not real\n```\n"
        "!!! question\n"
    )
    found = scan(body, first_line=10).questions
    assert [(q.line, q.title) for q in found] == [
        (12, "To resolve before the interview"), (20, "Collapsible one"), (27, "Question")]
    assert found[0].items == [(15, "**First** thing"), (17, "Second thing")]
    assert found[1].items == [(21, "only item")]


# --- readiness: each kind of finding -----------------------------------------------------------

def test_readiness_finds_each_kind_of_finding(index):
    rd = readiness.readiness(index, 150)
    r = of(rd, "argument")
    assert r.draft
    assert [m.id for m in r.inferred_methods] == ["infra_spend"]
    assert [m.id for m in r.unconfirmed_numbers] == ["queue_p95", "infra_spend", "queue_uptime"]
    assert [m.id for m in r.unconfirmed_methods] == ["queue_p95", "infra_spend", "queue_uptime"]
    assert (r.before_after, r.method_stated) == (1, 2)  # "[TODO: which probe]" states no method
    assert {frozenset((t.metric.id, t.other.id)) for t in r.tensions} == {
        frozenset(("queue_p95", "p95_latency")), frozenset(("queue_uptime", "uptime"))}
    assert [(q.title, [text for _, text in q.items]) for q in r.questions] == [
        ("To resolve before the interview",
         ["**Which queue?** The notes name two. [TODO: pick one]", "The [other story](ingest.md) says otherwise."])]
    assert [(p.where, p.text) for p in r.placeholders] == [
        ("metrics[2].method", "[TODO: which probe]"),
        ("body", "[TODO: name the manager's actual concern]"),
        ("body", "[TODO: pick one]"),
    ]
    assert all(p.line for p in r.placeholders)
    ((answer),) = r.answers
    assert (answer.words, round(answer.seconds), answer.target, answer.fits) == (100, 40, 30, False)
    assert r.long_answers == [answer]


def test_placeholder_lines_point_into_the_file(index, docs):
    r = of(readiness.readiness(index), "argument")
    lines = (docs / "stories" / "argument.md").read_text().splitlines()
    for p in r.placeholders:
        assert p.text in lines[p.line - 1], (p, lines[p.line - 1])


def test_readiness_page_lists_each_kind_of_finding(ctx):
    out = readiness_views.readiness(ctx, "views/readiness.md")
    section = out.split("### Argued with my manager about the ingest queue")[1]
    assert '!!! warning "Draft: confirm it happened as told, or replace it"' in section
    assert "Written from a chat transcript." in section
    assert "Methods inferred, not from your notes (1)" in section and "- `infra_spend` Infrastructure spend" in section
    assert "Numbers not confirmed (3)" in section
    assert "- `queue_uptime` **99.5%** Queue availability <small>(source: notes)</small>" in section
    assert "Cross-story tensions (2)" in section
    assert "| `queue_p95` **900 ms → 450 ms**" in section and "`p95_latency` **900 ms → 300 ms**" in section
    assert "[Scaled the ingest pipeline](../stories/ingest.md)<br><small>`docs/stories/ingest.md`</small>" in section
    assert "Open questions (2)" in section and "To resolve before the interview" in section
    assert "- line 59: Which queue?" in section and "- line 60: The other story says otherwise." in section
    assert "Placeholders left in (3)" in section
    assert "name the manager's actual concern]" in section
    assert "short: 0:40 of 0:30, <span class=\"pf-worse\">0:10 over</span>" in section
    assert "Not a question box" not in out


def test_a_fully_confirmed_own_story_has_nothing_left(index, ctx):
    r = of(readiness.readiness(index), "ingest")
    assert r.done < r.total  # the draft's tensions name it: they are open in both stories
    out = readiness_views.readiness(ctx, "views/readiness.md")
    section = out.split("### Scaled the ingest pipeline")[1].split("### ")[0]
    assert "Cross-story tensions (2)" in section and "Numbers not confirmed" not in section


def test_score_is_100_only_when_everything_is_confirmed(docs):
    write_story(docs, "ingest", story_text(confirmed()))
    rd = readiness.readiness(load_index(docs, VOCAB))
    r = of(rd, "ingest")
    # own (1) + 3 numbers + 3 methods + the answer fits (1)
    assert (r.done, r.total, rd.portfolio.percent) == (8, 8, 100)
    for change in ("source: confirmed\n    method_source: confirmed\n    method: Cloud bill",):
        write_story(docs, "ingest", story_text(confirmed().replace(change, "method_source: confirmed\n    method: Cloud bill")))
        rd = readiness.readiness(load_index(docs, VOCAB))
        assert (rd.portfolio.done, rd.portfolio.total, rd.portfolio.percent) == (7, 8, 87)


@pytest.mark.parametrize("front_matter, body, undone", [
    (confirmed() + "provenance: draft\n", VALID_BODY, "confirmed as my own story"),
    (confirmed().replace("method_source: confirmed\n    method: Tracing", "method: Tracing"), VALID_BODY,
     "method of p95_latency confirmed"),
    (confirmed(), VALID_BODY + "\n[TODO: x]\n", "placeholder [TODO: x] filled in"),
    (confirmed(), VALID_BODY + '\n!!! question "To resolve"\n    - y\n', "question box at line 69 resolved"),
    (confirmed() + "target_seconds: 1\n", VALID_BODY, "answer '2-minute version' fits the target time"),
    (confirmed(), "# No answer marked\n## Result\n", "an answer is marked for timing"),
])
def test_each_check_can_keep_the_score_below_100(docs, front_matter, body, undone):
    write_story(docs, "ingest", story_text(front_matter, body))
    rd = readiness.readiness(load_index(docs, VOCAB))
    r = of(rd, "ingest")
    assert [item.label for item in r.items if not item.done] == [undone]
    assert rd.portfolio.percent < 100


def test_rounding_never_shows_100_before_the_end():
    assert readiness.Tally(199, 200, 1).percent == 99
    assert readiness.Tally(0, 0, 0).percent == 100


def test_drafts_are_counted_apart_and_examples_never(index, docs):
    rd = readiness.readiness(index)
    assert [r.story.slug for r in rd.stories] == ["argument", "ingest"]
    assert (rd.own.stories, rd.drafts.stories, rd.portfolio.stories) == (1, 1, 2)
    assert rd.portfolio.done == rd.own.done + rd.drafts.done
    assert rd.portfolio.total == rd.own.total + rd.drafts.total
    write_story(docs, "speech2", story_text(EXAMPLE_FM.replace("system: Speech", "system: Ingest"),
                                            "# E\n## Result\n[TODO: a]\n"))
    again = readiness.readiness(load_index(docs, VOCAB))
    assert (again.portfolio.done, again.portfolio.total) == (rd.portfolio.done, rd.portfolio.total)


def test_readiness_page_shows_the_formula_and_the_tallies(ctx):
    out = readiness_views.readiness(ctx, "views/readiness.md")
    rd = readiness.readiness(ctx.index)
    assert f"**Portfolio score: {rd.portfolio.percent} %**: {rd.portfolio.done} of {rd.portfolio.total} checks" in out
    assert f"| ● Own stories | 1 | {rd.own.done} of {rd.own.total} | {rd.own.percent} % |" in out
    assert f"| ◐ Drafts to confirm | 1 | {rd.drafts.done} of {rd.drafts.total} | {rd.drafts.percent} % |" in out
    assert "**score = checks done ÷ checks**" in out and "at 150 words per minute" in out
    assert "Someone else" not in out and "never counted" not in out


def test_check_summary(index):
    lines = readiness_views.check_summary(readiness.readiness(index))
    assert lines[0].startswith("Readiness: ") and "examples not counted" in lines[0]
    assert "own stories" in lines[1] and "1 story" in lines[1] and "1 draft" in lines[1]
    (draft,) = [line for line in lines if "argument.md" in line]
    assert "(draft)" in draft and "0 of 3 numbers confirmed" in draft and "1 inferred method" in draft
    assert "2 tensions" in draft and "1 open question box" in draft and "3 placeholders" in draft
    assert "over-long: short 0:40 > 0:30" in draft
    assert not any("speech" in line for line in lines)


# --- every portfolio view counts own stories and drafts, never examples -------------------------

def test_examples_are_absent_from_dashboard_matrix_and_story_list(ctx):
    for view in (portfolio_views.dashboard(ctx, "index.md"), portfolio_views.competency_matrix(ctx, "v/m.md"),
                 portfolio_views.story_list(ctx, "index.md"), readiness_views.prompt_coverage(ctx, "v/c.md")):
        out = join(view)  # a view may be a list of Markdown and HTML: `in` must search the text
        assert "Someone else" not in out and "Example-only latency" not in out and "7,777" not in out


def test_drafts_are_marked_in_dashboard_and_story_list(ctx):
    story_cells = [row[2] for row in table_rows(portfolio_views.dashboard(ctx, "index.md"))]
    assert ('<a href="stories/argument/#metric-queue-p95">Argued with my manager about the ingest queue</a>'
            ' <span class="pf-badge pf-badge-draft">draft</span>') in story_cells
    assert '<a href="stories/ingest/#metric-p95-latency">Scaled the ingest pipeline</a>' in story_cells
    rows = table_rows(portfolio_views.story_list(ctx, "index.md"))
    assert rows[0][0] == ('<a href="stories/argument/">Argued with my manager about the ingest queue</a>'
                          ' <span class="pf-badge pf-badge-draft">draft</span>')
    assert rows[1][:2] == ['<a href="stories/ingest/">Scaled the ingest pipeline</a>', "STAR story"]


def test_matrix_marks_drafts_thin_axes_gaps_and_uncovered_prompts(ctx):
    view = portfolio_views.competency_matrix(ctx, "views/m.md")
    out, rows = join(view), table_rows(view)
    assert "● own story · ◐ draft to confirm · examples are not counted" in out
    # Columns: argument (draft), ingest (own), in kind then file order.
    assert ["Driving Results <small>Meta behavioural axes</small>", "◐", "●", "1 own · 1 draft"] in rows
    assert ["Communicating Effectively <small>Meta behavioural axes</small>", "", "●", '<span class="pf-thin">thin</span> (1 own)'] in rows
    assert ["Growth <small>Eight focus areas</small>", "◐", "", '<span class="pf-thin">thin</span> (1 draft)'] in rows
    assert ["Perseverance <small>Eight focus areas</small>", "", "", '<span class="pf-gap">gap</span>'] in rows
    assert "- **Growth**: only [Argued with my manager about the ingest queue](../stories/argument.md) (a draft) claims it." in out
    assert "- **Perseverance**: no own or draft story claims it." in out
    uncovered = out.split("**Common prompts no own or draft story answers**")[1]
    assert "Tell me about a time you failed." in uncovered  # only the example answers it
    assert "Which project are you most proud of?" not in uncovered
    assert "Tell me about a time you disagreed with your manager." not in uncovered


def test_matrix_suggestions_cite_their_evidence(docs):
    fm = (VALID_FRONT_MATTER.replace('prompts: ["Tell me about a project you are proud of."]',
                                     'prompts: ["Tell me about a mistake you made."]'))
    write_story(docs, "ingest", story_text(fm))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    out = join(portfolio_views.competency_matrix(ctx, "views/m.md"))
    line = next(line for line in out.splitlines() if line.startswith("- **Growing Continuously**"))
    assert ("might fit: [Scaled the ingest pipeline](../stories/ingest.md), as it answers "
            "&ldquo;Tell me about a mistake you made.&rdquo;, a prompt that tests it; claim it there only if") in line
    assert "already touches it" not in out


def test_matrix_suggests_nothing_without_evidence(docs):
    # The only words that would match are inside a placeholder: a question, not evidence.
    fm = VALID_FRONT_MATTER.replace("Latency budget ruled it out.", "[TODO: feedback sought, lessons carried]")
    write_story(docs, "ingest", story_text(fm))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    out = join(portfolio_views.competency_matrix(ctx, "views/m.md"))
    line = next(line for line in out.splitlines() if line.startswith("- **Growing Continuously**"))
    assert line.endswith("Suggestion: write a new story.")
    # One shared word is not evidence either.
    fm = VALID_FRONT_MATTER.replace("Latency budget ruled it out.", "Feedback from the traders.")
    write_story(docs, "ingest", story_text(fm))
    out = join(portfolio_views.competency_matrix(story_views.RenderContext(load_index(docs, VOCAB)), "views/m.md"))
    line = next(line for line in out.splitlines() if line.startswith("- **Growing Continuously**"))
    assert line.endswith("Suggestion: write a new story.")
    fm = VALID_FRONT_MATTER.replace("Latency budget ruled it out.", "Feedback sought from traders; lessons carried over.")
    write_story(docs, "ingest", story_text(fm))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    out = join(portfolio_views.competency_matrix(ctx, "views/m.md"))
    line = next(line for line in out.splitlines() if line.startswith("- **Growing Continuously**"))
    assert "its notes mention &ldquo;carried&rdquo;, &ldquo;feedback&rdquo;, &ldquo;lessons&rdquo;, &ldquo;sought&rdquo;" in line


def test_stories_for_quotes_each_prompt_and_marks_drafts(ctx):
    out = portfolio_views.stories_for(ctx, "Driving Results", "v/m.md")
    assert out == (
        '<ul><li><a href="../../stories/argument/">Argued with my manager about the ingest queue</a> '
        '<span class="pf-badge pf-badge-draft">draft</span>: '
        "&ldquo;Tell me about a time you disagreed with your manager.&rdquo;</li>"
        '<li><a href="../../stories/ingest/">Scaled the ingest pipeline</a>: '
        "&ldquo;Tell me about a project you are proud of.&rdquo;</li></ul>"
    )
    assert "Someone else" not in portfolio_views.stories_for(ctx, "Perseverance", "v/m.md")


def test_stories_for_joins_several_prompts(docs):
    fm = VALID_FRONT_MATTER.replace('prompts: ["Tell me about a project you are proud of."]',
                                    'prompts: ["Proud project?", "Tell me about yourself."]')
    write_story(docs, "ingest", story_text(fm))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    assert "&ldquo;Proud project?&rdquo; · &ldquo;Tell me about yourself.&rdquo;" in \
        portfolio_views.stories_for(ctx, "Driving Results", "i.md")
