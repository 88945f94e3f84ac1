"""One scan of a body: fences, headings, answers, diagrams, placeholders; linear on hostile input."""

from __future__ import annotations

import time

from interview_portfolio.stories.body import scan, segments


def test_segments_join_back_and_mark_fences():
    text = "a\n```py\n## x\n```\nb\n~~~\nopen to the end\n"
    parts = list(segments(text))
    assert "".join(t for _, t in parts) == text
    assert [is_code for is_code, _ in parts] == [False, True, False, True]


def test_answers_count_words_and_macros():
    body = "<!-- answer: short -->\none two {{ metric('x') }}\n<!-- /answer -->\n"
    assert [(a.name, a.words) for a in scan(body).answers] == [("short", 4)]


def test_unclosed_and_stray_markers_are_issues_with_lines():
    result = scan("x\n<!-- answer: a -->\ntext\n<!-- answer: b -->\n<!-- /answer -->\n<!-- /answer -->\n", 10)
    assert [(i.line, i.message) for i in result.issues] == [
        (11, "the answer 'a' is not closed"),
        (15, "`<!-- /answer -->` closes no answer"),
    ]


def test_markers_inside_code_are_ignored():
    assert scan("```\n<!-- answer: a -->\n```\n").answers == []


def test_many_unclosed_markers_scan_in_linear_time():
    body = "<!-- answer: x -->\nword word\n" * 20_000
    started = time.perf_counter()
    result = scan(body)
    assert time.perf_counter() - started < 2.0
    assert len(result.issues) == 20_000


def test_diagrams_cross_story_metrics_and_placeholders():
    body = ("{{ diagram('bsp') }}\n{{ metric('other-story:p95') }}\n[TODO: state the SLO]\n"
            "Not calls: my_diagram('x'), submetric('s:y'). A call at the start of a line:\n"
            "diagram('flow')")
    result = scan(body, 5)
    assert result.diagrams == ["bsp", "flow"] and result.metric_stories == ["other-story"]
    assert result.placeholders == [(7, "[TODO: state the SLO]")]
