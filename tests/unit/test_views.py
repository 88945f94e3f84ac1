"""Pure unit tests of each view: exact Markdown/HTML for a small fixture index."""

from __future__ import annotations

from pathlib import Path

import pytest
from interview_portfolio.errors import ViewError
from interview_portfolio.rendering import portfolio_views, story_views
from interview_portfolio.rendering.code_protection import protect_code
from interview_portfolio.stories.loader import load_index
from interview_portfolio.stories.vocabulary import build_vocabulary

from tests.support import VALID_FRONT_MATTER, story_text, write_story

VOCAB = build_vocabulary(["Driving Results", "Communicating Effectively", "Growth"])


@pytest.fixture
def ctx(docs: Path) -> story_views.RenderContext:
    write_story(docs, "ingest", story_text())
    index = load_index(docs, VOCAB)
    assert index.problems == []
    return story_views.RenderContext(index)


def story(ctx):
    return ctx.index.stories["ingest"]


def test_metric_summary_rows(ctx):
    out = story_views.metric_summary(ctx, story(ctx))
    rows = [line for line in out.splitlines() if line.startswith("| <span")]
    assert rows[0] == (
        '| <span id="metric-p95-latency"></span>p95 latency<br><small class="pf-provenance">'
        "measured: Tracing · window: 30 days</small> | **900 ms → 300 ms** | −66.7% | "
        '<span class="pf-bars pf-better" role="img" aria-label="Before 900 ms, after 300 ms">'
        '<span class="pf-bar pf-bar-before" style="width:100%"></span>'
        '<span class="pf-bar pf-bar-after" style="width:33%"></span></span> | '
        '<span class="pf-better">better</span> (↓ is better) |'
    )
    assert "| **−20%** | −20% |" in rows[1] and 'aria-label="Before 100 (indexed), after 80"' in rows[1]
    assert rows[2] == (
        '| <span id="metric-uptime"></span>Availability<br><small class="pf-provenance">'
        "measured: Uptime probes</small> | **99.95%** | target 99.9% | — | meets target (↑ is better) |"
    )


def test_inline_metric_and_unknown_metric_suggestion(ctx):
    assert story_views.metric_inline(ctx, "p95_latency", story(ctx)) == (
        '<span class="pf-metric" title="p95 latency">900 ms → 300 ms</span>'
    )
    assert "99.95%" in story_views.metric_inline(ctx, "ingest:uptime", None)
    with pytest.raises(ViewError, match=r"unknown metric 'p95_latncy'.*did you mean 'p95_latency'"):
        story_views.metric_inline(ctx, "p95_latncy", story(ctx))
    with pytest.raises(ViewError, match=r"no story 'ingst'.*did you mean 'ingest'"):
        story_views.metric_inline(ctx, "ingst:uptime", None)


def test_follow_up_table_row(ctx):
    out = story_views.follow_up_table(ctx, story(ctx), "stories/ingest.md")
    assert (
        '| Design | <span id="followup-why-not-batch"></span>Why not batch? | '
        "<details data-search-exclude><summary>Answer</summary>Latency budget ruled it out.</details> | "
        "[Result](ingest.md#result) |"
    ) in out


def test_follow_up_also_answered_in_other_story(docs):
    write_story(docs, "ingest", story_text())
    write_story(docs, "other", story_text(VALID_FRONT_MATTER.replace("Scaled the ingest", "Other")))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    out = story_views.follow_up_table(ctx, ctx.index.stories["ingest"], "stories/ingest.md")
    assert "also answered in [Other pipeline](other.md#followup-why-not-batch)" in out


def test_html_in_front_matter_is_escaped_everywhere(docs):
    fm = (VALID_FRONT_MATTER
          .replace("Why not batch?", "Why <script>alert(1)</script>?")
          .replace("label: p95 latency", "label: <b>p95</b> | latency")
          .replace("Latency budget ruled it out.", "<img src=x onerror=alert(1)>"))
    write_story(docs, "ingest", story_text(fm))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    s = ctx.index.stories["ingest"]
    rendered = "".join([
        story_views.follow_up_table(ctx, s, "stories/ingest.md"), story_views.metric_summary(ctx, s),
        portfolio_views.question_bank(ctx, "q.md"), portfolio_views.interviewer_packet(ctx, "i.md"),
        portfolio_views.dashboard(ctx, "index.md"), story_views.metric_inline(ctx, "p95_latency", s),
    ])
    assert "<script>" not in rendered and "<img src=x" not in rendered and "<b>p95" not in rendered
    assert "&lt;script&gt;" in rendered and "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert "&lt;b&gt;p95&lt;/b&gt; &#124; latency" in rendered  # a pipe cannot break the table


