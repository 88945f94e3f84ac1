"""Escaping of front-matter text for each context, and the allow-list sanitiser for rendered HTML.

Plain-text fields are escaped where they are written: ``text`` for Markdown prose, ``cell`` for a
table cell, ``attr`` for an HTML attribute, ``meta_text`` for what MkDocs and Material print
without escaping (nav, ``<title>``, ``<meta>``, the search index). Markdown fields and story bodies
are rendered by Markdown and then cleaned by ``sanitise_html`` (nh3, an allow-list): no script,
no event handler, no ``javascript:``, ``data:`` or ``vbscript:`` URL survives.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import nh3

_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
_MARKDOWN_LINK_OPENERS = str.maketrans({"[": "&#91;", "]": "&#93;"})


def text(value: object) -> str:
    """Front-matter text for Markdown prose: HTML escaped; Markdown emphasis keeps working."""
    return html.escape(str(value), quote=False)


def cell(value: object) -> str:
    """Front-matter text for a Markdown table cell: escaped, on one line, pipes neutralised."""
    escaped = html.escape(" ".join(str(value).split()), quote=True)
    return escaped.replace("|", "&#124;")


def attr(value: object) -> str:
    """Front-matter text for an HTML attribute value (double-quoted)."""
    return html.escape(" ".join(str(value).split()), quote=True)


def meta_text(value: object) -> str:
    """Text for the places MkDocs and Material print raw: nav, <title>, <meta>, search index.

    HTML-escaped, with braces as character references so mkdocs-macros, which renders a page
    title that looks like a template, finds nothing to evaluate.
    """
    return html.escape(" ".join(str(value).split()), quote=True).translate(_BRACES)


_CODE_SPAN = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")


def inline(value: object) -> str:
    """Front-matter text as escaped inline HTML, on one line: `code`, **strong** and *emphasis*
    (or _emphasis_) keep their Markdown meaning; nothing else is markup."""
    escaped = cell(value)
    if "`" not in escaped and "*" not in escaped and "_" not in escaped:
        return escaped  # most text has no markup: no pattern can match
    parts = _CODE_SPAN.split(escaped)
    for i, part in enumerate(parts):
        if i % 2:  # inside a code span: as written
            parts[i] = f"<code>{part}</code>"
        else:
            part = _STRONG.sub(r"<strong>\1</strong>", part)
            parts[i] = _EMPHASIS.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", part)
    return "".join(parts)


_BULLET = re.compile(r"[-*+]\s+(.*)")


def _answer_lines(markdown: str, render: Callable[[str], str]) -> str:
    """A multi-line answer on one line: paragraphs and bullets become line breaks."""
    lines = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        bullet = _BULLET.match(stripped)
        lines.append("• " + render(bullet.group(1)) if bullet else render(stripped))
    return "<br>".join(lines)


def answer_html(markdown: str) -> str:
    """A multi-line Markdown answer as inline HTML for one table cell (``_answer_lines``);
    inline Markdown as ``inline`` reads it. For answers without links."""
    return _answer_lines(markdown, inline)


def answer_cell(markdown: str) -> str:
    """A multi-line Markdown answer in one Markdown table cell (``_answer_lines``).

    Inline Markdown (emphasis, code, links) still renders; the result is sanitised with the page.
    """
    return _answer_lines(markdown, cell)


# Tags Python-Markdown, pymdownx and Material produce, plus this project's views. No script,
# style, iframe, object, embed, form or base.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "s",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul", "time", "section", "nav", "svg", "path", "use",
}
# data-search-exclude keeps generated tables (numbers, answers, cards) out of Material's search
# index: they repeat what the prose says, and at 1,000 stories they were most of its size.
_COMMON = {"id", "class", "title", "role", "aria-label", "aria-hidden", "aria-describedby", "lang", "dir",
           "data-search-exclude"}
ALLOWED_ATTRIBUTES = {
    "*": _COMMON,
    "a": {"href", "name", "target"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    # The phone layout's marks (table_layout.py), which the views' tables carry when kept.
    "table": {"data-pf-stack"},
    "td": {"align", "colspan", "rowspan", "data-label", "data-empty", "data-pf-links"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "col": {"span"},
    "ol": {"start", "type"},
    "details": {"open"},
    "input": {"type", "name", "checked", "disabled"},
    "label": {"for", "tabindex"},
    "span": {"style"},
    "code": {"data-lang"},
    "abbr": {"title"},
    "time": {"datetime"},
    "svg": {"viewbox", "width", "height", "xmlns", "fill"},
    "path": {"d", "fill"},
    "use": {"href"},
}
URL_SCHEMES = {"http", "https", "mailto"}


# One cleaner for the build: nh3.clean() builds its allow-list anew on every call, which cost
# ten times the cleaning itself on the views' small fragments.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
    filter_style_properties={"width"},
)


def sanitise_html(fragment: str) -> str:
    """The rendered HTML of a page, cleaned with the allow-list; relative links are kept."""
    return _CLEANER.clean(fragment)


def escape_link_syntax(value: str) -> str:
    """Plain text that must not turn into a Markdown link (a title reused inside a link label)."""
    return value.translate(_MARKDOWN_LINK_OPENERS)
