"""Print the built site to PDF with the system Chromium: the portfolio pack, the interviewer
packet and the cue cards (``python scripts/portfolio.py pdf``, ``make pdf``).

How it works:

1. ``site_dir`` (a site built by ``mkdocs build``) is served on 127.0.0.1 on a random port by a
   local HTTP server in a thread, so pages load exactly as they do on the web.
2. Playwright drives the *system* Chromium (``PORTFOLIO_CHROMIUM``, else ``/usr/bin/chromium``,
   else ``chromium`` on PATH); Playwright's own browser download is never used. Every request
   that is not to the local server is blocked, and the page is laid out for print media, so
   Material's print styles and ``assets/stylesheets/print.css`` apply.
3. Each output is one page of the site, prepared in the browser, then printed:

   - ``portfolio-pack.pdf`` from ``print/pack/`` (docs/print/pack.md: cover, contents, the
     dashboard and the competency matrix). The exporter appends the article of every public
     story listed on that page, prefixes the ids of each story so anchors stay unique, turns
     links between stories into links inside the PDF, opens every ``<details>`` (follow-up
     answers) and fills in the table of contents. A first print finds the page of each entry
     (from the named destinations Chromium writes for link targets; without tags, outline and
     footer, which cost time and move nothing), a second print carries the page numbers.
   - ``interviewer-packet.pdf`` from ``interviewer/``: candidate and date fields, then per story
     the prompts, competencies, follow-ups, rubric and a scorecard (score boxes, ruled notes),
     each story on a new sheet, no answers.
   - the cue cards, three ways, all from ``print/cue-cards/`` (one card per portfolio story):
     ``cue-cards.pdf``, one card per page, set as large as the page allows; ``index-cards.pdf``,
     four cards to a sheet of paper (2 x 2: A6 cards on A4, 4.25 x 5.5 in on Letter) with
     dashed cut lines, no margins and no footer; ``cards-3x5.pdf``, one card per 5 x 3 in page
     for index-card stock, whatever the paper. Each card is set as large as its box allows,
     between the job's smallest and largest scale (``fit-cards.js``); a card never splits
     across pages, and one too long even at the smallest scale is reported. The page is
     loaded once for the three: each job after the first starts from the page as loaded
     (``snapshot-page.js``, ``restore-page.js``).

   PDFs on paper carry page numbers in the footer and an outline (bookmarks) built from the
   headings. The page size comes from ``paper`` (A4 or Letter) except for the 3 x 5 in cards;
   the margins from ``MARGIN_MM`` (they replace Material's ``@page { margin: 25mm }`` so the
   footer and the card fitting agree) unless a job sets its own.
4. Every PDF is printed to a temporary file in ``site_dir/pdf/`` and moved into place only when
   all of them succeeded: a failed run never leaves a partial PDF behind.
5. An interviewer build (``make kit``; marked by ``KIT_README``) has no answers, so no pack and
   no cue cards: only the interviewer packet is printed from it.
6. With a cache folder (the CLI's ``.cache/portfolio/pdf/``), a PDF none of whose inputs changed
   is not printed again and its file is not rewritten (``pdf_cache``); when every PDF is
   unchanged, no browser starts.

7. ``make pdf`` and ``make kit`` build and print in one command (``export_all(build=...)``): the
   build runs in a thread while Playwright and Chromium start, so the second core is not idle
   during the build.

One browser prints every PDF, its pages at once (asyncio, one tab per page of the site): the
machine has two cores, and a page spends much of its time waiting on the browser's other
processes. No MkDocs import.
"""

from __future__ import annotations

import asyncio
import functools
import html
import http.server
import importlib
import io
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from ..errors import PdfError
from . import pdf_cache

Log = Callable[[str], None]

DEFAULT_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = (
    "install it with `sudo apt-get install -y chromium` (or `make browser`), "
    "or set PORTFOLIO_CHROMIUM to the path of a Chromium binary"
)
LAUNCH_ARGS = [
    "--no-sandbox",  # runs as root in containers and CI
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
]
# Paper: (width, height) in mm. Margins leave room for the page-number footer.
PAPERS = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
MARGIN_MM = {"top": 14.0, "bottom": 16.0, "left": 15.0, "right": 15.0}
NAV_TIMEOUT_MS = 30_000
SKIPPED_PATHS = ("/search/", "/assets/javascripts/workers/")
PX_PER_MM = 96 / 25.4
SERVER_POLL_S = 0.02


