"""Benchmark the portfolio at scale: build time against Material alone, memory, page and search
index sizes, `mkdocs serve` reload latency and PDF time, with the issue's targets as PASS/MISS.

Run by hand (`make bench`, or `python scripts/benchmark.py --help`); the figures go into the
issue, not into timed tests. Everything is measured side by side in one run, on this machine.

How:

* Portfolios of 10, 100 and 1,000 stories are cloned from the shipped ones (docs/stories/*.md)
  into a temporary copy of the project (scripts/bench_generate.py says how references stay
  consistent), so each builds with ``mkdocs build --strict``.
* Each size is built with the project (the real mkdocs.yml: macros plugin and all) and with
  Material alone: a config inheriting mkdocs.yml without the macros plugin and with the same nav,
  over the same pages with every ``{{ ... }}`` and ``{% ... %}`` removed. Runs alternate between
  the two; each runs in a fresh copy of the portfolio, writes a fresh site and is timed by a fresh
  wrapper process (interview_portfolio/bench/measure.py) that also reports its peak memory.
* Diagrams are rendered once first (by a build of the shipped portfolio, reported as the
  cold-cache figure), and each portfolio is built once before its timed builds (its "first
  build", story cache cold), so the timed builds find the diagram and story caches warm, as on a
  working checkout that has built before.
* Reload: ``mkdocs serve --livereload`` on the 10- and 100-story portfolios; a marker word is
  appended to a story, then a comment to a diagram script, and the served page (or SVG) is
  polled until the change shows.
* PDF: ``portfolio build-site`` then ``portfolio print-pdfs`` on a copy of the shipped portfolio,
  cold (the copy's PDF cache emptied: every PDF printed); then ``make pdf``'s command,
  ``portfolio print-pdfs --build``, cold again and once more with nothing changed (warm).

The project is only ever called through subprocesses, never imported.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from interview_portfolio.bench import generate as gen
from interview_portfolio.bench import report

ROOT = Path(__file__).resolve().parent.parent
MEASURE = Path(gen.__file__).with_name("measure.py")
PYTHON = sys.executable
HOST = "127.0.0.1"
PORTS = range(8106, 8110)
PDF_CACHE = Path(".cache") / "portfolio" / "pdf"
# Top-level entries of the project that a portfolio copy does not need. Each timed build runs in
# a fresh copy: node_modules (about 190 MB, for `make audit` only) was written out before every one.
NOT_COPIED = {".git", ".venv", "node_modules", "site", "kit", "tests", ".pytest_cache", ".mypy_cache", ".ruff_cache",
              "__pycache__", ".site-previous"}
SERVE_MAX_SIZE = 100  # reload latency is measured on the requested sizes up to this
SERVE_START_TIMEOUT = 600.0
RELOAD_TIMEOUT = 300.0
SETTLE_SECONDS = 3.0  # a serve log quiet this long means the rebuilds are over
# As `make` runs builds: no .pyc written, the ones `make venv` compiled ahead are read.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1"}


class BenchmarkError(Exception):
    """A step failed; the message names it and ends with the tail of its output."""


# --- subprocesses and copies ----------------------------------------------------------------------

def tail(path: Path, lines: int = 40) -> str:
    """The last ``lines`` lines of a log file."""
    if not path.exists():
        return "(no output)"
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def copy_project(dest: Path) -> Path:
    """A copy of the project (config, docs, diagrams, code, theme overrides) without .git, .venv, site."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        if Path(folder) == ROOT:
            return {n for n in names if n in NOT_COPIED or n.startswith(".site-build-")}
        return {n for n in names if n == "__pycache__"}

    shutil.copytree(ROOT, dest, symlinks=True, ignore=ignore)
    return dest


