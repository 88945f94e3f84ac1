"""Pure unit tests of each view: exact HTML (or Markdown) for a small fixture index."""

from __future__ import annotations

from pathlib import Path

import pytest
from interview_portfolio.errors import ViewError
from interview_portfolio.rendering import portfolio_views, story_views
from interview_portfolio.rendering.code_protection import protect_code
from interview_portfolio.rendering.html import Html
from interview_portfolio.stories.loader import load_index
from interview_portfolio.stories.vocabulary import build_vocabulary

from tests.support import VALID_FRONT_MATTER, join, story_text, table_rows, write_story

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
    assert isinstance(out, Html) and out.startswith('<div class="pf-metrics" data-search-exclude>\n<table data-pf-stack="">')
    rows = table_rows(out)
    assert rows[0] == [
        '<span id="metric-p95-latency"></span>p95 latency<br><small class="pf-provenance">'
        "measured: Tracing · window: 30 days</small>", "<strong>900 ms → 300 ms</strong>", "−66.7%",
        '<span class="pf-bars pf-better" role="img" aria-label="Before 900 ms, after 300 ms">'
        '<span class="pf-bar pf-bar-before" style="width:100%"></span>'
        '<span class="pf-bar pf-bar-after" style="width:33%"></span></span>',
        '<span class="pf-better">better</span> (↓ is better)',
    ]
    assert rows[1][1:3] == ["<strong>−20%</strong>", "−20%"]
    assert 'aria-label="Before 100 (indexed), after 80"' in rows[1][3]
    assert rows[2] == [
        '<span id="metric-uptime"></span>Availability<br><small class="pf-provenance">'
        "measured: Uptime probes</small>", "<strong>99.95%</strong>", "target 99.9%", "—",
        "meets target (↑ is better)",
    ]


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
    assert table_rows(out)[0] == [
        "Design", '<span id="followup-why-not-batch"></span>Why not batch?',
        "<details data-search-exclude><summary>Answer</summary>Latency budget ruled it out.</details>",
        '<a href="#result">Result</a>',
    ]


def test_follow_up_answers_keep_inline_markdown_and_links_go_through_mkdocs(docs):
    fm = VALID_FRONT_MATTER.replace("Latency budget ruled it out.", "|\n      - **Latency** ruled *it* out: `p95`\n      - _then_ cost")
    write_story(docs, "ingest", story_text(fm))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    out = story_views.follow_up_table(ctx, ctx.index.stories["ingest"], "stories/ingest.md")
    assert table_rows(out)[0][2] == (
        "<details data-search-exclude><summary>Answer</summary>• <strong>Latency</strong> ruled <em>it</em> out: "
        "<code>p95</code><br>• <em>then</em> cost</details>"
    )
    # An answer with a Markdown link keeps the Markdown table: MkDocs rewrites and checks the link.
    write_story(docs, "ingest", story_text(VALID_FRONT_MATTER.replace("ruled it out.", "ruled it out, see [result](#result).")))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    out = story_views.follow_up_table(ctx, ctx.index.stories["ingest"], "stories/ingest.md")
    assert not isinstance(out, Html) and "see [result](#result)." in out and "[Result](ingest.md#result) |" in out


def test_follow_up_also_answered_in_other_story(docs):
    write_story(docs, "ingest", story_text())
    write_story(docs, "other", story_text(VALID_FRONT_MATTER.replace("Scaled the ingest", "Other")))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    out = story_views.follow_up_table(ctx, ctx.index.stories["ingest"], "stories/ingest.md")
    assert 'also answered in <a href="../other/#followup-why-not-batch">Other pipeline</a>' in out


def test_html_in_front_matter_is_escaped_everywhere(docs):
    fm = (VALID_FRONT_MATTER
          .replace("Why not batch?", "Why <script>alert(1)</script>?")
          .replace("label: p95 latency", "label: <b>p95</b> | latency")
          .replace("Latency budget ruled it out.", "<img src=x onerror=alert(1)>"))
    write_story(docs, "ingest", story_text(fm))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    s = ctx.index.stories["ingest"]
    rendered = "".join(join(view) for view in [
        story_views.follow_up_table(ctx, s, "stories/ingest.md"), story_views.metric_summary(ctx, s),
        portfolio_views.question_bank(ctx, "q.md"), portfolio_views.interviewer_packet(ctx, "i.md"),
        portfolio_views.dashboard(ctx, "index.md"), story_views.metric_inline(ctx, "p95_latency", s),
        story_views.story_header(ctx, s, "stories/ingest.md"), portfolio_views.story_list(ctx, "index.md"),
    ])
    assert "<script>" not in rendered and "<img src=x" not in rendered and "<b>p95" not in rendered
    assert "&lt;script&gt;" in rendered and "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert "&lt;b&gt;p95&lt;/b&gt; &#124; latency" in rendered


