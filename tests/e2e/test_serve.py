"""`mkdocs serve` never dies or hangs on a bad story: the page shows the problem and recovers on save."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support import VALID_FRONT_MATTER, make_fixture_site, story_text, write_story

pytestmark = pytest.mark.e2e

DEADLINE = 60.0  # generous: a rebuild of a fixture site takes about a second


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, text: str, server: subprocess.Popen) -> str:
    started = time.monotonic()
    while time.monotonic() - started < DEADLINE:
        assert server.poll() is None, f"mkdocs serve exited:\n{server.stdout.read() if server.stdout else ''}"
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {text!r}; last page:\n{fetch(url)[:2000]}")


@pytest.fixture
def served(tmp_path: Path):
    site = make_fixture_site(tmp_path, {"ingest": story_text()}, pages={"dash.md": "# Dash\n\n{{ dashboard() }}\n"})
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        # What `make serve` runs: mkdocs serve --dirty (a save redoes only what it changes),
        # exec'd by the CLI, so this process is the server.
        [sys.executable, "-m", "interview_portfolio", "serve-site", "--port", str(port), "--audience", "me"],
        cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield site, f"http://127.0.0.1:{port}/stories/ingest/", server
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_bad_front_matter_shows_in_the_page_and_recovers(served):
    site, url, server = served
    wait_for(url, "Scaled the ingest pipeline", server)
    write_story(site / "docs", "ingest", story_text(VALID_FRONT_MATTER.replace("kind: star", "kind: epic")))
    page = wait_for(url, "This story has problems", server)
    assert "kind" in page and "fix:" in page
    assert "&#39;epic&#39;" in page or "'epic'" in page
    write_story(site / "docs", "ingest", story_text())
    page = wait_for(url, "Scaled the ingest pipeline", server)
    assert "This story has problems" not in page


def test_a_typo_in_a_body_macro_shows_in_the_page_and_the_server_lives(served):
    site, url, server = served
    wait_for(url, "Scaled the ingest pipeline", server)
    body = "# Scaled\n\n{{ metric_sumary() }}\n\n{{ metric('lost_entrys') }}\n"
    write_story(site / "docs", "ingest", story_text(body=body).replace('["#result"]', "[]"))
    page = wait_for(url, "Problem on this page", server)
    assert "metric_sumary" in page
    assert "Traceback" not in page
    write_story(site / "docs", "ingest", story_text())
    wait_for(url, "Scaled the ingest pipeline", server)
    assert server.poll() is None


def test_a_dirty_rebuild_also_redoes_the_pages_that_show_the_story(served):
    site, url, server = served
    dash = url.replace("stories/ingest/", "dash/")
    wait_for(dash, "p95 latency", server)
    write_story(site / "docs", "ingest", story_text(VALID_FRONT_MATTER.replace("label: p95 latency", "label: tail latency")))
    wait_for(url, "tail latency", server)
    wait_for(dash, "tail latency", server)
