"""One error hierarchy.

``PortfolioError`` and its subclasses are *user* errors: something in the stories, the
configuration or the machine that the user can fix. Their message says what is wrong and how to
fix it, and the CLI and the MkDocs glue show it without a traceback. Any other exception is a bug
in this project and is reported as one.

``Problem`` is one finding about one story file; ``suggest`` is the one "did you mean" helper.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]


def suggest(name: str, options: Iterable[str], *, known: bool = True) -> str:
    """``did you mean 'x'?`` for close matches, else (with ``known``) the list of known names."""
    choices = list(options)
    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.6)
    if close:
        return f"did you mean {' or '.join(repr(c) for c in close)}?"
    if known:
        return f"known: {', '.join(choices) or '(none)'}"
    return ""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one story, said so that the user can fix it."""

    file: str
    field: str | None
    message: str
    fix: str
    severity: Severity = "error"
    rule: str = "model"
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        if self.field:
            where += f": {self.field}"
        return f"{self.severity}: {where}: {self.message}\n    fix: {self.fix}"

    def as_error(self) -> Problem:
        return replace(self, severity="error")


class PortfolioError(Exception):
    """A user error: the message names the file or setting, what is wrong and the fix."""


class ConfigError(PortfolioError):
    """mkdocs.yml (``extra.portfolio``) or the command line asks for something impossible."""


class StoryError(PortfolioError):
    """One or more stories are invalid; carries every problem."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} problem(s) in the stories:"] + [str(p) for p in self.problems]
        super().__init__("\n".join(lines))


class ViewError(PortfolioError):
    """A macro was called with something that does not exist; the message says what to use."""


class DiagramError(PortfolioError):
    """A diagram could not be described or rendered."""


class PdfError(PortfolioError):
    """The PDFs could not be printed."""


class BuildError(PortfolioError):
    """The site could not be built (the previous site is left as it was)."""


class ToolMissing(PortfolioError):
    """A system tool (Graphviz, Chromium, a font) is missing; the message has the install command."""