def measured(label: str, command: list[str], cwd: Path, logs: Path) -> dict:
    """Run ``command`` in a fresh wrapper process; return its seconds and peak memory.

    Raises BenchmarkError with the tail of stderr when the command fails.
    """
    logs.mkdir(parents=True, exist_ok=True)
    result_file, out, err = logs / "result.json", logs / "stdout.log", logs / "stderr.log"
    with out.open("w") as stdout, err.open("w") as stderr:
        status = subprocess.run(
            [PYTHON, str(MEASURE), str(result_file), "--", *command],
            cwd=cwd, env=ENV, stdout=stdout, stderr=stderr,
        ).returncode
    if status != 0 or not result_file.exists():
        raise BenchmarkError(
            f"{label} failed (exit {status}): {' '.join(command)}\n"
            f"--- last lines of stderr ---\n{tail(err)}\n--- last lines of stdout ---\n{tail(out, 10)}"
        )
    return json.loads(result_file.read_text(encoding="utf-8"))


def site_stats(site: Path, stories_dir: str) -> report.SiteStats:
    """Page count, largest page, largest story page and search index size of a built site."""
    pages = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    story_root = f"{stories_dir}/"
    stories = [(size, rel) for size, rel in pages
               if rel.startswith(story_root) and rel != f"{story_root}index.html"]
    largest = max(pages)
    largest_story = max(stories) if stories else (0, "-")
    index = site / "search" / "search_index.json"
    return report.SiteStats(
        pages=len(pages),
        largest_page=largest[1], largest_page_bytes=largest[0],
        largest_story=largest_story[1], largest_story_bytes=largest_story[0],
        stories_over_limit=sum(1 for size, _ in stories if size > report.STORY_PAGE_BYTES),
        search_index_bytes=index.stat().st_size if index.exists() else 0,
    )


def one_build(label: str, source: Path, config: str | None, scratch: Path, stories_dir: str,
              want_stats: bool) -> tuple[dict, report.SiteStats | None]:
    """Build a fresh copy of ``source`` into a fresh site; remove both afterwards."""
    work = Path(tempfile.mkdtemp(prefix="run-", dir=scratch))
    try:
        portfolio = work / "portfolio"
        shutil.copytree(source, portfolio, symlinks=True)
        site = work / "site"
        # Material alone is not --strict: stripping the macros leaves links such as `[](../)`.
        command = [PYTHON, "-m", "mkdocs", "build", "--site-dir", str(site)]
        command += ["--config-file", config] if config else ["--strict"]
        result = measured(label, command, portfolio, work / "logs")
        return result, site_stats(site, stories_dir) if want_stats else None
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- build benchmark ------------------------------------------------------------------------------

def bench_size(size: int, template: Path, scratch: Path, runs: int, budget: float,
               material: bool) -> report.SizeResult:
    """Generate a portfolio of ``size`` stories; time project and Material-alone builds, alternating."""
    source = scratch / f"portfolio-{size}"
    stories = gen.write_portfolio(template, source, size)
    stories_dir = gen.stories_dir_of(source)
    material_source = scratch / f"material-{size}"
    if material:
        gen.write_material_variant(source, material_source, stories)
    result = report.SizeResult(size, report.BuildStats(), report.BuildStats() if material else None, runs)
    # One build in the portfolio itself first, as on a working checkout that has built before:
    # it fills the story cache (.cache/portfolio/stories), which every timed copy then carries,
    # as it carries the diagram cache. Its time is the cold-cache figure.
    first = measured(f"{size} stories, project, first build", [
        PYTHON, "-m", "mkdocs", "build", "--strict", "--site-dir", str(scratch / f"first-site-{size}"),
    ], source, scratch / f"first-logs-{size}")
    shutil.rmtree(scratch / f"first-site-{size}", ignore_errors=True)
    result.first_build_seconds = first["seconds"]
    print(f"  {size:>5} stories  first build, story cache cold: {first['seconds']:7.2f} s", flush=True)
    spent = 0.0
    for run in range(runs):
        if run > 0 and spent + spent / run > budget:
            result.note = (f"{run} of {runs} runs: one round of builds took {spent / run:.0f} s, "
                           f"more would pass the {budget:.0f} s budget (--budget)")
            break
        variants = [("project", source, None, result.project)]
        if material:
            variants.append(("Material alone", material_source, gen.MATERIAL_CONFIG, result.material))
        for name, src, config, stats in variants:
            measurement, site = one_build(f"{size} stories, {name}, run {run + 1}", src, config,
                                          scratch, stories_dir, want_stats=run == 0)
            stats.seconds.append(measurement["seconds"])
            stats.peak_rss_kb.append(measurement["peak_rss_kb"])
            stats.cpu_seconds.append(measurement["cpu_seconds"])
            if site is not None:
                stats.site = site
            spent += measurement["seconds"]
            print(f"  {size:>5} stories  {name:<15} run {run + 1}: {measurement['seconds']:7.2f} s "
                  f"(CPU {measurement['cpu_seconds']:.2f} s), peak {measurement['peak_rss_kb'] / 1024:.0f} MB",
                  flush=True)
    shutil.rmtree(material_source, ignore_errors=True)
    return result


