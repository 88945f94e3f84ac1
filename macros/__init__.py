"""MkDocs glue: wires the pure story core into mkdocs-macros. No logic of its own lives here.

mkdocs-macros imports this package once per process, so ``mkdocs serve`` would keep stale code;
``define_env`` therefore reloads the implementation modules on every build. It also loads every
story from disk once per build (MkDocs renders pages one at a time, so a page could not see later
pages' metadata) and renders the architecture diagrams before any page asks for one.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.portfolio")

# Reload order matters: dependencies first.
_IMPLEMENTATION = (
    "vocabulary", "story_model", "story_index", "formatting", "worked_examples",
    "views", "lint", "diagram_render", "print_views",
)


def _reload_implementation() -> dict[str, object]:
    modules = {}
    for name in _IMPLEMENTATION:
        full = f"{__name__}.{name}"
        try:
            module = importlib.reload(sys.modules[full]) if full in sys.modules else importlib.import_module(full)
        except ModuleNotFoundError as exc:
            if exc.name != full:
                raise
            continue  # optional module not present in this checkout
        modules[name] = module
    return modules


def define_env(env) -> None:  # noqa: C901 - registration list, not logic
    from mkdocs.exceptions import PluginError

    m = _reload_implementation()
    vocabulary_mod, story_index, views = m["vocabulary"], m["story_index"], m["views"]
    diagram_render = m.get("diagram_render")

    config_dir = Path(env.conf["config_file_path"]).parent
    docs_dir = Path(env.conf["docs_dir"])
    settings = (env.conf.get("extra") or {}).get("portfolio") or {}
    stories_dir = settings.get("stories_dir", "stories")
    words_per_minute = int(settings.get("words_per_minute", 150))
    diagrams_dir = config_dir / "diagrams"

    try:
        vocabulary = vocabulary_mod.build_vocabulary(settings.get("competencies"))
    except ValueError as exc:
        raise PluginError(f"mkdocs.yml: {exc}") from None

    diagram_names: list[str] | None = None
    if diagram_render is not None:
        try:
            diagram_render.render_all(diagrams_dir, docs_dir / "assets" / "diagrams", log=log.info)
        except diagram_render.DiagramError as exc:
            raise PluginError(str(exc)) from None
        diagram_names = diagram_render.list_diagrams(diagrams_dir)

    index = story_index.load_index(docs_dir, vocabulary, stories_dir, diagram_names)
    if index.errors:
        raise PluginError(str(story_index.StoryFileError(index.errors)))
    _add_stories_to_nav(env.conf, index, stories_dir)

    ctx = views.RenderContext(index=index, words_per_minute=words_per_minute)
    env.variables["portfolio"] = index

    def page_src() -> str:
        return env.page.file.src_uri

    def current_story(macro: str):
        story = index.by_src_path(page_src())
        if story is None:
            raise views.ViewError(
                f"{page_src()}: {macro}() works only on a story page (under docs/{stories_dir}/)"
            )
        return story

    def guarded(fn):
        # Name the page in every macro error: mkdocs-macros reports only the exception text.
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except views.ViewError as exc:
                message = str(exc)
                raise views.ViewError(message if message.startswith(page_src()) else f"{page_src()}: {message}") from None
        wrapper.__name__ = fn.__name__
        wrapper.__doc__ = fn.__doc__
        return wrapper

    @env.macro
    @guarded
    def story_header():
        """Kind, company, role, prompts and competencies of the current story."""
        return views.story_header(ctx, current_story("story_header"), page_src())

    @env.macro
    @guarded
    def metric_summary():
        """Every metric of the current story with before -> after bars."""
        return views.metric_summary(ctx, current_story("metric_summary"))

    @env.macro
    @guarded
    def follow_up_table():
        """Anticipated follow-ups of the current story, answers collapsed, with their backing links."""
        return views.follow_up_table(ctx, current_story("follow_up_table"), page_src())

    @env.macro
    @guarded
    def metric(ref: str):
        """Quote a metric from front matter: metric('id') or metric('story-slug:id')."""
        return views.metric_inline(ctx, ref, index.by_src_path(page_src()))

    @env.macro
    @guarded
    def speaking_time():
        """Estimated speaking time of each marked answer against the story's target."""
        return views.speaking_time(ctx, current_story("speaking_time"))

    @env.macro
    @guarded
    def worked_example(example_id: str):
        """A worked numeric example computed from its inputs, with formulas and checks."""
        return views.worked_example(ctx, current_story("worked_example"), example_id)

    @env.macro
    @guarded
    def diagram(name: str, caption: str | None = None):
        """Embed an architecture diagram rendered from diagrams/NAME.py."""
        if diagram_render is None:
            raise views.ViewError("the diagram pipeline (macros/diagram_render.py) is missing")
        try:
            return diagram_render.figure_markdown(diagrams_dir, name, caption, page_src())
        except diagram_render.DiagramError as exc:
            raise views.ViewError(str(exc)) from None

    @env.macro
    @guarded
    def dashboard():
        """Headline numbers across all stories, grouped by kind of metric."""
        return views.dashboard(ctx, page_src())

    @env.macro
    @guarded
    def story_list():
        """Every public story with its kind, prompts and competencies."""
        return views.story_list(ctx, page_src())

    @env.macro
    @guarded
    def competency_matrix():
        """Stories x competencies, with gaps and suggestions."""
        return views.competency_matrix(ctx, page_src())

    @env.macro
    @guarded
    def stories_for(competency: str):
        """The stories that show one competency: stories_for('Resolving Conflicts')."""
        return views.stories_for(ctx, competency, page_src())

    @env.macro
    @guarded
    def question_bank():
        """Every prompt and follow-up, grouped, linked to the stories that answer it."""
        return views.question_bank(ctx, page_src())

    @env.macro
    @guarded
    def interviewer_packet():
        """Per story: prompt, competencies, follow-ups to probe and a rubric; no answers."""
        return views.interviewer_packet(ctx, page_src())

    print_views = m.get("print_views")
    if print_views is not None:
        @env.macro
        @guarded
        def cue_cards():
            """One cue card per public story: prompt, STAR beats, three strongest numbers."""
            return print_views.cue_cards(ctx, page_src())


def on_pre_page_macros(env) -> None:
    """Code is shown as written: wrap code fences and inline code in {% raw %} before Jinja runs."""
    from . import views

    env.markdown = views.protect_code(env.markdown)


def _add_stories_to_nav(conf, index, stories_dir: str) -> None:
    nav = conf.get("nav")
    if not nav:
        return
    section_index = f"{stories_dir}/index.md"
    order = {"star": 0, "deep-dive": 1, "outline": 2}
    stories = sorted(index.stories.values(), key=lambda s: (order[s.meta.kind], s.src_path))
    for i, item in enumerate(nav):
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if value == section_index:
                nav[i] = {title: [section_index] + [{s.title: s.src_path} for s in stories]}
