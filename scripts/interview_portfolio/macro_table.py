"""The macros a page can call, as one table, and how a call is made safe.

Each entry takes a ``Page`` (the build, the page's source path, its story if it is one) and the
macro's arguments. ``call`` turns a PortfolioError into a recorded problem naming the page and an
escaped error box in the page (``mkdocs serve`` shows it; ``build`` and ``check`` fail with every
such problem at the end). ``prepare_page`` keeps code as written and checks, before Jinja runs,
that the page calls only macros that exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import jinja2
from jinja2 import nodes as jinja_nodes

from .errors import PortfolioError, Problem, ViewError, suggest
from .figures import render as figures
from .rendering import drill_data, portfolio_views, print_views, readiness_views, scorecard, story_views
from .rendering.code_protection import protect_code
from .rendering.escaping import text
from .rendering.html import Html, View
from .site import DIAGRAMS_OUT, SiteBuild
from .stories.loader import Story


@dataclass(frozen=True)
class Page:
    build: SiteBuild
    src: str

    @property
    def ctx(self) -> story_views.RenderContext:
        return story_views.RenderContext(self.build.index, self.build.settings.words_per_minute)

    @property
    def story_or_none(self) -> Story | None:
        return self.build.story_for(self.src)

    def story(self, macro: str) -> Story:
        found = self.story_or_none
        if found is None:
            raise ViewError(f"{macro}() works only on a story page (under docs/{self.build.settings.stories_dir}/)")
        return found


def _diagram(page: Page, name: str, caption: str | None = None) -> Html:
    return Html(figures.figure_html(page.build.root / "diagrams", name, caption, page.src, DIAGRAMS_OUT,
                                    rendered=page.build.diagram_dir / f"{name}.svg"))


MACROS: dict[str, Callable[..., View]] = {
    "story_header": lambda p: story_views.story_header(p.ctx, p.story("story_header"), p.src),
    "metric_summary": lambda p: story_views.metric_summary(p.ctx, p.story("metric_summary")),
    "follow_up_table": lambda p: story_views.follow_up_table(p.ctx, p.story("follow_up_table"), p.src),
    "metric": lambda p, ref: story_views.metric_inline(p.ctx, ref, p.story_or_none),
    "speaking_time": lambda p: story_views.speaking_time(p.ctx, p.story("speaking_time")),
    "worked_example": lambda p, example_id: story_views.worked_example(p.ctx, p.story("worked_example"), example_id),
    "diagram": _diagram,
    "dashboard": lambda p: portfolio_views.dashboard(p.ctx, p.src),
    "story_list": lambda p: portfolio_views.story_list(p.ctx, p.src),
    "competency_matrix": lambda p: portfolio_views.competency_matrix(p.ctx, p.src),
    "stories_for": lambda p, competency: portfolio_views.stories_for(p.ctx, competency, p.src),
    "question_bank": lambda p: portfolio_views.question_bank(p.ctx, p.src),
    "readiness": lambda p: readiness_views.readiness(p.ctx, p.src),
    "prompt_coverage": lambda p: readiness_views.prompt_coverage(p.ctx, p.src),
    "interviewer_packet": lambda p: portfolio_views.interviewer_packet(p.ctx, p.src),
    "cue_card": lambda p: print_views.story_cue_card(p.story("cue_card")),
    "cue_cards": lambda p, links=False: print_views.cue_cards(p.ctx, p.src, links=links),
    "scorecard_fields": lambda p: scorecard.fields(),
    "drill_data": lambda p: drill_data.drill_script(p.build.index, p.build.settings.words_per_minute),
}


# Stylesheets a view brings with it, beyond the site-wide ones (mkdocs.yml extra_css): linked
# only on the pages that show the view (overrides/main.html), so no other page waits for them
# before its first paint.
STYLESHEETS: dict[str, str] = {
    "scorecard_fields": "assets/stylesheets/scorecard.css",
    "interviewer_packet": "assets/stylesheets/scorecard.css",
    "drill_data": "assets/stylesheets/drill.css",
}
PAGE_STYLESHEETS_KEY = "pf_stylesheets"  # the page's meta key main.html reads


def note_stylesheet(meta: dict[str, Any], name: str) -> None:
    """Record in a page's meta the stylesheet that macro ``name`` needs, once."""
    sheet = STYLESHEETS.get(name)
    if sheet is None:
        return
    sheets = meta.setdefault(PAGE_STYLESHEETS_KEY, [])
    if sheet not in sheets:
        sheets.append(sheet)


def error_box(message: str) -> str:
    lines = message.splitlines() or [message]
    body = "\n".join(f"    {text(line)}" for line in lines)
    return f'\n!!! failure "Problem on this page"\n{body}\n'


def call(build: SiteBuild, src: str, name: str, view: Callable[..., str], args: tuple[Any, ...],
         kwargs: dict[str, Any]) -> str:
    try:
        return build.kept_html.markdown(view(Page(build, src), *args, **kwargs))
    except TypeError as exc:
        if exc.__traceback__ is not None and exc.__traceback__.tb_next is None:  # the call itself
            return _failed(build, src, name, f"{name}(): wrong arguments ({exc})",
                           "see the macro reference on the Writing stories page")
        raise
    except PortfolioError as exc:
        return _failed(build, src, name, str(exc), "fix the macro call or the data it names")


