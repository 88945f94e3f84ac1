"""macros/hooks.py: the core is re-imported when its sources change; git is asked only on demand."""

import contextlib
import importlib.util
import os
import sys
import types
from pathlib import Path

import jinja2
from mkdocs_macros import context

from tests.support import ROOT


@contextlib.contextmanager
def core_modules_kept():
    """The hooks may re-import the core; the other tests keep the modules they imported."""
    core = {name: module for name, module in sys.modules.items() if name.split(".")[0] == "interview_portfolio"}
    try:
        yield
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == "interview_portfolio"]:
            del sys.modules[name]
        sys.modules.update(core)


def load_hooks():
    spec = importlib.util.spec_from_file_location("portfolio_hooks_under_test", ROOT / "macros" / "hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    with core_modules_kept():
        spec.loader.exec_module(hooks)
    return hooks


def test_each_build_reimports_the_core_only_when_a_source_changed():
    # MkDocs imports the hooks once per process (`mkdocs serve` included): on_config calls this.
    hooks = load_hooks()
    with core_modules_kept():
        hooks._load_core()
        before = hooks.site
        hooks._load_core()
        assert hooks.site is before  # nothing changed: the loaded core, and its caches, stay
        source = Path(before.__file__)
        stat = source.stat()
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        try:
            hooks._load_core()
        finally:
            os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert hooks.site is not before and hooks.site.__file__ == before.__file__
        assert sys.modules["interview_portfolio.site"] is hooks.site


def test_git_is_asked_only_when_a_page_reads_it(monkeypatch):
    hooks = load_hooks()
    asked = []
    monkeypatch.setattr(hooks, "_ask_git", lambda: asked.append(1) or {"short_commit": "abc1234", "status": True})
    info = context.get_git_info()
    assert asked == []  # building alone asks nothing
    assert jinja2.Template("{{ git.short_commit }} {{ git.status }} [{{ git.nope }}]").render(git=info) == "abc1234 True []"
    assert asked == [1]  # once, however many keys are read


def test_answers_asked_ahead_are_dropped_when_the_configuration_step_fails(monkeypatch, tmp_path):
    """A build that fails before its diagrams leaves nothing for the next (`mkdocs serve`) build."""
    import pytest
    from mkdocs.exceptions import PluginError

    hooks = load_hooks()
    (tmp_path / "diagrams").mkdir()
    (tmp_path / "diagrams" / "flow.py").write_text("# a diagram\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with core_modules_kept():
        hooks._load_core()
        assert hooks.toolchain._prefetched is not None
        config = types.SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"),
                                       extra={"portfolio": {"audience": "nobody"}})
        with pytest.raises(PluginError):
            hooks.on_config(config)
        assert hooks.toolchain._prefetched is None
