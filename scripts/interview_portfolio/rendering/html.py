"""HTML that views write whole, and how it travels through Markdown untouched.

Python-Markdown spent most of a story page's conversion time on the views' generated tables
(every cell through every inline pattern), and the portfolio pages repeat that per story. So the
views with tables write HTML themselves, from escaped text (``escaping.cell``), and mark it
``Html``. A view returns a ``str`` of Markdown, an ``Html``, or a ``list`` of both (headings stay
Markdown, so they reach the table of contents).

``KeptHtml`` (one per build) swaps each ``Html`` for a token of letters and digits that Markdown
passes through as it is, and puts the HTML back into the converted page. The token carries a
random number of the build, so a story cannot forge one. Each fragment is sanitised once, when
kept, with the same allow-list as pages. (On the main thread: nh3 releases the interpreter, but a
worker thread handing results back cost the build more in interpreter hand-offs than it saved,
measured side by side: 1.37 against 1.44 times Material alone at 10 stories, 1.20 against 1.34
at 100.)

Material's search parses every page's HTML, including the parts marked ``data-search-exclude``
only to skip them; those were most of a story page. ``restore(searchable=True)`` keeps them back
until the search plugin has read the page; a second ``restore`` puts them in (``macros/hooks.py``).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence

from . import table_layout as layout
from .escaping import sanitise_html


class Html(str):
    """HTML a view made whole: escaped where it was written, never parsed as Markdown."""


class ScriptData(Html):
    """A ``<script type="application/json">`` element whose body is escaped JSON
    (``drill_data.script_json``: no ``<``, ``>`` or ``&`` in it): inert data, kept as written.
    The allow-list has no ``script``, so it is not sanitised; nor is it searched."""


View = str | Html | list[str]


def table(head: Sequence[str], rows: Iterable[Sequence[str]], *, attrs: str = "") -> Html:
    """A table of HTML cells, shaped as Python-Markdown shapes one and marked for phones as
    ``table_layout.label_tables`` marks one (styles rely on both).

    ``head`` and every cell are HTML already; ``attrs`` (HTML, written by the caller) go on a
    wrapping ``div`` when given.
    """
    labels = [layout.label_mark(layout.text(h)) for h in head]
    unlabelled = layout.label_mark("")
    stack = ' data-pf-stack=""' if layout.stacks(len(head), attrs) else ""
    lines = [f"<table{stack}>", "<thead>", "<tr>", *(f"<th>{h}</th>" for h in head), "</tr>", "</thead>", "<tbody>"]
    for row in rows:
        lines.append("<tr>")
        lines += (f"<td{layout.cell_marks(labels[i] if i < len(labels) else unlabelled, c)}>{c}</td>"
                  for i, c in enumerate(row))
        lines.append("</tr>")
    lines += ["</tbody>", "</table>"]
    if attrs:
        lines = [f"<div {attrs}>", *lines, "</div>"]
    return Html("\n".join(lines))


_SEARCH_EXCLUDED = re.compile(r"\s*<[a-z]+\b[^>]*\sdata-search-exclude[\s=>]")


class KeptHtml:
    """The build's HTML fragments, each behind a token until its page is converted."""

    def __init__(self) -> None:
        self._nonce = secrets.token_hex(8)
        self._fragments: dict[int, str] = {}
        self._unsearched: set[int] = set()
        self._prefix = f"pfkept{self._nonce}n"
        self._paragraph = re.compile(rf"<p>{self._prefix}(\d+)e</p>")
        self._token_pattern = re.compile(rf"{self._prefix}(\d+)e")
        self._deferred = re.compile(rf"<div data-search-exclude>pfdefer{self._nonce}n(\d+)e</div>")

    def _token(self, fragment: str) -> str:
        number = len(self._fragments)
        data = isinstance(fragment, ScriptData)
        self._fragments[number] = fragment if data else sanitise_html(fragment)
        if data or _SEARCH_EXCLUDED.match(fragment):
            self._unsearched.add(number)
        return f"{self._prefix}{number}e"

    def markdown(self, view: View) -> str:
        """What a macro hands to Markdown: Markdown as written, each Html as a token of its own."""
        parts = view if isinstance(view, list) else [view]
        out = []
        for part in parts:
            # A block token alone on its line becomes a paragraph; ``restore`` drops the <p>.
            out.append(f"\n\n{self._token(part)}\n\n" if isinstance(part, Html) else part)
        return "".join(out)

    def restore(self, page_html: str, *, searchable: bool = False) -> str:
        """The converted page with every token of this build replaced by its fragment.

        ``searchable``: a fragment marked ``data-search-exclude`` stays a token, in an empty
        excluded ``div``, for a second ``restore`` once search has read the page.
        """
        if self._prefix not in page_html and f"pfdefer{self._nonce}" not in page_html:
            return page_html

        def put_back(match: re.Match[str]) -> str:
            number = int(match.group(1))
            fragment = self._fragments.get(number)
            if fragment is None:
                return ""
            if searchable and number in self._unsearched:
                return f"<div data-search-exclude>pfdefer{self._nonce}n{number}e</div>"
            return fragment

        if not searchable:
            page_html = self._deferred.sub(lambda m: self._fragments.get(int(m.group(1)), ""), page_html)
        # A block token became a paragraph of its own: the fragment replaces the paragraph.
        # (Both patterns start with fixed text, which the regex engine finds fast.)
        page_html = self._paragraph.sub(put_back, page_html)
        return self._token_pattern.sub(put_back, page_html)