# --- reload latency -------------------------------------------------------------------------------

def fetch(url: str) -> bytes | None:
    """The body at ``url``, or None when nothing is served there (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def free_port() -> int:
    """The first of the benchmark's ports nothing listens on."""
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) != 0:
                return port
    raise BenchmarkError(f"ports {PORTS.start}-{PORTS.stop - 1} are all in use; stop what listens there")


def wait_for(condition, timeout: float, what: str, server: subprocess.Popen, log: Path,
             interval: float = 0.05) -> float:
    """Poll ``condition`` until true; return the time it became true. Fails if serve dies."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if condition():
            return time.perf_counter()
        if server.poll() is not None:
            raise BenchmarkError(f"mkdocs serve exited while waiting for {what}\n{tail(log)}")
        time.sleep(interval)
    raise BenchmarkError(f"timed out after {timeout:.0f} s waiting for {what}\n{tail(log)}")


def wait_quiet(log: Path, server: subprocess.Popen) -> None:
    """Wait until the serve log has not grown for SETTLE_SECONDS (the rebuilds are over)."""
    size, since = log.stat().st_size, time.perf_counter()
    while time.perf_counter() - since < SETTLE_SECONDS:
        time.sleep(0.2)
        if log.stat().st_size != size:
            size, since = log.stat().st_size, time.perf_counter()
        if server.poll() is not None:
            raise BenchmarkError(f"mkdocs serve exited during a rebuild\n{tail(log)}")


def builds_since(log: Path, offset: int) -> int:
    """How many builds the serve log reports after byte ``offset``."""
    text = log.read_bytes()[offset:].decode("utf-8", errors="replace")
    return len(re.findall(r"Building documentation\.\.\.", text))


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def stop(server: subprocess.Popen) -> None:
    """Stop `mkdocs serve` the way Ctrl-C does (it then removes its temporary site), with every
    process of its session."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