def _failed(build: SiteBuild, src: str, name: str, message: str, fix: str) -> str:
    file = f"{build.docs_dir.name}/{src}"
    build.record(Problem(file, f"{name}()", message, fix, rule="render"))
    return error_box(f"{file}: {message}")


def _names_read(template: jinja_nodes.Template) -> set[str]:
    """Names a template reads and never sets: what it expects from its context.

    A walk of the syntax tree; ``jinja2.meta.find_undeclared_variables`` would compile the whole
    page to Python just to answer this, which cost more than the page's own rendering.
    """
    read: set[str] = set()
    stored: set[str] = set()
    for node in template.find_all(jinja_nodes.Name):
        (stored if node.ctx in ("store", "param") else read).add(node.name)
    return read - stored


def prepare_page(build: SiteBuild, src: str, markdown: str, env: jinja2.Environment,
                 variables: dict[str, Any], meta: dict[str, Any] | None = None, *, renders: bool = True) -> str:
    """Code shown as written; a syntax error or an unknown name is reported instead of raised.

    What Jinja gets is the page with its text set aside (``rendering/template_text.py``); when
    every tag is a plain call of one of the macros, the calls are made here, in the page's order,
    and Jinja has nothing left to evaluate. A name the page's variables or meta define is left to
    Jinja, which would find that value first. A page mkdocs-macros does not render
    (``renders``: ``render_macros: false``) is left as it is.
    """
    if not renders:
        return markdown
    markdown = protect_code(markdown)
    file = f"{build.docs_dir.name}/{src}"
    story = build.story_for(src)
    offset = story.body_line - 1 if story else 0  # lines of the page body -> lines of the file
    shadowed = set(variables) | set(meta or ())
    template = build.plain_text.set_aside(
        markdown, env,
        call=lambda name, args, kwargs: cast(Callable[..., str], env.globals[name])(*args, **kwargs),
        callable_names={name for name in MACROS if name not in shadowed and name in env.globals},
    )
    if not needs_jinja(template, env):
        return template
    try:
        names = _names_read(env.parse(template))
    except jinja2.TemplateSyntaxError as exc:
        line: int | None = exc.lineno + offset if exc.lineno else None
        build.record(Problem(file, "body", f"template syntax error: {exc.message}",
                             "check the braces of the macro call on that line", rule="render", line=line))
        return error_box(f"{file}: line {exc.lineno}: template syntax error: {exc.message}")
    known = set(variables) | set(env.globals) | set(env.filters)
    for name in sorted(names - known):
        hint = suggest(name, sorted(MACROS), known=False)
        found = re.search(r"\{[{%][^\n]*?\b" + re.escape(name) + r"\b", markdown)
        line = markdown.count("\n", 0, found.start()) + 1 + offset if found else None
        build.record(Problem(file, "body", f"unknown macro or variable `{name}`",
                             f"{hint + ' ' if hint else ''}macros: {', '.join(MACROS)}", rule="render", line=line))
    if names - known:
        return error_box(f"{file}: unknown macro or variable: {', '.join(sorted(names - known))}")
    return template


def needs_jinja(template: str, env: jinja2.Environment) -> bool:
    """Whether Jinja has anything to do on a page: a tag of any kind (or line statements are on)."""
    if env.line_statement_prefix or env.line_comment_prefix:
        return True
    return any(start in template for start in (env.variable_start_string, env.block_start_string,
                                               env.comment_start_string))


_NEWLINE = re.compile(r"\r\n|\r|\n")  # Jinja's own newline rule (jinja2.lexer.newline_re)
_RENDER_FLAG = "render_macros"  # mkdocs-macros' switch: a page with it false is handed on as it is
_KEPT_RENDER_FLAG = "pf_render_macros"  # the page's own value of that switch, while it is set here


def without_jinja(template: str, env: jinja2.Environment, meta: dict[str, Any]) -> str:
    """What Jinja would render from a page with no tag, and mkdocs-macros told not to compile it.

    A page whose every call ``prepare_page`` made is text and tokens: compiling it was a
    millisecond a page spent on nothing. Jinja's output of such a page is the page with its
    newlines normalised and one trailing newline dropped; that is what this returns. The page's
    ``render_macros`` is false until ``restore_render_flag``, for mkdocs-macros' render step only.
    """
    meta[_KEPT_RENDER_FLAG] = (_RENDER_FLAG in meta, meta.get(_RENDER_FLAG))
    meta[_RENDER_FLAG] = False
    lines = _NEWLINE.split(template)
    if not env.keep_trailing_newline and lines[-1] == "":
        lines.pop()
    return env.newline_sequence.join(lines)


def restore_render_flag(meta: dict[str, Any]) -> None:
    """The page's ``render_macros`` as it was before ``without_jinja``."""
    kept = meta.pop(_KEPT_RENDER_FLAG, None)
    if kept is None:
        return
    had, value = kept
    if had:
        meta[_RENDER_FLAG] = value
    else:
        meta.pop(_RENDER_FLAG, None)


def finish_page(build: SiteBuild, rendered: str) -> str:
    """The page Jinja rendered, with the text ``prepare_page`` set aside back in place."""
    return build.plain_text.put_back(rendered)
