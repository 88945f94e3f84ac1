"""The phone layout of a page's tables, written into the HTML when the page is built.

On a phone (portfolio.css) a table of three or more columns becomes one card per row, each value
beside its column's name. That needs, in the HTML:

- ``data-pf-stack`` on such a table (not the competency matrix, ``.pf-matrix``, which stays a
  grid with its story names turned upright);
- ``data-label`` on every body cell: its column header's text;
- ``data-empty`` on a cell that shows nothing (or the dash a view writes for "no value") and has
  no image: left out of its card;
- ``data-pf-links`` on a cell that lists links one per line (a link, then ``<br>``): spaced as
  24 px targets.

Marking them here rather than in the browser means the page is laid out once, in its final form:
no script walks every cell at load (a long task on the question bank and the story pages), no
second layout when it is done, and phones get the cards without JavaScript.

The views' tables are marked as they are written (``html.table``, with ``label_mark`` and
``cell_marks``); ``label_tables`` marks the page's own Markdown tables, on its rendered,
sanitised HTML before the views' fragments go back in (``on_page_content``): well-formed, with
each table written as ``<table>``, ``<thead>`` and ``<tbody>``. A table with a class (the
scorecard) is styled on its own and left alone, and so is a table inside another table's cell.
"""

from __future__ import annotations

import html
import re

# A tag, its attribute values quoted (a value may hold ">").
_TAG_BODY = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_TAG = re.compile(f"<{_TAG_BODY}>")
_TABLE = re.compile(rf"<table(?P<attrs>\s{_TAG_BODY})?>(?P<body>.*?)</table>", re.S)
_DIV = re.compile(rf"<div(?P<attrs>\s{_TAG_BODY})?>|</div>")
_MATRIX_CLASS = re.compile(r"""\bclass=["'][^"']*\bpf-matrix\b""")
_CLASS = re.compile(r"\sclass=")
_HEAD_ROW = re.compile(rf"<thead{_TAG_BODY}>\s*<tr{_TAG_BODY}>(?P<cells>.*?)</tr>", re.S)
_BODY = re.compile(rf"<tbody{_TAG_BODY}>.*?</tbody>", re.S)
_ROW = re.compile(rf"<tr{_TAG_BODY}>.*?</tr>", re.S)
_CELL = re.compile(rf"<(?P<tag>t[hd])(?P<attrs>(?:\s{_TAG_BODY})?)>(?P<inner>.*?)</(?P=tag)>", re.S)
_COLSPAN = re.compile(r"""\bcolspan=["']?(\d+)""")
_MEDIA = re.compile(r"""<(?:img|svg)\b|\brole=["']img["']""")
_LINK_THEN_BREAK = re.compile(r"</a>[^<]*<br\b")  # CSS `a + br`: the text between is not an element

EMPTY_MARK = "\u2014"  # what a view writes in a cell that has no value
STACK_MIN_COLUMNS = 3


def text(fragment: str) -> str:
    """The text of an HTML fragment, its white space collapsed (what the reader sees)."""
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def _span(attrs: str) -> int:
    found = _COLSPAN.search(attrs)
    return max(1, int(found.group(1))) if found else 1


def _matrix_spans(page: str) -> list[tuple[int, int]]:
    """Where each ``div.pf-matrix`` begins and ends in the page (the HTML is well-formed)."""
    spans: list[tuple[int, int]] = []
    open_divs: list[tuple[int, bool]] = []
    for tag in _DIV.finditer(page):
        if tag.group(0).startswith("</"):
            if open_divs:
                start, is_matrix = open_divs.pop()
                if is_matrix:
                    spans.append((start, tag.end()))
        else:
            open_divs.append((tag.start(), bool(_MATRIX_CLASS.search(tag.group("attrs") or ""))))
    return spans


def label_mark(label: str) -> str:
    """The attribute that names a body cell's column (one per column, the same on every row)."""
    return f' data-label="{html.escape(label, quote=True)}"'


def cell_marks(label_attr: str, inner: str) -> str:
    """The attributes a body cell gets: its column's name (``label_mark``), and whether it is
    empty or a link list."""
    marks = label_attr
    # A cell that starts with a visible character other than the empty mark has text: most do,
    # and need no tag or entity taken out before they are looked at.
    first = inner.lstrip()[:1]
    if not first or first in "<&" or first == EMPTY_MARK:
        value = inner.strip() if "<" not in inner and "&" not in inner else text(inner)
        if (not value or value == EMPTY_MARK) and not _MEDIA.search(inner):
            marks += ' data-empty=""'
    if "</a>" in inner and _LINK_THEN_BREAK.search(inner):
        marks += ' data-pf-links=""'
    return marks


def stacks(columns: int, attrs: str = "", in_matrix: bool = False) -> bool:
    """Whether a table becomes cards on a phone: three columns or more, and not the matrix."""
    return columns >= STACK_MIN_COLUMNS and not in_matrix and not _MATRIX_CLASS.search(attrs)


def _label_cell(cell: re.Match[str], labels: list[str], column: int) -> str:
    attrs, inner = cell.group("attrs"), cell.group("inner")
    marks = cell_marks(label_mark(labels[column] if column < len(labels) else ""), inner)
    tag = cell.group("tag")
    return f"<{tag}{attrs}{marks}>{inner}</{tag}>"


def _label_row(row: re.Match[str], labels: list[str]) -> str:
    column = 0

    def one(cell: re.Match[str]) -> str:
        nonlocal column
        out = _label_cell(cell, labels, column)
        column += _span(cell.group("attrs"))
        return out

    return _CELL.sub(one, row.group(0))


def _label_table(table: re.Match[str], in_matrix: bool) -> str:
    attrs, body = table.group("attrs") or "", table.group("body")
    if _CLASS.search(attrs) or "<table" in body:
        return table.group(0)
    head = _HEAD_ROW.search(body)
    if not head:
        return table.group(0)
    header_cells = list(_CELL.finditer(head.group("cells")))
    labels = [text(th.group("inner")) for th in header_cells for _ in range(_span(th.group("attrs")))]
    body = _BODY.sub(lambda tbody: _ROW.sub(lambda row: _label_row(row, labels), tbody.group(0)), body)
    stack = ' data-pf-stack=""' if stacks(len(header_cells), in_matrix=in_matrix) else ""
    return f"<table{attrs}{stack}>{body}</table>"


def label_tables(page: str) -> str:
    """The page with its tables marked for the phone layout (see the module's docstring)."""
    if "<table" not in page:
        return page
    matrices = _matrix_spans(page) if "pf-matrix" in page else []

    def one(table: re.Match[str]) -> str:
        inside = any(start < table.start() < end for start, end in matrices)
        return _label_table(table, inside)

    return _TABLE.sub(one, page)
