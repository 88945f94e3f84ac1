"""Fixtures shared by every layer; helpers live in tests/support.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import run_cli

LAYER_MARKERS = {"unit": ("unit",), "pipeline": ("pipeline",), "e2e": ("e2e",), "browser": ("e2e", "browser")}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Markers follow the layer a test lives in (tests/LAYER/), so they are applied uniformly."""
    for item in items:
        layer = Path(str(item.fspath)).parent.name
        for marker in LAYER_MARKERS.get(layer, ()):
            item.add_marker(marker)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """An empty docs/ folder with a stories/ folder, for unit tests of the loader."""
    root = tmp_path / "docs"
    (root / "stories").mkdir(parents=True)
    return root


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real portfolio built once per test session with `portfolio.py build` (strict)."""
    out = tmp_path_factory.mktemp("real-site") / "site"
    result = run_cli("build", "--audience", "public", "--site-dir", str(out))
    assert result.returncode == 0, f"real portfolio failed to build:\n{result.stdout}\n{result.stderr}"
    return out