def test_speaking_time_counts_marked_words_and_flags_long_answers(docs):
    long_answer = "word " * 400
    body = f"# T\n<!-- answer: short -->\none two three\n<!-- /answer -->\n<!-- answer: long -->\n{long_answer}\n<!-- /answer -->\n"
    write_story(docs, "ingest", story_text(body=body).replace('["#result"]', "[]"))
    ctx = story_views.RenderContext(load_index(docs, VOCAB), words_per_minute=150)
    out = story_views.speaking_time(ctx, ctx.index.stories["ingest"])
    assert table_rows(out) == [
        ["short", "3", "0:01", "2:00", '<span class="pf-better">fits, 1:59 to spare</span>'],
        ["long", "400", "2:40", "2:00", '<span class="pf-worse">runs long by 0:40</span>'],
    ]
    assert "150 words per minute" in out


def test_speaking_time_without_markers_is_an_error(docs):
    write_story(docs, "ingest", story_text(body="# T\n## Result\n"))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    with pytest.raises(ViewError, match="marks no answer"):
        story_views.speaking_time(ctx, ctx.index.stories["ingest"])


def test_dashboard_groups_headline_metrics_and_links_to_them(ctx):
    out = portfolio_views.dashboard(ctx, "index.md")
    assert "<strong>Latency</strong>" in out and "<strong>Cost</strong>" not in out  # only headline metrics
    assert table_rows(out) == [["<strong>900 ms → 300 ms</strong> (−66.7%)", "p95 latency",
                                '<a href="stories/ingest/#metric-p95-latency">Scaled the ingest pipeline</a>']]


def test_competency_matrix_marks_gaps_and_suggests(ctx):
    out = portfolio_views.competency_matrix(ctx, "views/m.md")
    rows = table_rows(out)
    assert ["Driving Results <small>Meta behavioural axes</small>", "●", '<span class="pf-thin">thin</span> (1 own)'] in rows
    assert ["Growth <small>Eight focus areas</small>", "", '<span class="pf-gap">gap</span>'] in rows
    assert "<th>" + '<a href="../../stories/ingest/">Scaled the ingest pipeline</a>' + "</th>" in join(out)
    assert "- **Growth**: no own or draft story claims it." in join(out)


def test_question_bank_links_prompts_and_follow_ups(ctx):
    out = portfolio_views.question_bank(ctx, "views/q.md")
    rows = table_rows(out)
    assert ["Tell me about a project you are proud of.", '<a href="../../stories/ingest/">Scaled the ingest pipeline</a>'] in rows
    assert "\n### Design\n" in out  # headings stay Markdown: the table of contents lists them
    assert ["Why not batch?", '<a href="../../stories/ingest/#followup-why-not-batch">Scaled the ingest pipeline</a>',
            '<a href="../../stories/ingest/#result">Result</a>'] in rows


def test_interviewer_packet_has_no_answers_or_links(ctx):
    out = join(portfolio_views.interviewer_packet(ctx, "interviewer/index.md"))
    assert "<li>&ldquo;Tell me about a project you are proud of.&rdquo;</li>" in out  # each prompt its own item
    assert "<li>Why not batch? <small>(Design)</small></li>" in out
    assert "\n## Scaled the ingest pipeline\n" in out
    assert table_rows(out)[0][:2] == ["Driving Results", "Lists tasks; results are vague or belong to the team; no numbers."]
    assert "Latency budget ruled it out" not in out and "](" not in out and "href" not in out


def test_private_stories_stay_out_of_portfolio_views(docs):
    write_story(docs, "ingest", story_text(VALID_FRONT_MATTER + "visibility: private\n"))
    ctx = story_views.RenderContext(load_index(docs, VOCAB))
    for out in (portfolio_views.dashboard(ctx, "i.md"), portfolio_views.question_bank(ctx, "q.md"),
                portfolio_views.interviewer_packet(ctx, "p.md"), portfolio_views.story_list(ctx, "i.md")):
        assert "Scaled the ingest pipeline" not in join(out)


def test_protect_code_keeps_fences_and_inline_code_literal():
    md = "Text {{ x }}\n\n```yaml\nt: ${{ secrets.X }}\n```\n\n    ```\n    {% if a %}\n    ```\n\nInline `${{ github.sha }}` and {{ y }}\n"
    out = protect_code(md)
    assert "{% raw %}```yaml\nt: ${{ secrets.X }}\n```{% endraw %}" in out
    assert "{% raw %}    ```\n    {% if a %}\n    ```{% endraw %}" in out
    assert "{% raw %}`${{ github.sha }}`{% endraw %} and {{ y }}" in out
    assert out.startswith("Text {{ x }}")  # macros outside code still run


def test_stories_for_a_competency(ctx):
    assert portfolio_views.stories_for(ctx, "Driving Results", "i.md") == (
        '<ul><li><a href="../stories/ingest/">Scaled the ingest pipeline</a>: '
        "&ldquo;Tell me about a project you are proud of.&rdquo;</li></ul>"
    )
    assert "No story shows Growth yet" in portfolio_views.stories_for(ctx, "Growth", "i.md")
    with pytest.raises(ViewError, match=r"unknown competency 'Driving Result'.*did you mean 'Driving Results'"):
        portfolio_views.stories_for(ctx, "Driving Result", "i.md")
