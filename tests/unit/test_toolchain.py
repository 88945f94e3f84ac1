"""Unit tests of the tool-chain probe behind the diagram cache key: answers asked ahead serve one build."""

from __future__ import annotations

import shutil

import pytest
from interview_portfolio.figures import toolchain


@pytest.fixture
def asked(monkeypatch):
    """Each call of `dot -V` and `fc-list`, faked: the n-th answer of each is numbered."""
    calls: list[str] = []

    def dot_version(dot):
        calls.append("dot")
        return f"dot {dot} #{calls.count('dot')}"

    def font_key():
        calls.append("fonts")
        return f"fonts #{calls.count('fonts')}"

    monkeypatch.setattr(toolchain, "dot_version", dot_version)
    monkeypatch.setattr(toolchain, "font_key", font_key)
    monkeypatch.setattr(toolchain.shutil, "which", lambda name: f"/bin/{name}")
    monkeypatch.setattr(toolchain, "_prefetched", None)
    return calls


@pytest.fixture
def diagrams(tmp_path):
    folder = tmp_path / "diagrams"
    folder.mkdir()
    (folder / "flow.py").write_text("# a diagram script\n", encoding="utf-8")
    return folder


def test_prefetched_answers_serve_one_probe(asked, diagrams):
    toolchain.prefetch(diagrams)
    assert toolchain._prefetched is not None  # asked ahead, in the background
    toolchain.prefetch(diagrams)  # already asked: not asked twice
    assert toolchain.probe("/bin/dot") == ("dot /bin/dot #1", "fonts #1")
    # The next build asks again: a font installed since is seen.
    assert toolchain.probe("/bin/dot") == ("dot /bin/dot #2", "fonts #2")
    assert sorted(asked) == ["dot", "dot", "fonts", "fonts"]


def test_answers_for_another_dot_are_not_used(asked, diagrams):
    toolchain.prefetch(diagrams)
    assert toolchain.probe("/opt/graphviz/bin/dot") == ("dot /opt/graphviz/bin/dot #2", "fonts #2")


def test_answers_no_build_took_are_forgotten(asked, diagrams):
    toolchain.prefetch(diagrams)
    toolchain.forget_prefetched()  # what the hooks do when a build's configuration step ends
    toolchain.probe("/bin/dot")
    assert asked.count("fonts") == 2


def test_no_dot_or_no_diagram_prefetches_nothing(asked, monkeypatch, diagrams, tmp_path):
    toolchain.prefetch(tmp_path / "no-diagrams")
    (tmp_path / "empty").mkdir()
    toolchain.prefetch(tmp_path / "empty")
    assert toolchain._prefetched is None
    monkeypatch.setattr(toolchain.shutil, "which", lambda name: None)
    toolchain.prefetch(diagrams)
    assert toolchain._prefetched is None and asked == []


def test_real_probe_names_graphviz_and_hashes_the_fonts():
    dot = shutil.which("dot")
    assert dot, "Graphviz is missing: `make test` installs it (scripts/ensure-system-tools.sh)"
    version, fonts = toolchain.probe(dot)
    assert "graphviz" in version.lower()
    assert len(fonts) == 64, fonts  # a sha256: fontconfig answered
