"""The safe build's pieces: the lock, recovery after a kill, stale staging folders."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from interview_portfolio.build import PREVIOUS, STAGING_PREFIX, build_lock, recover
from interview_portfolio.errors import BuildError


def test_a_second_build_is_refused_while_one_runs(tmp_path):
    with build_lock(tmp_path), pytest.raises(BuildError, match="another build"), build_lock(tmp_path):
        pass
    with build_lock(tmp_path):  # released: the next build may run
        pass


def test_a_build_killed_between_the_two_renames_gets_its_site_back(tmp_path):
    previous = tmp_path / PREVIOUS
    previous.mkdir()
    (previous / "index.html").write_text("last good build")
    recover(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "last good build"
    assert not previous.exists()


def test_staging_folders_of_dead_builds_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"{STAGING_PREFIX}{dead.stdout.strip()}"
    live = tmp_path / f"{STAGING_PREFIX}{os.getpid()}"
    stale.mkdir()
    live.mkdir()
    (tmp_path / "site").mkdir()
    recover(tmp_path / "site")
    assert not stale.exists() and live.exists() and (tmp_path / "site").exists()
