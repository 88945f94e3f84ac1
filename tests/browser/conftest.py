"""Browser fixtures for tests/browser/: the real site served on 127.0.0.1, the system Chromium.

The real portfolio (the session's one strict build, ``built_site``) is served on 127.0.0.1 by a
thread of this process. Chromium is the system one (``PORTFOLIO_CHROMIUM``, else
``/usr/bin/chromium``, else ``chromium`` on PATH), driven by Playwright's sync API; Playwright's
own browser download is never used. Every request that is not to the local server fails (the
site must not fetch anything at view time) and is recorded, so a test can assert there was none.
Without Chromium the tests are skipped with the reason, except under CI=true, where that fails.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from interview_portfolio.export import pdf as pdf_export

from tests.support import require_chromium

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def site_dir(built_site: Path) -> Path:
    """The real portfolio: the session's one strict build (tests/conftest.py)."""
    return built_site


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """Base URL (with a trailing slash) of the built site, served on 127.0.0.1 in a thread:
    the PDF exporter's own server."""
    with pdf_export.serve(site_dir) as url:
        yield url


# Module scope, not session: Playwright's sync API cannot run twice at once, and other test
# modules (the PDF export) start their own.
@pytest.fixture(scope="module")
def browser():
    """The system Chromium, headless, resolving no host but 127.0.0.1."""
    require_chromium()
    chromium = pdf_export.find_chromium()  # the same lookup as the PDF export's
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        try:
            yield browser
        finally:
            browser.close()


class Visitor:
    """Opens pages of the served site in fresh contexts; records requests to other hosts."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.outside: list[str] = []
        self.origin = urlsplit(base_url).netloc

    def _route(self, route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == self.origin:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort("blockedbyclient")

    def context(self, *, width: int = 1280, height: int = 900, color_scheme: str = "light"):
        """A fresh browser context (no stored palette, no cache) that blocks other hosts."""
        context = self.browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=color_scheme,
            service_workers="block",
        )
        context.route("**/*", self._route)
        return context

    def goto(self, page, path: str):
        """Load `path` (relative to the site root) in `page` and wait until portfolio.js is done."""
        page.goto(self.base_url + path, wait_until="load")
        # Material wraps tables and sets the palette in its bundle; portfolio.js runs after it
        # and reports scroll boxes from a ResizeObserver, one frame later.
        page.wait_for_function("document.body.hasAttribute('data-md-color-scheme')")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        return page

    def open(self, path: str, **context_options):
        """A page at `path` in a new context; the caller closes `page.context`."""
        return self.goto(self.context(**context_options).new_page(), path)


@pytest.fixture(scope="module")
def visitor(browser, site_url) -> Visitor:
    return Visitor(browser, site_url)


@pytest.fixture(scope="session")
def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root ('' for the home page)."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("assets/"):
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages
