"""mkdocs-macros glue: register the portfolio's macros. No logic of its own.

Each macro calls one view of the core package with the current page and the build that
``macros/hooks.py`` made for this build (stories loaded once). A PortfolioError from a view is
recorded with the page's file; the page shows it in ``mkdocs serve``, and ``build``/``check``
report every such error at the end.
"""

from __future__ import annotations

import functools


def define_env(env) -> None:
    from interview_portfolio import macro_table

    build = env.conf["extra"]["portfolio_build"]
    for name, view in macro_table.MACROS.items():
        env.macro(_bound(env, build, name, view), name)
    env.variables["portfolio"] = build.index


def _bound(env, build, name, view):
    from interview_portfolio import macro_table

    @functools.wraps(view)
    def macro(*args, **kwargs):
        macro_table.note_stylesheet(env.page.meta, name)
        return macro_table.call(build, env.page.file.src_uri, name, view, args, kwargs)

    return macro


def on_pre_page_macros(env) -> None:
    from interview_portfolio import macro_table

    build = env.conf["extra"]["portfolio_build"]
    renders = _renders(env)
    env.markdown = macro_table.prepare_page(build, env.page.file.src_uri, env.markdown, env.env, env.variables,
                                           env.page.meta, renders=renders)
    # Nothing left for Jinja (every call made, text and code set aside): mkdocs-macros is told not
    # to compile the page. It renders the title after the page with the same switch, so a title
    # that looks like a template keeps Jinja on.
    if renders and not any(macro_table.needs_jinja(text, env.env) for text in (env.markdown, env.page.title or "")):
        env.markdown = macro_table.without_jinja(env.markdown, env.env, env.page.meta)


def _renders(env) -> bool:
    """Whether mkdocs-macros will render this page (its own rule: ``render_macros`` in the page's
    meta, ``render_by_default``, ``force_render_paths``)."""
    flag = env.page.meta.get("render_macros")
    if flag is False:
        return False
    return bool(env.config["render_by_default"] or flag is True or env.force_page_rendering(env.page.file.src_path))


def on_post_page_macros(env) -> None:
    from interview_portfolio import macro_table

    macro_table.restore_render_flag(env.page.meta)
    env.markdown = macro_table.finish_page(env.conf["extra"]["portfolio_build"], env.markdown)
