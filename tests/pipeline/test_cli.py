"""The command line as a process: arguments, exit codes, messages (no site build)."""

from __future__ import annotations

from tests.support import make_fixture_site, run_cli


def test_new_rejects_unknown_kind(tmp_path):
    site = make_fixture_site(tmp_path, {})
    result = run_cli("new", "X", "--kind", "epic", "--root", str(site))
    assert result.returncode == 2 and "'epic' is not one of 'star', 'deep-dive', 'outline'" in result.stderr
    assert list((site / "docs" / "stories").iterdir()) == []
