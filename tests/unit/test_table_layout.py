"""The phone layout of tables, written into the HTML at build time (rendering/table_layout.py)."""

from __future__ import annotations

import random
import re

import markdown
from interview_portfolio.rendering import table_layout as layout
from interview_portfolio.rendering.escaping import sanitise_html
from interview_portfolio.rendering.table_layout import label_tables


def render(source: str) -> str:
    """Markdown the way the site renders it: tables, raw HTML in cells, then the sanitiser."""
    return sanitise_html(markdown.markdown(source, extensions=["tables", "md_in_html"]))


def cells(html: str) -> list[str]:
    return re.findall(r"<t[dh]\b[^>]*>", html.split("<tbody>", 1)[1])


WIDE = """
| Question | Story | Answer |
|---|---|---|
| Why Flink? | [BSP](bsp.md) | Lower latency |
| Any numbers? | — | |
"""


def test_a_table_of_three_columns_is_stacked_and_every_cell_names_its_column():
    out = label_tables(render(WIDE))
    assert '<table data-pf-stack="">' in out
    assert cells(out) == [
        '<td data-label="Question">', '<td data-label="Story">', '<td data-label="Answer">',
        '<td data-label="Question">', '<td data-label="Story" data-empty="">', '<td data-label="Answer" data-empty="">',
    ]
    assert "Why Flink?" in out and '<a href="bsp.md">BSP</a>' in out  # content untouched


def test_a_two_column_table_is_labelled_but_not_stacked():
    out = label_tables(render("| Prompt | Answered by |\n|---|---|\n| Why? | [A](a.md) |\n"))
    assert "<table>" in out and "data-pf-stack" not in out
    assert cells(out) == ['<td data-label="Prompt">', '<td data-label="Answered by">']


def test_the_competency_matrix_stays_a_grid():
    source = '<div class="pf-matrix" markdown="1">\n' + WIDE + "\n</div>\n\n" + WIDE
    out = label_tables(render(source))
    matrix, other = out.split("</div>", 1)
    assert "data-pf-stack" not in matrix and 'data-label="Story"' in matrix
    assert '<table data-pf-stack="">' in other


def test_links_one_per_line_and_images_are_recognised():
    source = (
        "| A | B | C |\n|---|---|---|\n"
        '| [x](x.md)<br>[y](y.md) | <img src="d.svg" alt="diagram"> | <small>[z](z.md)</small><br>w |\n'
    )
    first, second, third = cells(label_tables(render(source)))
    assert "data-pf-links" in first and "data-empty" not in second
    assert "data-pf-links" not in third  # the <br> follows <small>, not the link


def test_header_text_is_escaped_into_the_attribute():
    source = '| Say "hi" & <b>go</b> | B | C |\n|---|---|---|\n| 1 | 2 | 3 |\n'
    out = label_tables(render(source))
    assert 'data-label="Say &quot;hi&quot; &amp; go"' in out


def test_tables_with_a_class_without_a_head_or_nested_are_left_alone():
    styled = '<table class="pf-scorecard-table"><thead><tr><th>A</th><th>B</th><th>C</th></tr></thead>' \
             "<tbody><tr><td>1</td><td>2</td><td>3</td></tr></tbody></table>"
    headless = "<table><tbody><tr><td>1</td><td>2</td><td>3</td></tr></tbody></table>"
    nested = "<table><thead><tr><th>A</th><th>B</th><th>C</th></tr></thead><tbody><tr><td>" \
             "<table><tr><td>x</td></tr></table></td><td>2</td><td>3</td></tr></tbody></table>"
    for html in (styled, headless, nested, "<p>No table here.</p>"):
        assert label_tables(html) == html


def test_column_spans_keep_the_labels_in_step():
    html = ('<table><thead><tr><th colspan="2">Before and after</th><th>Change</th></tr></thead>'
            "<tbody><tr><td>1</td><td>2</td><td>+1</td></tr>"
            '<tr><td colspan="2">both</td><td>0</td></tr></tbody></table>')
    assert cells(label_tables(html)) == [
        '<td data-label="Before and after">', '<td data-label="Before and after">', '<td data-label="Change">',
        '<td colspan="2" data-label="Before and after">', '<td data-label="Change">',
    ]


def test_cell_marks_shortcuts_agree_with_the_visible_text_rule():
    """cell_marks skips taking tags out when a cell starts with visible text; the marks must be
    those the plain rule gives (the cell's visible text, tags and entities taken out)."""
    def by_visible_text(inner: str) -> str:
        value = layout.text(inner)
        marks = ' data-label="a"'
        if (not value or value == layout.EMPTY_MARK) and not layout._MEDIA.search(inner):
            marks += ' data-empty=""'
        if "</a>" in inner and layout._LINK_THEN_BREAK.search(inner):
            marks += ' data-pf-links=""'
        return marks

    rng = random.Random(7)
    pieces = ["", " ", "\n", "—", "x", "&nbsp;", "&amp;", "&mdash;", "&#8212;", "<b>", "</b>",
              "<a href='x'>l</a>", "<br>", "<img src=x>", "<span></span>", "\t"]
    for _ in range(20_000):
        inner = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        assert layout.cell_marks(' data-label="a"', inner) == by_visible_text(inner), repr(inner)
