"""Interview portfolio: check stories, scaffold new ones, build, serve, print PDFs, make the interviewer kit.

Every command exits non-zero on any problem. The make targets wrap these commands; each also
answers to its short name (check, new, build, serve, pdf, kit).
"""

from __future__ import annotations

import enum
import os
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from typer._click.exceptions import ClickException as TyperClickException

from .errors import PortfolioError

if TYPE_CHECKING:
    from collections.abc import Callable

    from .settings import Audience

# Each command imports what it needs when it runs: `print-pdfs` and `build-site` do not pay for
# loading the story model (pydantic) that `check-stories` and `new-story` use.

app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  pretty_exceptions_enable=False)
ROOT_HELP = "Portfolio folder (holds mkdocs.yml and docs/)."
PDF_CACHE = Path(".cache") / "portfolio" / "pdf"  # in the root: PDFs whose inputs are unchanged are kept


class Kind(enum.StrEnum):
    star = "star"
    deep_dive = "deep-dive"
    outline = "outline"


class AudienceChoice(enum.StrEnum):
    me = "me"
    public = "public"
    interviewer = "interviewer"


class Paper(enum.StrEnum):
    a4 = "A4"
    letter = "Letter"


def _root(root: Path | None) -> Path:
    found = (root or Path.cwd()).resolve()
    if not (found / "mkdocs.yml").is_file():
        raise PortfolioError(f"{found} has no mkdocs.yml: run this in the portfolio folder or pass --root")
    return found


def _say(message: str, colour: str | None = None, err: bool = False) -> None:
    typer.secho(message, fg=colour, err=err)


def _target(root: Path, site_dir: Path) -> Path:
    return site_dir if site_dir.is_absolute() else root / site_dir


# --- check ---------------------------------------------------------------------------------

@app.command("check-stories")
@app.command("check", hidden=True)
def check_stories(
    strict: bool = typer.Option(False, "--strict", help="Treat lint warnings as errors."),
    root: Path = typer.Option(None, help=ROOT_HELP),
) -> None:
    """Validate every story and trial-render the whole site; report every problem at once.

    Errors (bad YAML, unknown or missing fields, broken links, unknown macros, anything the
    build would fail on) always fail. Lint findings and placeholders left in are warnings
    unless --strict. The readiness summary (what is left to confirm, and the score) comes last.
    """
    from . import checking

    report = checking.run_check(_root(root), strict=strict)
    for p in report.problems:
        _say(str(p), "red" if p.severity == "error" else "yellow", err=True)
    if report.redactions:
        _say(f"Redacted in public and interviewer builds ({len(report.redactions)} occurrence(s)):")
        for line in report.redactions:
            _say(line)
    for line in report.readiness:
        _say(line)
    if report.errors:
        raise PortfolioError(report.summary)
    _say(report.summary, "green")


# --- new -----------------------------------------------------------------------------------

@app.command("new-story")
@app.command("new", hidden=True)
def new_story(
    title: str = typer.Argument(..., help="The story's title, taken literally."),
    kind: Kind = typer.Option(Kind.star, help="Which scaffold."),
    slug: str = typer.Option(None, help="File name without .md (default: from the title)."),
    root: Path = typer.Option(None, help=ROOT_HELP),
) -> None:
    """Scaffold a story from the template of its kind. Never overwrites an existing file."""
    from . import settings as settings_mod
    from .stories import scaffold

    root = _root(root)
    text, slug = scaffold.story_template(title, kind.value, slug)
    settings = settings_mod.read(root / "mkdocs.yml")
    path = root / "docs" / settings.stories_dir / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": fails if the file exists
            handle.write(text)
    except FileExistsError:
        raise PortfolioError(f"{path.relative_to(root)} already exists; nothing was written. "
                             "Choose another title or pass --slug.") from None
    _say(f"Wrote {path.relative_to(root)}: fill in every [TODO: ...], then run `make check`.", "green")


# --- build, serve, pdf, kit ----------------------------------------------------------------

@app.command("build-site")
@app.command("build", hidden=True)
def build_site(
    audience: AudienceChoice = typer.Option(AudienceChoice.public, help="Who the site is for."),
    site_dir: Path = typer.Option(Path("site"), help="Where the site goes (relative to the root)."),
    verbose: bool = typer.Option(False, "--verbose", help="Show MkDocs' own log."),
    root: Path = typer.Option(None, help=ROOT_HELP),
) -> None:
    """Build the site (strict) into a staging folder, then swap it in; a failed build changes nothing."""
    from . import build as site_build

    root = _root(root)
    started = time.perf_counter()
    target = _target(root, site_dir)
    output = site_build.build_site(root, target, audience.value, verbose=verbose)
    if verbose and output:
        _say(output)
    _say(f"Built {audience.value} site in {target.name}/ in {time.perf_counter() - started:.1f} s", "green")


