"""MkDocs hooks: wire the portfolio core into MkDocs' build events. No logic of its own.

Registered in mkdocs.yml (``hooks:``). MkDocs imports this file once per process (its hook
loader is cached), so ``mkdocs serve`` would keep running the core it first imported. Instead,
each build starts (``on_config``) by checking the core's source files: when one changed since
the core was imported, the core is imported afresh and this module's names point at the new one,
so ``mkdocs serve`` always runs the code on disk. Otherwise the loaded core, and what it keeps
from build to build (stories by content, see ``stories/loader.py``), is reused.
"""

from __future__ import annotations

import gc
import importlib.util
import logging
import os
import sys
import types
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs_macros import context as mkdocs_macros_context

# What must outlive this module (a test, or a second MkDocs run in one process, may load it
# again) lives in a module of its own.
_session = vars(sys.modules.setdefault("_portfolio_session", types.ModuleType("_portfolio_session")))


def _core_sources() -> tuple[tuple[str, int, int], ...]:
    spec = importlib.util.find_spec("interview_portfolio")
    roots = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for root in roots for p in root.rglob("*.py")))


def _load_core() -> None:
    """Import the core, afresh when a source file changed since it was last imported."""
    if _session.get("core_sources") != (sources := _core_sources()):
        for name in [m for m in sys.modules if m == "interview_portfolio" or m.startswith("interview_portfolio.")]:
            del sys.modules[name]
        _session["core_sources"] = sources
    # Graphviz's version and the font list are asked now, in the background, so that waiting for
    # them overlaps importing the rest of the core (site.start takes the answers). MkDocs runs
    # from the project's folder, except with `-f`: then nothing is asked ahead.
    from interview_portfolio.figures import toolchain

    toolchain.prefetch(Path.cwd() / "diagrams")
    from interview_portfolio import settings, site
    from interview_portfolio.errors import PortfolioError, StoryError
    from interview_portfolio.rendering import whitespace
    from interview_portfolio.rendering.escaping import sanitise_html
    from interview_portfolio.rendering.table_layout import label_tables
    from interview_portfolio.stories.lint import lint

    globals().update(settings_mod=settings, site=site, toolchain=toolchain, PortfolioError=PortfolioError,
                     StoryError=StoryError, whitespace=whitespace, sanitise_html=sanitise_html,
                     label_tables=label_tables, lint=lint)


# A build makes millions of short-lived objects beside a large set of long-lived ones (the
# loaded stories, the theme's compiled templates, the modules): with CPython's default
# thresholds the collector kept rescanning the long-lived ones, a twentieth of a build at 100
# stories. Set before the core is imported: importing pydantic and the core under the default
# thresholds ran full collections worth 40 ms, a tenth of a small build's own cost.
GC_THRESHOLDS = (10_000, 20, 20)
gc.set_threshold(*GC_THRESHOLDS)

_load_core()
# The names _load_core binds, for readers and linters (they are rebound there, never here).
from interview_portfolio import settings as settings_mod
from interview_portfolio import site
from interview_portfolio.errors import PortfolioError, StoryError
from interview_portfolio.figures import toolchain
from interview_portfolio.rendering import whitespace
from interview_portfolio.rendering.escaping import sanitise_html
from interview_portfolio.rendering.table_layout import label_tables
from interview_portfolio.stories.lint import lint

log = logging.getLogger("mkdocs.plugins.portfolio")


class _GitInfoOnDemand(dict):
    """mkdocs-macros' ``git`` variable, asked of git only when a page reads it.

    mkdocs-macros runs 13 git commands on every build (about 40 ms, on each `serve` rebuild
    too) for a variable this project's pages never use; a page that does use it still gets it.
    """

    def __missing__(self, key):
        if "_asked" not in self:
            self.update(_ask_git(), _asked=True)
            if key in self:
                return self[key]
        raise KeyError(key)


_ask_git = mkdocs_macros_context.get_git_info
mkdocs_macros_context.get_git_info = _GitInfoOnDemand


def on_startup(command: str, dirty: bool) -> None:
    _session.update(serving=command == "serve", dirty=dirty, fingerprint=None)


def _serving() -> bool:
    return bool(_session.get("serving"))