@dataclass(frozen=True)
class Job:
    """One PDF: which page of the site, how to prepare it, what it is called."""

    key: str  # pack | packet | cards | index-cards | cards-3x5 (also the class `pf-print-KEY` on <html>)
    label: str  # for progress lines
    route: str  # path of the page, relative to the site root
    filename: str
    cards_per_page: int = 0  # a cue-card job: how many cards each page holds (0: not cards)
    fit: tuple[float, float] = (1.0, 1.0)  # smallest and largest scale of a card's type
    size_mm: tuple[float, float] | None = None  # a fixed page size (width, height); None: the paper
    margin_mm: dict[str, float] | None = None  # None: MARGIN_MM
    footer: bool = True  # page numbers and title at the foot of each page

    @property
    def margins(self) -> dict[str, float]:
        return self.margin_mm if self.margin_mm is not None else MARGIN_MM


NO_MARGIN = {"top": 0.0, "bottom": 0.0, "left": 0.0, "right": 0.0}
CARD_3X5_MM = (127.0, 76.2)  # 5 x 3 in, landscape
CARD_3X5_MARGIN = {"top": 5.0, "bottom": 5.0, "left": 6.0, "right": 6.0}

JOBS = (
    Job("pack", "portfolio pack", "print/pack/", "portfolio-pack.pdf"),
    Job("packet", "interviewer packet", "interviewer/", "interviewer-packet.pdf"),
    Job("cards", "cue cards", "print/cue-cards/", "cue-cards.pdf", cards_per_page=1, fit=(0.6, 1.5)),
    Job("index-cards", "index cards", "print/cue-cards/", "index-cards.pdf", cards_per_page=4,
        fit=(0.75, 1.3), margin_mm=NO_MARGIN, footer=False),
    Job("cards-3x5", "3 x 5 in cards", "print/cue-cards/", "cards-3x5.pdf", cards_per_page=1,
        fit=(0.85, 1.4), size_mm=CARD_3X5_MM, margin_mm=CARD_3X5_MARGIN, footer=False),
)
# An interviewer build (`make kit`) holds the packet only: no answers, so no pack and no cue
# cards. The build marks it with this file (a note for whoever receives the kit).
KIT_JOBS = ("packet",)
KIT_README = "README.txt"

FOOTER = (
    '<div style="width:100%;margin:0 {side}mm;font-family:\'DejaVu Sans\',Arial,sans-serif;'
    'font-size:7.5pt;color:#666;display:flex;justify-content:space-between;">'
    '<span>{title}</span>'
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)

# --- in-page scripts (export/js/*.js, each a function expression for page.evaluate) ----------


def _script(name: str) -> str:
    return resources.files(__package__).joinpath("js", name).read_text(encoding="utf-8")


# Material sets `@page { margin: 25mm }`, which would win over page.pdf's margins: the page
# margins are set here, from MARGIN_MM, so the footer and the measurements below agree.
PREPARE_JS = _script("prepare.js")

# Build the portfolio pack inside docs/print/pack.md's page. Returns problems (strings).
ASSEMBLE_PACK_JS = _script("assemble-pack.js")

FILL_TOC_JS = _script("fill-toc.js")

# Cue cards: put them on sheets (several to a page) and give every card its box, then set each
# card's type as large as its box allows.
LAYOUT_CARDS_JS = _script("layout-cards.js")
FIT_CARDS_JS = _script("fit-cards.js")

WAIT_FOR_ASSETS_JS = _script("wait-for-assets.js")

# Several jobs on one page (the three kinds of cue card): the page as loaded is kept, and put
# back before each job after the first.
SNAPSHOT_PAGE_JS = _script("snapshot-page.js")
RESTORE_PAGE_JS = _script("restore-page.js")


# --- helpers -------------------------------------------------------------------------------