@app.command("serve-site")
@app.command("serve", hidden=True)
def serve_site(
    port: int = typer.Option(8000, help="Port on 127.0.0.1."),
    audience: AudienceChoice = typer.Option(AudienceChoice.me, help="Who the site is for."),
    root: Path = typer.Option(None, help=ROOT_HELP),
) -> None:
    """Serve the portfolio with live reload; a bad story shows its problems in the page."""
    from . import settings as settings_mod

    root = _root(root)
    # No .pyc files written: the core is watched, and a fresh .pyc would trigger a second
    # rebuild. `make venv` compiles the libraries and the core ahead.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
           settings_mod.AUDIENCE_ENV: audience.value}
    # --dirty: a save redoes the changed page and the pages that show its data (macros/hooks.py).
    # serving.py: mkdocs serve itself, polling for saved files more often.
    command = [sys.executable, "-m", "interview_portfolio.serving", "--livereload", "--dirty",
               "--dev-addr", f"127.0.0.1:{port}"]
    # exec, not a child: a signal to this process (Ctrl-C, a supervisor's SIGTERM) reaches the
    # server itself, and no server is left running without its parent.
    os.chdir(root)
    os.execve(sys.executable, command, env)


@app.command("print-pdfs")
@app.command("pdf", hidden=True)
def print_pdfs(
    paper: Paper = typer.Option(Paper.a4, help="Paper size."),
    site_dir: Path = typer.Option(Path("site"), help="The built site to print from."),
    build: bool = typer.Option(False, "--build", help="Build the site first (as build-site does), while the browser starts."),
    audience: AudienceChoice = typer.Option(AudienceChoice.public, help="With --build: who the site is for."),
    root: Path = typer.Option(None, help=ROOT_HELP),
) -> None:
    """Print the portfolio pack, the interviewer packet and the cue cards of a built site to SITE/pdf/.

    A PDF none of whose inputs changed since it was printed is not printed again (.cache/portfolio/pdf/).
    """
    from .export import pdf as pdf_export

    root = _root(root)
    target = _target(root, site_dir)
    pdf_export.export_all(target, paper=paper.value, log=typer.echo, cache_dir=root / PDF_CACHE,
                          build=_builder(root, target, audience.value) if build else None)


def _builder(root: Path, target: Path, audience: Audience) -> Callable[[], None]:
    """The build of ``make pdf`` and ``make kit``, run by the PDF export while the browser starts."""
    from . import build as site_build

    def build() -> None:
        started = time.perf_counter()
        site_build.build_site(root, target, audience)
        _say(f"Built {audience} site in {target.name}/ in {time.perf_counter() - started:.1f} s", "green")

    return build


@app.command("make-kit")
@app.command("kit", hidden=True)
def make_kit(
    paper: Paper = typer.Option(Paper.a4, help="Paper size."),
    site_dir: Path = typer.Option(Path("kit"), help="Where the kit goes."),
    root: Path = typer.Option(None, help=ROOT_HELP),
) -> None:
    """Make the mock-interviewer kit: a stand-alone site and PDF with no answers in them."""
    from .export import pdf as pdf_export

    root = _root(root)
    target = _target(root, site_dir)
    pdf_export.export_all(target, paper=paper.value, log=typer.echo, cache_dir=root / PDF_CACHE,
                          build=_builder(root, target, "interviewer"))
    _say(f"Kit ready: {target.name}/ (open index.html) and {target.name}/pdf/interviewer-packet.pdf", "green")


def main() -> None:
    """Entry point: user errors print their message; anything else is reported as a bug."""
    try:
        app(standalone_mode=False)
    except PortfolioError as exc:
        _say(str(exc), "red", err=True)
        sys.exit(1)
    except (typer.Exit, SystemExit) as exc:
        code = getattr(exc, "exit_code", getattr(exc, "code", 0))
        sys.exit(code or 0)
    except typer.Abort:
        sys.exit(130)
    except TyperClickException as exc:  # a bad option or argument: click's own usage message
        exc.show()
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug in this tool, not the user's input
        crash = Path(".cache/portfolio/last-crash.txt")
        crash.parent.mkdir(parents=True, exist_ok=True)
        crash.write_text(traceback.format_exc(), encoding="utf-8")
        _say(f"internal error (a bug in the portfolio tool, not in your stories): {type(exc).__name__}: "
             f"{exc}\nThe details are in {crash}; please report them.", "red", err=True)
        sys.exit(70)


if __name__ == "__main__":
    main()
