"""Interview portfolio command line: check stories, scaffold new ones, build the site, print PDFs.

Every command exits non-zero on any problem. Run `python scripts/portfolio.py --help`, or use the
make targets that wrap it (`make check`, `make new`, `make build`, `make pdf`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import typer
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import lint, scaffold, story_index, vocabulary  # noqa: E402

app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its `!!python/name:` or `!ENV` tags."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(config_file: Path) -> dict:
    """The `extra.portfolio` settings of mkdocs.yml (stories_dir, competencies, words_per_minute)."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise typer.Exit(_fail(f"{config_file}: cannot read it: {exc}"))
    return ((config.get("extra") or {}).get("portfolio")) or {}


def _fail(message: str) -> int:
    typer.secho(message, fg=typer.colors.RED, err=True)
    return 1


def _diagram_names(root: Path) -> list[str] | None:
    try:
        from macros import diagram_render
    except ModuleNotFoundError:
        return None
    return diagram_render.list_diagrams(root / "diagrams")


def load(root: Path) -> story_index.StoryIndex:
    settings = read_settings(root / "mkdocs.yml")
    try:
        vocab = vocabulary.build_vocabulary(settings.get("competencies"))
    except ValueError as exc:
        raise typer.Exit(_fail(f"mkdocs.yml: {exc}"))
    return story_index.load_index(
        root / "docs", vocab, settings.get("stories_dir", "stories"), _diagram_names(root)
    )


@app.command()
def check(
    strict: bool = typer.Option(False, "--strict", help="Treat lint warnings as errors."),
    root: Path = typer.Option(ROOT, help="Portfolio folder (holds mkdocs.yml and docs/)."),
) -> None:
    """Validate every story and report every problem at once: file, field, what is wrong, the fix.

    Model errors (bad YAML, missing or unknown fields, wrong types, unknown competencies, duplicate
    slugs, broken follow-up links, empty files) always fail. Lint findings (too few numbers, a
    metric without before/after or method, a deep dive without SLOs, hindsight or lessons, a
    worked example whose stated result is off, the same metric quoted with different values in
    two stories) are warnings unless --strict.
    """
    index = load(root)
    problems = list(index.problems)
    if not index.errors:
        problems += lint.lint(index)
    if strict:
        problems = [lint.as_error(p) for p in problems]
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        colour = typer.colors.RED if p.severity == "error" else typer.colors.YELLOW
        typer.secho(str(p), fg=colour, err=True)
    warnings = len(problems) - len(errors)
    summary = f"{len(index.stories)} stories checked: {len(errors)} error(s), {warnings} warning(s)"
    if errors:
        raise typer.Exit(_fail(summary))
    typer.secho(summary, fg=typer.colors.GREEN)


@app.command()
def new(
    title: str = typer.Argument(..., help="The story's title."),
    kind: str = typer.Option("star", help="star, deep-dive or outline."),
    slug: Optional[str] = typer.Option(None, help="File name without .md (default: from the title)."),
    root: Path = typer.Option(ROOT, help="Portfolio folder (holds mkdocs.yml and docs/)."),
) -> None:
    """Scaffold a story from the model's own template. Never overwrites an existing file."""
    if not title.strip():
        raise typer.Exit(_fail('Give a title: make new TITLE="Led the migration to event sourcing"'))
    try:
        text, slug = scaffold.story_template(title, kind, slug)
    except ValueError as exc:
        raise typer.Exit(_fail(str(exc)))
    settings = read_settings(root / "mkdocs.yml")
    path = root / "docs" / settings.get("stories_dir", "stories") / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": fails if the file exists
            handle.write(text)
    except FileExistsError:
        raise typer.Exit(_fail(
            f"{path.relative_to(root)} already exists; nothing was written. "
            "Choose another title or pass --slug."
        ))
    typer.secho(f"Wrote {path.relative_to(root)}: fill it in, then run `make check`.", fg=typer.colors.GREEN)


@app.command()
def build(
    root: Path = typer.Option(ROOT, help="Portfolio folder (holds mkdocs.yml)."),
    site_dir: Path = typer.Option(Path("site"), help="Where the site goes (relative to the root)."),
) -> None:
    """Build the site with `mkdocs build --strict` into a temporary folder, then swap it in.

    A failed build leaves the previous site untouched.
    """
    target = site_dir if site_dir.is_absolute() else root / site_dir
    staging = target.parent / f".site-build-{os.getpid()}"
    previous = target.parent / ".site-previous"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging)],
        cwd=root, env=env,
    )
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        where = f"{target.relative_to(root)}/" if target.is_relative_to(root) else str(target)
        raise typer.Exit(_fail(f"Build failed; {where} was left as it was."))
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
    typer.secho(f"Built {target} in {time.perf_counter() - started:.1f} s", fg=typer.colors.GREEN)


@app.command()
def pdf(
    paper: str = typer.Option("A4", help="A4 or Letter."),
    root: Path = typer.Option(ROOT, help="Portfolio folder (holds site/)."),
    site_dir: Path = typer.Option(Path("site"), help="The built site to print from."),
) -> None:
    """Print the portfolio pack, the interviewer packet and the cue cards to site/pdf/."""
    try:
        from macros import pdf_export
    except ModuleNotFoundError:
        raise typer.Exit(_fail("PDF export is not available in this checkout (macros/pdf_export.py)."))
    target = site_dir if site_dir.is_absolute() else root / site_dir
    try:
        pdf_export.export_all(target, paper=paper, log=typer.echo)
    except pdf_export.PdfError as exc:
        raise typer.Exit(_fail(str(exc)))


if __name__ == "__main__":
    app()
