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


def test_prefetched_answers_serve_one_probe(asked):
    toolchain.prefetch()
    toolchain.prefetch()  # already asked: not asked twice
    assert toolchain.probe("/bin/dot") == ("dot /bin/dot #1", "fonts #1")
    # The next build asks again: a font installed since is seen.
    assert toolchain.probe("/bin/dot") == ("dot /bin/dot #2", "fonts #2")
    assert sorted(asked) == ["dot", "dot", "fonts", "fonts"]


def test_answers_for_another_dot_are_not_used(asked):
    toolchain.prefetch()
    assert toolchain.probe("/opt/graphviz/bin/dot") == ("dot /opt/graphviz/bin/dot #2", "fonts #2")


def test_answers_no_build_took_are_forgotten(asked):
    toolchain.prefetch()
    toolchain.forget_prefetched()  # what site.start does after the diagrams
    toolchain.probe("/bin/dot")
    assert asked.count("fonts") == 2


def test_no_dot_prefetches_nothing(asked, monkeypatch):
    monkeypatch.setattr(toolchain.shutil, "which", lambda name: None)
    toolchain.prefetch()
    assert toolchain._prefetched is None and asked == []


def test_real_probe_names_graphviz_and_hashes_the_fonts():
    dot = shutil.which("dot")
    assert dot, "Graphviz is missing: `make test` installs it (scripts/ensure-system-tools.sh)"
    version, fonts = toolchain.probe(dot)
    assert "graphviz" in version.lower()
    assert len(fonts) == 64, fonts  # a sha256: fontconfig answered
