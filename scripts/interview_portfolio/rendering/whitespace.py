"""Blank runs squeezed out of a finished HTML page.

Material's templates indent every nav item through many Jinja blocks: at 1,000 stories the
whitespace alone pushed story pages over their 100 KB budget. A run of whitespace that holds a
line break renders as one space outside preformatted text, so a line break and the whitespace
after it become one line break; the
insides of ``pre``, ``textarea``, ``code``, ``script`` and ``style`` are left exactly as written.
"""

from __future__ import annotations

import re

# Lower case only: pages are sanitised (nh3 writes tag names in lower case) and the theme writes
# them so; matching case-insensitively took twice as long.
_KEPT_AS_WRITTEN = re.compile(r"<(pre|textarea|code|script|style)\b.*?</\1\s*>", re.S)
# Starts at the line break: a pattern that starts with optional spaces is tried at every
# character and took five times as long. Spaces before a line break are left (they are rare).
_BLANK_RUN = re.compile(r"\n\s+")


def squeeze(page: str) -> str:
    """``page`` with every line break and the whitespace after it cut to one line break."""
    parts, position = [], 0
    for kept in _KEPT_AS_WRITTEN.finditer(page):
        parts.append(_BLANK_RUN.sub("\n", page[position:kept.start()]))
        parts.append(kept.group(0))
        position = kept.end()
    parts.append(_BLANK_RUN.sub("\n", page[position:]))
    return "".join(parts)