def find_chromium() -> str:
    """Path of the system Chromium; PdfError with the install command when there is none."""
    configured = os.environ.get("PORTFOLIO_CHROMIUM")
    if configured:
        path = Path(configured)
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
        raise PdfError(
            f"PORTFOLIO_CHROMIUM={configured} is not an executable file. Chromium prints the PDFs: "
            f"{INSTALL_HINT}."
        )
    for candidate in (DEFAULT_CHROMIUM, shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise PdfError(f"Chromium is needed to print the PDFs and was not found: {INSTALL_HINT}.")


def normalise_paper(paper: str) -> str:
    for name in PAPERS:
        if paper.strip().lower() == name.lower():
            return name
    raise PdfError(f"unknown paper size {paper!r}: use A4 or Letter")


def is_kit(site_dir: Path) -> bool:
    """Whether ``site_dir`` is a mock-interviewer kit (an interviewer build): it has a KIT_README."""
    return (site_dir / KIT_README).is_file()


def check_site(site_dir: Path) -> tuple[Job, ...]:
    """The jobs to print from ``site_dir``: all three, or only the packet for an interviewer kit."""
    if not (site_dir / "index.html").is_file():
        raise PdfError(
            f"no built site in {site_dir} (index.html is missing): run `make build` first, "
            "or `make pdf`, which builds and then prints"
        )
    jobs = tuple(job for job in JOBS if job.key in KIT_JOBS) if is_kit(site_dir) else JOBS
    routes = dict.fromkeys(job.route for job in jobs)
    missing = [route for route in routes if not (site_dir / route / "index.html").is_file()]
    if missing:
        raise PdfError(
            f"the site in {site_dir} has no page {', '.join(missing)}: it was built without the "
            "print pages (docs/print/) or the packet (docs/interviewer/); run `make build` again"
        )
    return jobs


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # the browser closing a connection early is not worth a traceback


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1 (random port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _QuietServer(("127.0.0.1", 0), handler)
    # serve_forever checks for shutdown() every poll_interval: the default, 0.5 s, was a fixed
    # half-second wait at the end of every run.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": SERVER_POLL_S},
                              name="pdf-site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _count_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def destination_pages(path: Path | BinaryIO) -> dict[str, int]:
    """Element id -> 1-based page number, from the named destinations of a printed PDF.

    Chromium writes a named destination for every element id that a link inside the document
    points at (here: the entries of the pack's table of contents).
    """
    from pypdf import PdfReader

    reader = PdfReader(path)
    found: dict[str, int] = {}
    for name, dest in reader.named_destinations.items():
        page = reader.get_destination_page_number(dest)
        if page is not None and page >= 0:
            found[str(name).lstrip("/")] = page + 1
    return found


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with suppress(FileNotFoundError):
            path.unlink()


# --- the export ----------------------------------------------------------------------------

@dataclass
class _Printed:
    """One job printed to ``temp``: its page count, the notes logged with it, the files it read."""

    job: Job
    temp: Path
    pages: int
    notes: list[str]
    deps: dict[str, str | None]


class _Printer:
    """One browser context; prints pages of the served site, several at once."""

    def __init__(self, context, site_dir: Path, base_url: str, paper: str, blank: list[Any]):
        self.context = context
        self.blank = blank  # tabs opened while the browser started
        self.site_dir = site_dir
        self.base_url = base_url
        self.paper = paper
        self.blocked: list[str] = []
        host = urlsplit(base_url)
        self._origin = (host.hostname, host.port)

    def _page_mm(self, job: Job) -> tuple[float, float]:
        return job.size_mm or PAPERS[self.paper]

    def _content_mm(self, job: Job) -> tuple[float, float]:
        """Width and height of the printable area of a job's page, in mm."""
        width, height = self._page_mm(job)
        margins = job.margins
        return width - margins["left"] - margins["right"], height - margins["top"] - margins["bottom"]

    async def _route(self, route, deps: dict[str, str | None]) -> None:
        url = urlsplit(route.request.url)
        if (url.hostname, url.port) == self._origin:
            if url.path.startswith(SKIPPED_PATHS):
                await route.abort("aborted")  # the search index is not needed on paper
            else:
                # An input of the PDF: hashed as the server is about to read it.
                name = pdf_cache.site_file(self.site_dir, url.path)
                deps[name] = pdf_cache.sha256_file(self.site_dir / name)
                await route.continue_()
        elif url.scheme in ("data", "blob"):
            await route.continue_()
        else:
            self.blocked.append(route.request.url)
            await route.abort("blockedbyclient")

    async def print_page(self, jobs: list[Job], temps: list[Path], done: Callable[[_Printed, float], None]) -> list[_Printed]:
        """Print ``jobs``, which share one page of the site, one after the other in one tab.

        The page is loaded once. Every job after the first starts from the page as it was loaded
        (``restore-page.js`` puts back what ``snapshot-page.js`` kept), so each prints as if
        from a fresh load, without loading, parsing and running the page again.
        """
        from playwright.async_api import Error as PlaywrightError

        failed: list[str] = []
        deps: dict[str, str | None] = {}
        results: list[_Printed] = []

        def on_response(response) -> None:
            if response.status >= 400 and response.url.startswith(self.base_url):
                failed.append(f"{urlsplit(response.url).path} (HTTP {response.status})")

        job = jobs[0]
        page = None
        try:
            page = self.blank.pop() if self.blank else await self.context.new_page()
            page.on("response", on_response)
            page.set_default_timeout(NAV_TIMEOUT_MS)
            await page.route("**/*", lambda route: self._route(route, deps))
            await page.emulate_media(media="print", color_scheme="light")
            for index, job in enumerate(jobs):
                started = time.perf_counter()
                temp = _temp(self.site_dir / "pdf", job)
                temps.append(temp)
                await page.set_viewport_size({"width": round(self._content_mm(job)[0] * PX_PER_MM), "height": 1000})
                if index == 0:
                    await page.goto(self.base_url + job.route, wait_until="load")
                    if len(jobs) > 1:
                        await page.evaluate(SNAPSHOT_PAGE_JS)
                else:
                    await page.evaluate(RESTORE_PAGE_JS)
                printed = await self._print_job(page, job, temp, failed, deps)
                done(printed, started)
                results.append(printed)
            return results
        except PlaywrightError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            raise PdfError(f"{job.label}: Chromium failed: {first}") from None
        finally:
            if page is not None:
                with suppress(PlaywrightError):
                    await page.close()

    async def _print_job(self, page, job: Job, target: Path, failed: list[str], deps: dict[str, str | None]) -> _Printed:
        content_width, content_height = self._content_mm(job)
        notes: list[str] = []
        margin = " ".join(f"{job.margins[side]}mm" for side in ("top", "right", "bottom", "left"))
        await page.evaluate(PREPARE_JS, {"key": job.key, "margin": margin})
        if job.key == "pack":
            problems = await page.evaluate(ASSEMBLE_PACK_JS)
            if problems:
                raise PdfError("portfolio pack: " + "; ".join(problems))
        broken = await page.evaluate(WAIT_FOR_ASSETS_JS)
        if failed or broken:
            missing = sorted(set(failed) | set(broken))
            raise PdfError(
                f"{job.label}: the page refers to files the site does not have: "
                f"{', '.join(missing)}; run `make build` again"
            )
        cards = 0
        if job.cards_per_page:
            cards = await page.evaluate(LAYOUT_CARDS_JS, {
                "perPage": job.cards_per_page, "width": content_width, "height": content_height,
            })
            scales, too_long = await page.evaluate(FIT_CARDS_JS, {"min": job.fit[0], "max": job.fit[1]})
            shrunk = [points for scale, points in scales if scale < 0.995]
            if shrunk:
                notes.append(f"  {len(shrunk)} of {cards} {job.label} set in smaller type to fit (down to "
                             f"{min(shrunk):.1f} pt): shorten their cues for this size")
            for title in too_long:
                notes.append(f"  warning: {job.label}: the card {title!r} does not fit even in the smallest "
                             "type and is cut off: shorten its cues")
        if job.key == "pack":
            # First pass: the page each contents entry lands on (the named destinations). The same
            # layout without tags, outline and footer, which take time and move nothing. Second
            # pass: the same layout, with the page of each entry filled in.
            numbers = destination_pages(io.BytesIO(await self._pdf(page, job, final=False)))
            if numbers:
                await page.evaluate(FILL_TOC_JS, numbers)
        target.write_bytes(await self._pdf(page, job))
        pages = _count_pages(target)
        expected = -(-cards // job.cards_per_page) if job.cards_per_page else pages
        if pages != expected:
            notes.append(f"  warning: {job.label}: {pages} pages for {cards} cards, {expected} expected: "
                         "a card does not fit its page")
        return _Printed(job, target, pages, notes, dict(deps))

    async def _pdf(self, page, job: Job, final: bool = True) -> bytes:
        """The page printed; ``final=False``: without tags, outline and footer, which take time and
        move nothing (the footer is drawn in the margin), for the pack's first pass."""
        title = html.escape(await page.title() or "")
        if job.size_mm:
            size = {"width": f"{job.size_mm[0] / 25.4:.4f}in", "height": f"{job.size_mm[1] / 25.4:.4f}in"}
        else:
            size = {"format": self.paper}
        return await page.pdf(
            **size,
            prefer_css_page_size=False,
            print_background=True,
            display_header_footer=job.footer and final,
            header_template="<span></span>",
            footer_template=FOOTER.format(title=title, side=job.margins["left"]) if job.footer else "<span></span>",
            margin={k: f"{v}mm" for k, v in job.margins.items()},
            outline=final,
            tagged=final,
        )


def _temp(out_dir: Path, job: Job) -> Path:
    """Where a job's PDF is written first: the same folder, so os.replace is atomic."""
    return out_dir / f".{job.filename}.{os.getpid()}.tmp"


@dataclass
class _Browser:
    """Playwright, Chromium, one context and blank tabs opened ahead (``_Printer.print_page`` takes them)."""

    playwright: Any
    browser: Any
    context: Any
    blank: list[Any]


async def _open_browser(executable: str, tabs: int) -> _Browser:
    """Start Playwright and Chromium and open ``tabs`` blank tabs; on failure or cancellation nothing is left running."""
    try:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import async_playwright
    except ImportError as exc:  # pragma: no cover - pinned in requirements.txt
        raise PdfError(f"Playwright is not installed ({exc}): run `make venv`") from None

    # pypdf reads the PDFs back (page counts, the pack's contents): loaded while the browser starts.
    threading.Thread(target=importlib.import_module, args=("pypdf",), name="pdf-import", daemon=True).start()
    playwright = await async_playwright().start()
    browser = None
    try:
        try:
            browser = await playwright.chromium.launch(
                executable_path=executable, args=LAUNCH_ARGS, headless=True, timeout=60_000
            )
        except PlaywrightError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            raise PdfError(f"Chromium at {executable} did not start: {first}. {INSTALL_HINT}.") from None
        context = await browser.new_context(color_scheme="light", java_script_enabled=True, service_workers="block")
        blank = await asyncio.gather(*(context.new_page() for _ in range(tabs)))
        return _Browser(playwright, browser, context, list(blank))
    except BaseException:
        if browser is not None:
            with suppress(Exception):
                await browser.close()
        with suppress(Exception):
            await playwright.stop()
        raise


async def _close_browser(starting: asyncio.Task[_Browser]) -> None:
    """Close the browser ``starting`` opens, once it has (not cancelled midway: Playwright's driver
    could be left running); a failed start is not an error here."""
    try:
        opened = await starting
    except (asyncio.CancelledError, Exception):
        return
    with suppress(Exception):
        await opened.browser.close()
    with suppress(Exception):
        await opened.playwright.stop()


def _by_page(jobs: Iterable[Job]) -> dict[str, list[Job]]:
    """The jobs grouped by the page of the site they print, in the order of the jobs."""
    groups: dict[str, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job.route, []).append(job)
    return groups


async def _print_jobs(jobs: list[Job], starting: asyncio.Task[_Browser], site_dir: Path, paper: str, log: Log,
                      temps: list[Path]) -> list[_Printed]:
    """Print ``jobs`` at once in the browser ``starting`` opens; each is logged as it finishes."""
    opened = await starting
    with serve(site_dir) as base_url:
        printer = _Printer(opened.context, site_dir, base_url, paper, opened.blank)

        def done(printed: _Printed, started: float) -> None:
            for note in printed.notes:
                log(note)
            log(f"printing {printed.job.label} ... {printed.pages} page{'s' if printed.pages != 1 else ''}, "
                f"{time.perf_counter() - started:.1f} s")

        # Every page at once, in its own tab; the jobs of one page one after the other.
        outcomes = await asyncio.gather(
            *(printer.print_page(group, temps, done) for group in _by_page(jobs).values()), return_exceptions=True
        )
        for outcome in outcomes:  # the first failure, in the order of the jobs
            if isinstance(outcome, BaseException):
                raise outcome
        if printer.blocked:
            log(f"  blocked {len(printer.blocked)} request(s) to the network, e.g. {printer.blocked[0]}")
        printed = {result.job.key: result for outcome in outcomes if isinstance(outcome, list) for result in outcome}
        return [printed[job.key] for job in jobs]


def _run_async(coroutine):
    """Run ``coroutine`` to the end; in a thread of its own when this one already runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _count(n: int) -> str:
    return f"{n} PDF{'s' if n != 1 else ''}"


def _job_id(job: Job, paper: str) -> str:
    return f"{paper}\n{job!r}"


def _entry(job: Job) -> str:
    return f"{job.route}index.html"


def export_all(site_dir: Path, paper: str = "A4", log: Log = print, cache_dir: Path | None = None,
               build: Callable[[], object] | None = None) -> list[Path]:
    """Print the PDFs of the site in ``site_dir`` to ``site_dir/pdf/``; returns their paths.

    Five for a ``me`` or ``public`` build; only the interviewer packet for a kit (``is_kit``).
    With ``cache_dir`` (the CLI's ``.cache/portfolio/pdf``), a PDF none of whose inputs changed
    since it was printed is not printed again, and left as it is (``pdf_cache``).
    With ``build`` (``make pdf``, ``make kit``), ``build()`` first builds the site into
    ``site_dir``, in a thread, while the browser starts: a build keeps one core busy, and starting
    the browser takes most of a second of the other.
    """
    paper = normalise_paper(paper)
    return _run_async(_export(Path(site_dir).resolve(), paper, log, Path(cache_dir) if cache_dir else None, build))


async def _export(site_dir: Path, paper: str, log: Log, cache_dir: Path | None,
                  build: Callable[[], object] | None) -> list[Path]:
    starting: asyncio.Task[_Browser] | None = None
    try:
        if build is not None:
            executable = find_chromium()  # before the build: no build for a print that cannot happen
            starting = asyncio.create_task(_open_browser(executable, len(_by_page(JOBS))))
            environment = asyncio.create_task(asyncio.to_thread(pdf_cache.environment, executable)) if cache_dir else None
            await asyncio.to_thread(build)
            jobs = check_site(site_dir)
            environment_hash = await environment if environment else ""
        else:
            jobs = check_site(site_dir)
            executable = find_chromium()
            environment_hash = pdf_cache.environment(executable) if cache_dir else ""
        started = time.perf_counter()
        cache = pdf_cache.PdfCache(cache_dir, site_dir, environment_hash) if cache_dir else None
        hits = {job.key: hit for job in jobs if cache and (hit := cache.lookup(_job_id(job, paper), _entry(job)))}

        out_dir = site_dir / "pdf"
        out_dir.mkdir(parents=True, exist_ok=True)
        temps: list[Path] = []
        finals: list[tuple[Path, Path]] = []
        printed: list[_Printed] = []
        try:
            for job in jobs:
                hit = hits.get(job.key)
                if hit is None:
                    continue
                for note in hit.record.notes:
                    log(note)
                final = out_dir / job.filename
                if pdf_cache.sha256_file(final) != hit.record.pdf:  # e.g. a rebuilt site: the cached copy
                    temp = _temp(out_dir, job)
                    temps.append(temp)
                    shutil.copy2(hit.blob, temp)  # with the time it was printed
                    finals.append((temp, final))
                pages = hit.record.pages
                log(f"{job.label} unchanged ... {pages} page{'s' if pages != 1 else ''}, not printed again")
            todo = [job for job in jobs if job.key not in hits]
            if todo:
                if starting is None:
                    starting = asyncio.create_task(_open_browser(executable, len(_by_page(todo))))
                printed = await _print_jobs(todo, starting, site_dir, paper, log, temps)
                finals += [(result.temp, out_dir / result.job.filename) for result in printed]
            for temp, final in finals:
                os.replace(temp, final)
        finally:
            _remove(temps)  # after os.replace only the failed run's leftovers remain
    finally:
        if starting is not None:
            await _close_browser(starting)
    if cache and printed:
        for result in printed:
            final = out_dir / result.job.filename
            record = pdf_cache.Record(result.deps, pdf_cache.sha256_file(final) or "", result.pages, result.notes)
            cache.store(_job_id(result.job, paper), _entry(result.job), record, final)
        cache.prune()
    written = [out_dir / job.filename for job in jobs]
    shown = out_dir.relative_to(Path.cwd()) if out_dir.is_relative_to(Path.cwd()) else out_dir
    seconds = time.perf_counter() - started
    if not hits:
        log(f"wrote {_count(len(printed))} ({paper}) to {shown}/ in {seconds:.1f} s")
    elif printed:
        log(f"wrote {_count(len(printed))} ({paper}) to {shown}/, {len(hits)} unchanged, in {seconds:.1f} s")
    else:
        log(f"{_count(len(hits))} ({paper}) in {shown}/ unchanged, nothing printed, in {seconds:.1f} s")
    return written
