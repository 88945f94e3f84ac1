"""`check`: every problem of the portfolio at once, as the build would find it, plus readiness.

It validates the stories, builds the whole site into a temporary folder (so a typo in a body
macro is found here, not by ``make serve``), checks what a public build would refuse, lists the
placeholders left in and where each redacted term occurs, and summarises readiness.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import settings as settings_mod
from .errors import Problem
from .rendering import readiness_views
from .site import REPORT_ENV
from .stories import readiness
from .stories.links import check_links
from .stories.loader import StoryIndex, load_index

_MKDOCS_LINE = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")


@dataclass
class CheckReport:
    stories: int
    problems: list[Problem] = field(default_factory=list)
    redactions: list[str] = field(default_factory=list)
    readiness: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def summary(self) -> str:
        return f"{self.stories} stories checked: {self.errors} error(s), {len(self.problems) - self.errors} warning(s)"


def trial_render(root: Path) -> list[Problem]:
    """Build the whole site into a temporary folder and collect every problem it reports."""
    with tempfile.TemporaryDirectory(prefix="portfolio-check-") as tmp:
        report = Path(tmp) / "report.json"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", settings_mod.AUDIENCE_ENV: "me", REPORT_ENV: str(report)}
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(Path(tmp) / "site")],
            cwd=root, env=env, capture_output=True, text=True,
        )
        problems = [Problem(**p) for p in json.loads(report.read_text())] if report.is_file() else []
    for line in (result.stdout + result.stderr).splitlines():
        match = _MKDOCS_LINE.match(line.strip())
        if match and "problem(s) in the stories" not in line and "Aborted with" not in line:
            message = match.group(2)
            if not any(p.message in message for p in problems):
                problems.append(Problem("mkdocs", None, message, "fix what MkDocs names", rule="mkdocs"))
    if result.returncode != 0 and not problems:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-5:])
        problems.append(Problem("mkdocs", None, f"the trial build failed: {tail}", "run `make build` for details"))
    return problems


def placeholder_problems(index: StoryIndex) -> list[Problem]:
    """Every `[TODO: ...]` left in a story (front matter and body), as found at load."""
    return [
        Problem(story.file, None, f"placeholder left: {p.text}", "fill it in, or delete it", "warning", "placeholder", p.line)
        for story in index.stories.values()
        for p in readiness.placeholders(story)
    ]


def public_link_problems(index: StoryIndex) -> list[Problem]:
    """What a public or interviewer build would refuse: a shown story linking to a private one.

    Asked of the index already loaded for ``me``, which still holds the private stories.
    """
    problems = check_links(index, None, index.unreadable, private_excluded=True)
    return [p for p in problems if "private story" in p.message]


def redaction_occurrences(root: Path, settings: settings_mod.Settings) -> list[str]:
    """Where each confidential term of `extra.portfolio.redact` occurs, and what replaces it."""
    if not settings.redact:
        return []
    pattern = settings_mod.redaction_pattern(settings.redact)
    lines = []
    for folder in ("docs", "diagrams"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in {".md", ".py", ".yml", ".yaml"} or not path.is_file():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                for match in pattern.finditer(line):
                    lines.append(f"  {path.relative_to(root)}:{number}: {match.group(0)!r} -> "
                                 f"{settings.redact[settings_mod.term_key(settings.redact, match.group(0))]!r}")
    return lines


def run_check(root: Path, *, strict: bool = False) -> CheckReport:
    settings = settings_mod.read(root / "mkdocs.yml", audience="me")
    index = load_index(root / "docs", settings.vocabulary, settings.stories_dir, None)
    problems = trial_render(root) + public_link_problems(index) + placeholder_problems(index)
    if strict:
        problems = [p.as_error() for p in problems]
    problems.sort(key=lambda p: (p.severity != "error", p.file, p.line or 0))
    return CheckReport(
        stories=len(index.stories),
        problems=problems,
        redactions=redaction_occurrences(root, settings),
        readiness=readiness_views.check_summary(readiness.readiness(index, settings.words_per_minute)),
    )