@event_priority(100)  # before mkdocs-macros: its define_env reads the build made here
def on_config(config):
    _load_core()
    root = Path(config.config_file_path).parent
    try:
        settings = settings_mod.from_extra(config.extra)
        build = site.start(root, Path(config.docs_dir), settings, serving=_serving(), log=log.debug)
    except PortfolioError as exc:
        raise PluginError(str(exc)) from None
    finally:
        toolchain.forget_prefetched()  # asked ahead for this build only, used or not
    build.check_theme_keys(config.theme.dirs)
    if build.report() and not _serving() and not os.environ.get(site.REPORT_ENV):
        raise PluginError(str(StoryError(build.report())))
    if os.environ.get(settings_mod.SITE_URL_ENV):
        config.site_url = os.environ[settings_mod.SITE_URL_ENV]
    if _serving():  # a macro error shows in the page instead of stopping the server
        config.plugins["macros"].config["on_error_fail"] = False
    config.extra["portfolio_build"] = build
    config.nav = site.shape_nav(config.nav, build)
    return config


def on_files(files, config):
    build = config.extra["portfolio_build"]
    for file in list(files):
        if file.is_documentation_page() and not build.keeps_page(file.src_uri):
            files.remove(file)
    for name in build.diagrams_to_publish():
        svg = (build.diagram_dir / f"{name}.svg").read_text(encoding="utf-8")
        files.append(File.generated(config, f"{site.DIAGRAMS_OUT}/{name}.svg", content=svg))
    if build.settings.audience == "interviewer":
        files.append(File.generated(config, "index.md", content=site.interviewer_home()))
        from interview_portfolio.export.pdf import KIT_README  # here: only the kit needs the exporter

        files.append(File.generated(config, KIT_README, content=site.kit_readme()))
    if _session.get("dirty"):
        _mark_dependents(build, files)
    return files


def _mark_dependents(build, files) -> None:
    """`serve --dirty` redoes changed pages only; also redo the pages that show their data."""
    pages = list(files.documentation_pages())
    fingerprint, shown = build.fingerprint(), build.view_fingerprints()
    if fingerprint != _session.get("fingerprint"):  # the nav or the code changed: every page shows it
        redo = {f.src_uri for f in pages}
    else:
        before = _session.get("shown", {})
        shown_changed = {src for src, digest in shown.items() if before.get(src) != digest}
        redo = build.pages_to_redo({f.src_uri for f in pages if f.is_modified()}, {f.src_uri for f in pages}, shown_changed)
    _session.update(fingerprint=fingerprint, shown=shown)
    for file in pages:
        if file.src_uri in redo:
            file.is_modified = lambda: True


def on_page_read_source(page, config):
    build = config.extra["portfolio_build"]
    if not build.is_story_path(page.file.src_uri):
        return None
    story = build.story_for(page.file.src_uri)
    return build.story_source(story) if story else build.error_source(page.file.src_uri)


@event_priority(100)  # first: mkdocs-macros and Material's tags read the meta set here
def on_page_markdown(markdown, page, config, files):
    build = config.extra["portfolio_build"]
    story = build.story_for(page.file.src_uri)
    if story is not None:
        page.meta = build.story_meta(story)
    return markdown


def on_page_content(html, page, config, files):
    build = config.extra["portfolio_build"]
    # A site page (never a story: MkDocs sees only a story's MkDocs keys) may ship its own
    # controls and scripts, like the drill; everything else is cleaned with the allow-list.
    # The views' HTML fragments were cleaned when kept; their tokens are plain text.
    if not (page.meta.get("sanitise") is False and not build.is_story_path(page.file.src_uri)):
        html = sanitise_html(html)
    # Tables carry their phone layout (cards, labels) in the HTML: no script does it at load.
    # The views' tables were marked when written; these are the page's own.
    html = label_tables(html)
    # Fragments that search skips are put in after it has read the page (on_page_context).
    return build.kept_html.restore(html, searchable=True)


@event_priority(-100)  # after the search plugin
def on_page_context(context, page, config, nav):
    page.content = config.extra["portfolio_build"].kept_html.restore(page.content)
    return context


def on_post_page(output, page, config):
    return whitespace.squeeze(output)


def on_post_build(config):
    build = config.extra["portfolio_build"]
    site.finish(build, Path(config.site_dir), lambda: lint(build.index))
    if build.report() and not _serving():
        raise PluginError(str(StoryError(build.report())))
