"""Escaping for each context, and the allow-list sanitiser."""

from __future__ import annotations

import pytest
from interview_portfolio.rendering.escaping import attr, cell, meta_text, sanitise_html, text

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>{{ 7*7 }}|'


def test_plain_text_contexts_escape_markup():
    assert "<" not in text(HOSTILE) and "<" not in cell(HOSTILE) and "<" not in attr(HOSTILE)
    assert '"' not in attr(HOSTILE) and "|" not in cell(HOSTILE)


def test_meta_text_leaves_nothing_for_a_template_engine():
    escaped = meta_text(HOSTILE)
    assert "{" not in escaped and "}" not in escaped and "<" not in escaped and '"' not in escaped
    assert "&#123;&#123; 7*7 &#125;&#125;" in escaped


@pytest.mark.parametrize("html", [
    '<a href="javascript:alert(1)">x</a>', '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>', '<img src="data:text/html;base64,PHNjcmlwdD4=">',
    '<img src=x onerror="alert(1)">', "<script>alert(1)</script>", '<div onclick="alert(1)">x</div>',
    '<iframe src="https://example.com"></iframe>', '<svg onload="alert(1)"></svg>',
    '<span style="background:url(javascript:alert(1))">x</span>',
])
def test_sanitiser_removes_everything_that_runs(html):
    cleaned = sanitise_html(html).lower()
    for bad in ("javascript:", "vbscript:", "data:", "onerror", "onclick", "onload", "<script", "<iframe", "background"):
        assert bad not in cleaned, (html, cleaned)


def test_sanitiser_keeps_what_pages_are_made_of():
    html = ('<h2 id="result">R<a class="headerlink" href="#result">¶</a></h2>'
            '<details><summary>Answer</summary><p><a href="../other/#x">link</a></p></details>'
            '<span class="pf-bar" style="width:40%"></span><img src="../assets/d.svg" alt="A">'
            '<div class="tabbed-set"><input type="radio" id="t1" name="t" checked><label for="t1">A</label></div>')
    cleaned = sanitise_html(html)
    for kept in ('id="result"', 'href="#result"', "<details>", 'href="../other/#x"', 'style="width:40%"',
                 'src="../assets/d.svg"', 'type="radio"', 'for="t1"'):
        assert kept in cleaned, kept
