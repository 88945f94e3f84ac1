"""Hostile stories in a real browser: no dialog ever fires and no request leaves 127.0.0.1.

A fixture site with the hostile stories of tests/e2e/test_hostile_inputs.py (front matter run as
code, HTML in every key MkDocs prints, dangerous link schemes and event handlers) is built, served
on 127.0.0.1, and every page is loaded in the system Chromium. Material's search is run for
hostile words, and a result is opened (which highlights the words on the target page).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.test_hostile_inputs import JINJA_STORY, LINKS_STORY, PWNED, SSTI_STORY, XSS_STORY
from tests.support import make_fixture_site, run_cli

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

playwright_sync = pytest.importorskip("playwright.sync_api")
CHROMIUM = os.environ.get("PORTFOLIO_CHROMIUM", "/usr/bin/chromium")
# (query, whether the hostile stories match it): words from the hostile titles and fields, whose
# results are opened, and the raw payloads themselves, typed into the box.
SEARCHES = [
    ("onerror", True), ("cycler", True), ("PWNED", True),
    ("<script>alert(1)</script>", False), ('"><img src=x onerror=alert(1)>', False), ("{{ 7*7 }}", False),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("hostile-browser")
    site = make_fixture_site(tmp, {
        "jinja": JINJA_STORY, "ssti": SSTI_STORY, "xss": XSS_STORY, "links": LINKS_STORY,
    })
    out = tmp / "out"
    result = run_cli("build", "--root", str(site), "--site-dir", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", out
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (set PORTFOLIO_CHROMIUM)")
    with playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


class Watch:
    """Dialogs fired and requests that tried to leave 127.0.0.1 (aborted), for one page."""

    def __init__(self, page) -> None:
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        page.on("dialog", self._dialog)
        page.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def assert_clean(self, where: str) -> None:
        assert not self.dialogs, f"{where}: dialogs fired: {self.dialogs}"
        assert not self.outside, f"{where}: requests left 127.0.0.1: {self.outside}"


def _pages(out: Path) -> list[str]:
    pages = []
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        pages.append(rel.removesuffix("index.html"))
    return pages


def test_every_page_loads_without_a_dialog_or_an_outside_request(served, browser) -> None:
    base, out = served
    pages = _pages(out)
    assert {"stories/jinja/", "stories/ssti/", "stories/xss/", "stories/links/"} <= set(pages)
    context = browser.new_context()
    try:
        for rel in pages:
            page = context.new_page()
            watch = Watch(page)
            page.goto(f"{base}/{rel}", wait_until="load")
            page.wait_for_timeout(300)  # let deferred scripts and timers run
            # Click what a reader would: hostile links keep their text and lose their target.
            for link in page.locator("article a:not([href])").all()[:10]:
                link.dispatch_event("click")
            page.wait_for_timeout(100)
            watch.assert_clean(rel)
            page.close()
    finally:
        context.close()
    assert not PWNED.exists()


@pytest.mark.parametrize(("query", "matches"), SEARCHES)
def test_search_for_a_hostile_word_fires_no_dialog(query: str, matches: bool, served, browser) -> None:
    base, _ = served
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = Watch(page)
        page.goto(f"{base}/stories/xss/", wait_until="load")
        box = page.locator("input.md-search__input")
        box.click()  # the search box shows in the header at desktop widths
        box.type(query, delay=10)
        meta = page.locator(".md-search-result__meta")
        # Wait for the search of the whole query: results for a word that matches, else any answer.
        done = "/[0-9]+ matching document/i" if matches else "/matching document/i"
        page.wait_for_function(f"el => {done}.test(el.textContent)", arg=meta.element_handle(), timeout=15000)
        page.wait_for_timeout(300)
        results = page.locator(".md-search-result__item a, a.md-search-result__link")
        if matches:
            assert results.count() > 0, meta.text_content()
        if results.count():
            with page.expect_navigation(wait_until="load"):
                results.first.click()
            page.wait_for_timeout(300)  # search.highlight marks the query words on the target page
        watch.assert_clean(f"search {query!r}")
    finally:
        context.close()
