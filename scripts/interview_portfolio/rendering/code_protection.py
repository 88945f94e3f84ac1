"""Show code as written: wrap fenced code and inline code in Jinja raw blocks before macros run.

A GitHub Actions snippet with ``${{ secrets.X }}`` must appear verbatim, not be evaluated. Fences
are found by the one fence scanner (``stories.body.segments``).
"""

from __future__ import annotations

import re

from ..stories.body import segments

INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def _has_jinja(text: str) -> bool:
    return "{{" in text or "{%" in text


def protect_code(markdown: str) -> str:
    out: list[str] = []
    for is_code, block in segments(markdown):
        if is_code:
            if _has_jinja(block) and "{% endraw %}" not in block:
                # The raw tags sit at the fence's own indentation so tabs and admonitions keep working.
                body = block.rstrip("\n")
                block = "{% raw %}" + body + "{% endraw %}" + block[len(body):]
            out.append(block)
            continue
        for line in block.splitlines(keepends=True):
            if "`" in line and _has_jinja(line):
                line = INLINE_CODE.sub(
                    lambda m: "{% raw %}" + m.group(0) + "{% endraw %}" if _has_jinja(m.group(0)) else m.group(0),
                    line,
                )
            out.append(line)
    return "".join(out)