def test_speaking_time_counts_marked_words_and_flags_long_answers(docs):
    long_answer = "word " * 400
    body = f"# T\n<!-- answer: short -->\none two three\n<!-- /answer -->\n<!-- answer: long -->\n{long_answer}\n<!-- /answer -->\n"
    write_story(docs, "ingest", story_text(body=body).replace('["#result"]', "[]"))
    ctx = story_views.RenderContext(load_index(docs, VOCAB), words_per_minute=150)
    out = story_views.speaking_time(ctx, ctx.index.stories["ingest"])
    assert "| short | 3 | 0:01 | 2:00 | <span class=\"pf-better\">fits, 1:59 to spare</span> |" in out
    assert "| long | 400 | 2:40 | 2:00 | <span class=\"pf-worse\">runs long by 0:40</span> |" in out
    assert "150 words per minute" in out


def test_speaking_time_without_markers_is_an_error(docs):
    write_story(docs, "ingest", story_text(body="# T\n## Result\n"))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    with pytest.raises(ViewError, match="marks no answer"):
        story_views.speaking_time(ctx, ctx.index.stories["ingest"])


def test_dashboard_groups_headline_metrics_and_links_to_them(ctx):
    out = portfolio_views.dashboard(ctx, "index.md")
    assert "**Latency**" in out and "**Cost**" not in out  # only headline metrics
    assert "| **900 ms → 300 ms** (−66.7%) | p95 latency | [Scaled the ingest pipeline](stories/ingest.md#metric-p95-latency) |" in out


def test_competency_matrix_marks_gaps_and_suggests(ctx):
    out = portfolio_views.competency_matrix(ctx, "views/m.md")
    assert '| Driving Results <small>Meta behavioural axes</small> | ● | <span class="pf-thin">thin</span> (1 own) |' in out
    assert '| Growth <small>Eight focus areas</small> |  | <span class="pf-gap">gap</span> |' in out
    assert "- **Growth**: no own or draft story claims it." in out


def test_question_bank_links_prompts_and_follow_ups(ctx):
    out = portfolio_views.question_bank(ctx, "views/q.md")
    assert "| Tell me about a project you are proud of. | [Scaled the ingest pipeline](../stories/ingest.md) |" in out
    assert "### Design" in out
    assert "[Scaled the ingest pipeline](../stories/ingest.md#followup-why-not-batch)" in out


def test_interviewer_packet_has_no_answers_or_links(ctx):
    out = portfolio_views.interviewer_packet(ctx, "interviewer/index.md")
    assert "- &ldquo;Tell me about a project you are proud of.&rdquo;" in out  # each prompt its own item
    assert "- Why not batch? <small>(Design)</small>" in out
    assert "| Driving Results | Lists tasks;" in out  # rubric row
    assert "Latency budget ruled it out" not in out and "](" not in out


def test_private_stories_stay_out_of_portfolio_views(docs):
    write_story(docs, "ingest", story_text(VALID_FRONT_MATTER + "visibility: private\n"))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    for out in (portfolio_views.dashboard(ctx, "i.md"), portfolio_views.question_bank(ctx, "q.md"),
                portfolio_views.interviewer_packet(ctx, "p.md"), portfolio_views.story_list(ctx, "i.md")):
        assert "Scaled the ingest pipeline" not in out


def test_protect_code_keeps_fences_and_inline_code_literal():
    md = "Text {{ x }}\n\n```yaml\nt: ${{ secrets.X }}\n```\n\n    ```\n    {% if a %}\n    ```\n\nInline `${{ github.sha }}` and {{ y }}\n"
    out = protect_code(md)
    assert "{% raw %}```yaml\nt: ${{ secrets.X }}\n```{% endraw %}" in out
    assert "{% raw %}    ```\n    {% if a %}\n    ```{% endraw %}" in out
    assert "{% raw %}`${{ github.sha }}`{% endraw %} and {{ y }}" in out
    assert out.startswith("Text {{ x }}")  # macros outside code still run


def test_stories_for_a_competency(ctx):
    assert portfolio_views.stories_for(ctx, "Driving Results", "i.md") == (
        "- [Scaled the ingest pipeline](stories/ingest.md): &ldquo;Tell me about a project you are proud of.&rdquo;\n"
    )
    assert "No story shows Growth yet" in portfolio_views.stories_for(ctx, "Growth", "i.md")
    with pytest.raises(ViewError, match=r"unknown competency 'Driving Result'.*did you mean 'Driving Results'"):
        portfolio_views.stories_for(ctx, "Driving Result", "i.md")
