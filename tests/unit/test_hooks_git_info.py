"""macros/hooks.py: mkdocs-macros' `git` variable is asked of git only when a page reads it."""

import importlib.util
import sys

import jinja2
from mkdocs_macros import context

from tests.support import ROOT


def load_hooks():
    # The hooks re-import the core when they see it for the first time; the other tests keep the
    # modules they imported, so the ones loaded before are put back.
    core = {name: module for name, module in sys.modules.items() if name.split(".")[0] == "interview_portfolio"}
    spec = importlib.util.spec_from_file_location("portfolio_hooks_under_test", ROOT / "macros" / "hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(hooks)
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == "interview_portfolio"]:
            del sys.modules[name]
        sys.modules.update(core)
    return hooks


def test_git_is_asked_only_when_a_page_reads_it(monkeypatch):
    hooks = load_hooks()
    asked = []
    monkeypatch.setattr(hooks, "_ask_git", lambda: asked.append(1) or {"short_commit": "abc1234", "status": True})
    info = context.get_git_info()
    assert asked == []  # building alone asks nothing
    assert jinja2.Template("{{ git.short_commit }} {{ git.status }} [{{ git.nope }}]").render(git=info) == "abc1234 True []"
    assert asked == [1]  # once, however many keys are read
