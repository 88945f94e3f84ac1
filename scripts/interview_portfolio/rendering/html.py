"""HTML that views write whole, and how it travels through Markdown untouched.

Python-Markdown spent most of a story page's conversion time on the views' generated tables
(every cell through every inline pattern), and the portfolio pages repeat that per story. So the
views with tables write HTML themselves, from escaped text (``escaping.cell``), and mark it
``Html``. A view returns a ``str`` of Markdown, an ``Html``, or a ``list`` of both (headings stay
Markdown, so they reach the table of contents).

``KeptHtml`` (one per build) swaps each ``Html`` for a token of letters and digits that Markdown
passes through as it is, and puts the HTML back into the converted page, before the page is
sanitised. The token carries a random number of the build, so a story cannot forge one.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence


class Html(str):
    """HTML a view made whole: escaped where it was written, never parsed as Markdown."""


View = str | Html | list[str]


def table(head: Sequence[str], rows: Iterable[Sequence[str]], *, attrs: str = "") -> Html:
    """A table of HTML cells, shaped as Python-Markdown shapes one (styles and scripts rely on it).

    ``head`` and every cell are HTML already; ``attrs`` (HTML, written by the caller) go on a
    wrapping ``div`` when given.
    """
    lines = ["<table>", "<thead>", "<tr>", *(f"<th>{h}</th>" for h in head), "</tr>", "</thead>", "<tbody>"]
    for row in rows:
        lines += ["<tr>", *(f"<td>{c}</td>" for c in row), "</tr>"]
    lines += ["</tbody>", "</table>"]
    if attrs:
        lines = [f"<div {attrs}>", *lines, "</div>"]
    return Html("\n".join(lines))


class KeptHtml:
    """The build's HTML fragments, each behind a token until its page is converted."""

    def __init__(self) -> None:
        self._nonce = secrets.token_hex(8)
        self._fragments: dict[int, str] = {}
        self._pattern = re.compile(rf"(<p>)?pfkept{self._nonce}n(\d+)e(</p>)?")

    def _token(self, fragment: str) -> str:
        number = len(self._fragments)
        self._fragments[number] = fragment
        return f"pfkept{self._nonce}n{number}e"

    def markdown(self, view: View) -> str:
        """What a macro hands to Markdown: Markdown as written, each Html as a token of its own."""
        parts = view if isinstance(view, list) else [view]
        out = []
        for part in parts:
            # A block token alone on its line becomes a paragraph; ``restore`` drops the <p>.
            out.append(f"\n\n{self._token(part)}\n\n" if isinstance(part, Html) else part)
        return "".join(out)

    def restore(self, page_html: str) -> str:
        """The converted page with every token of this build replaced by its fragment."""
        def put_back(match: re.Match[str]) -> str:
            fragment = self._fragments.pop(int(match.group(2)), None)
            if fragment is None:  # not ours any more (a page converted twice): leave no token behind
                return ""
            opened, closed = match.group(1), match.group(3)
            if opened and closed:
                return fragment
            return (opened or "") + fragment + (closed or "")
        return self._pattern.sub(put_back, page_html)


def join(view: View) -> str:
    """A view as one string, its HTML inline: for tests and for callers outside a page."""
    return "".join(view) if isinstance(view, list) else str(view)
