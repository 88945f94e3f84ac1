"""Test helpers shared by every layer: fixture stories, fixture sites, running the CLI and MkDocs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

VALID_FRONT_MATTER = """\
title: "Scaled the ingest pipeline"
description: A fixture story.
kind: star
company: Acme
system: Ingest
role: Lead engineer
prompts: ["Tell me about a project you are proud of."]
competencies: [Driving Results, Communicating Effectively]
metrics:
  - id: p95_latency
    label: p95 latency
    category: latency
    before: 900
    after: 300
    unit: ms
    better: lower
    method: Tracing
    window: 30 days
    headline: true
  - id: cost
    label: Monthly cost
    category: cost
    change: -20
    better: lower
    method: Cloud bill
  - id: uptime
    label: Availability
    category: reliability
    value: 99.95
    unit: "%"
    better: higher
    target: 99.9
    method: Uptime probes
follow_ups:
  - question: "Why not batch?"
    group: Design
    answer: Latency budget ruled it out.
    backed_by: ["#result"]
"""

VALID_BODY = """
# Scaled the ingest pipeline

{{ story_header() }}

<!-- answer: 2-minute version -->
## Situation
We had a slow pipeline.
## Result
It got fast: {{ metric('p95_latency') }}.
<!-- /answer -->

{{ speaking_time() }}

## Results in numbers

{{ metric_summary() }}

## Anticipated follow-ups

{{ follow_up_table() }}
"""


def story_text(front_matter: str = VALID_FRONT_MATTER, body: str = VALID_BODY) -> str:
    return f"---\n{front_matter}---\n{body}"


def write_story(docs_dir: Path, name: str, text: str) -> Path:
    path = docs_dir / "stories" / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def make_fixture_site(tmp_path: Path, stories: dict[str, str], pages: dict[str, str] | None = None) -> Path:
    """A small portfolio: the real mkdocs.yml, macros and theme overrides, fixture stories.

    Diagrams are left out (an empty diagrams/ folder) so fixture builds stay fast.
    """
    site_root = tmp_path / "portfolio"
    site_root.mkdir()
    for folder in ("macros", "overrides"):
        shutil.copytree(ROOT / folder, site_root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (site_root / "diagrams").mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # Fixture sites have their own pages: let MkDocs build the nav from the files.
    config = config.split("\nnav:")[0] + "\n"
    config = config.replace("  - scripts/interview_portfolio\n", "")  # fixture sites use the installed core
    (site_root / "mkdocs.yml").write_text(config, encoding="utf-8")
    docs_dir = site_root / "docs"
    (docs_dir / "stories").mkdir(parents=True)
    shutil.copytree(ROOT / "docs" / "assets" / "stylesheets", docs_dir / "assets" / "stylesheets")
    (docs_dir / "index.md").write_text("# Home\n", encoding="utf-8")
    for name, text in stories.items():
        write_story(docs_dir, name, text)
    for rel, text in (pages or {}).items():
        path = docs_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return site_root


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "interview_portfolio", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )


def mkdocs_build(site_root: Path, out: Path, audience: str = "public") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PORTFOLIO_AUDIENCE": audience}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=site_root, env=env, capture_output=True, text=True, timeout=300,
    )


def require_chromium() -> None:
    """Skip a test that prints without Chromium; under CI=true a missing browser is a failure."""
    from interview_portfolio.errors import PdfError
    from interview_portfolio.export import pdf as pdf_export

    try:
        pdf_export.find_chromium()
    except PdfError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and Chromium is missing: {exc}")
        pytest.skip(f"Chromium is not available: {exc}")


def join(view: str | list[str]) -> str:
    """A view's output (``rendering/html.py``: a string, or a list of Markdown and HTML) as one string."""
    return "".join(view) if isinstance(view, list) else str(view)


def table_rows(view: str | list[str]) -> list[list[str]]:
    """The body rows of every HTML table in a view's output, each as its cells' inner HTML."""
    html = join(view)
    return [re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S)
            for row in re.findall(r"<tr>\n(<td\b.*?)</tr>", html, re.S)]