def bench_reload(size: int, scratch: Path) -> list[report.ReloadResult]:
    """Serve the ``size``-story portfolio; time a story edit and a diagram-script edit."""
    work = Path(tempfile.mkdtemp(prefix="serve-", dir=scratch))
    portfolio = work / "portfolio"
    shutil.copytree(scratch / f"portfolio-{size}", portfolio, symlinks=True)
    stories_dir = gen.stories_dir_of(portfolio)
    story = next(iter(gen.shipped_stories(portfolio / "docs", stories_dir).values()))
    diagram = next((name for name in re.findall(r"diagram\(\s*['\"]([\w-]+)['\"]", story.read_text(encoding="utf-8"))
                    if (portfolio / "diagrams" / f"{name}.py").exists()), None)
    port = free_port()
    base = f"http://{HOST}:{port}"
    page_url = f"{base}/{stories_dir}/{story.stem}/"
    log = work / "serve.log"
    results = []
    with log.open("w") as out:
        server = subprocess.Popen(
            # What `make serve` runs: the portfolio's serve-site (mkdocs serve --dirty + its hooks).
            [PYTHON, "-m", "interview_portfolio", "serve-site", "--port", str(port)],
            cwd=portfolio, env=ENV, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_for(lambda: fetch(page_url) is not None, SERVE_START_TIMEOUT, f"{page_url} to be served", server, log, 0.5)
        wait_quiet(log, server)
        marker = f"benchmarker{uuid.uuid4().hex[:12]}"
        offset = log.stat().st_size
        append(story, f"\n\n{marker}\n")
        saved = time.perf_counter()
        served = wait_for(lambda: marker.encode() in (fetch(page_url) or b""), RELOAD_TIMEOUT,
                          f"the marker on {page_url}", server, log)
        wait_quiet(log, server)
        results.append(report.ReloadResult(size, "story edit", served - saved, builds_since(log, offset)))
        print(f"  {size:>5} stories  reload after story edit: {served - saved:.2f} s", flush=True)
        if diagram:
            svg_url = f"{base}/assets/diagrams/{diagram}.svg"
            before = fetch(svg_url)
            offset = log.stat().st_size
            append(portfolio / "diagrams" / f"{diagram}.py", f"\n# benchmark edit {marker}\n")
            saved = time.perf_counter()
            served = wait_for(lambda: fetch(svg_url) not in (None, before), RELOAD_TIMEOUT,
                              f"a new {svg_url}", server, log)
            wait_quiet(log, server)
            what = f"diagram edit ({diagram}.py)"
            results.append(report.ReloadResult(size, what, served - saved, builds_since(log, offset)))
            print(f"  {size:>5} stories  reload after {what}: {served - saved:.2f} s", flush=True)
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    return results


# --- PDF ------------------------------------------------------------------------------------------

def bench_pdf(template: Path, scratch: Path) -> report.PdfResult:
    """On a fresh copy of the shipped portfolio, its PDF cache emptied: `build-site`, then
    `print-pdfs` (cold: every PDF printed); then `make pdf`'s one command, `print-pdfs --build`,
    cold again, and once more with nothing changed (warm: the cache answers)."""
    work = Path(tempfile.mkdtemp(prefix="pdf-", dir=scratch))
    try:
        portfolio = work / "portfolio"
        shutil.copytree(template, portfolio, symlinks=True)
        shutil.rmtree(portfolio / PDF_CACHE, ignore_errors=True)  # the project's own PDFs would answer
        cli = [PYTHON, "-m", "interview_portfolio"]
        build = measured("portfolio build-site", [*cli, "build-site"], portfolio, work / "logs-build")
        pdf = measured("portfolio print-pdfs", [*cli, "print-pdfs"], portfolio, work / "logs-pdf")
        if not list((portfolio / "site" / "pdf").glob("*.pdf")):
            raise BenchmarkError(f"print-pdfs wrote no PDF\n{tail(work / 'logs-pdf' / 'stderr.log')}")
        shutil.rmtree(portfolio / PDF_CACHE)
        make_pdf = [*cli, "print-pdfs", "--build"]
        cold = measured("portfolio print-pdfs --build", make_pdf, portfolio, work / "logs-make-pdf")
        warm = measured("portfolio print-pdfs --build", make_pdf, portfolio, work / "logs-make-pdf-warm")
        print(f"  shipped portfolio  build {build['seconds']:.2f} s, pdf {pdf['seconds']:.2f} s; make pdf "
              f"{cold['seconds']:.2f} s cold, {warm['seconds']:.2f} s warm", flush=True)
        return report.PdfResult(build["seconds"], pdf["seconds"], pdf["peak_rss_kb"] / 1024, pdf["cpu_seconds"],
                                cold["seconds"], warm["seconds"])
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- main -----------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000", help="portfolio sizes in stories (default: 10,100,1000)")
    parser.add_argument("--runs", type=int, default=5,
                        help="timed builds per size and variant (the --budget may stop a size sooner); the median is reported")
    parser.add_argument("--budget", type=float, default=300.0,
                        help="seconds of builds per size after which no further run starts (default: 300)")
    parser.add_argument("--json", type=Path, help="also write every figure and the table to this JSON file")
    parser.add_argument("--skip-serve", action="store_true", help="skip the mkdocs serve reload latency")
    parser.add_argument("--skip-pdf", action="store_true", help="skip the PDF timing")
    parser.add_argument("--skip-material", action="store_true", help="skip the Material-alone builds")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas, e.g. 10,100")
    if not args.sizes or min(args.sizes) < 1 or args.runs < 1:
        parser.error("sizes and --runs must be at least 1")
    return args


def run(args: argparse.Namespace, scratch: Path) -> report.Results:
    """Every measurement the options ask for, printed as it is taken."""
    load_before = os.getloadavg()
    template = copy_project(scratch / "template")
    shipped = len(gen.shipped_stories(template / "docs", gen.stories_dir_of(template)))
    # A build in the template itself renders the diagrams into its docs/: every portfolio copied
    # from it then starts with a warm diagram cache. Its time is the cold-cache figure.
    seed = measured("shipped portfolio build", [PYTHON, "-m", "mkdocs", "build", "--strict", "--site-dir",
                                                str(scratch / "seed-site")], template, scratch / "seed-logs")
    shutil.rmtree(scratch / "seed-site", ignore_errors=True)
    print(f"shipped portfolio ({shipped} stories), cold diagram cache: {seed['seconds']:.2f} s", flush=True)
    results = report.Results(shipped, seed["seconds"], load_before, notes=notes(args, shipped), cpus=os.cpu_count() or 1)
    for size in args.sizes:
        print(f"building {size} stories ...", flush=True)
        results.sizes.append(bench_size(size, template, scratch, args.runs, args.budget, not args.skip_material))
    if not args.skip_serve:
        for size in (s for s in args.sizes if s <= SERVE_MAX_SIZE):
            print(f"serving {size} stories ...", flush=True)
            results.reloads += bench_reload(size, scratch)
    if not args.skip_pdf:
        results.pdf = bench_pdf(template, scratch)
    results.load_after = os.getloadavg()
    return results


def notes(args: argparse.Namespace, shipped: int) -> list[str]:
    """How the figures were taken, printed under the table."""
    lines = [
        f"Stories cloned from the {shipped} shipped ones; copies get unique slugs, titles, follow-up "
        "questions and ids; cross-story references point at the same copy, else the shipped story.",
        "Project: mkdocs build --strict with the real mkdocs.yml (macros plugin), diagram and story caches "
        "warm (each portfolio is built once first: its 'first build' row); each timed build in a fresh copy, "
        "to a fresh site.",
    ]
    if not args.skip_material:
        lines.append(
            "Material alone: same theme, markdown_extensions and nav, no macros plugin; the same Markdown "
            "files with every {{ ... }} and {% ... %} removed; not --strict (the stripped pages leave a "
            "broken link, a warning only). Runs alternate with the project's."
        )
    lines.append("Peak memory: ru_maxrss of one build's process tree, from a fresh wrapper process per build.")
    if not args.skip_serve:
        lines.append(
            f"Reload: mkdocs serve --livereload on {HOST}; seconds from saving the file to the change "
            "being served (page polled every 50 ms); builds = 'Building documentation...' lines the edit caused."
        )
    lines.append("Targets are the issue's, shown beside the figures, not asserted. 1 KB = 1024 bytes.")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="portfolio-bench-"))
    started = time.perf_counter()
    try:
        results = run(args, scratch)
    except BenchmarkError as exc:
        print(f"\nBENCHMARK FAILED: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    rows = report.all_rows(results)
    load = "/".join(f"{x:.1f}" for x in results.load_before), "/".join(f"{x:.1f}" for x in results.load_after)
    print(f"\nBenchmark ({time.perf_counter() - started:.0f} s in all, {results.cpus} CPUs, Python "
          f"{sys.version.split()[0]}, load average {load[0]} before, {load[1]} after)\n")
    print(report.format_table(rows))
    print()
    warning = report.load_warning(results)
    for note in results.notes + ([f"WARNING: {warning}"] if warning else []):
        print(f"* {note}")
    if args.json:
        args.json.write_text(json.dumps(report.as_json(results), indent=2), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
