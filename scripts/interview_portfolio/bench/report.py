"""Benchmark results: the figures measured, the issue's targets, and the final table.

Pure module (no subprocess, no file system) so the table and the PASS/MISS logic are unit tested.
Targets are printed beside the figures, never asserted: the benchmark is run by hand.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field

KB = 1024
MB = 1024 * 1024

# Targets from the issue "Performance at scale".
RATIO_TARGET = 1.5  # project build time / Material alone, at these sizes:
RATIO_SIZES = (10, 100)
RELOAD_TARGETS = {10: 1.0, 100: 3.0}  # seconds from save to served
LARGE_SIZE = 1000
LARGE_BUILD_SECONDS = 180.0
STORY_PAGE_BYTES = 100 * KB
SEARCH_INDEX_BYTES = 5 * MB
PDF_SECONDS = 5.0  # `make pdf` = `portfolio build-site` + `print-pdfs`, shipped portfolio


@dataclass
class SiteStats:
    """Sizes of one built site."""

    pages: int
    largest_page: str
    largest_page_bytes: int
    largest_story: str
    largest_story_bytes: int
    stories_over_limit: int  # story pages above STORY_PAGE_BYTES
    search_index_bytes: int


@dataclass
class BuildStats:
    """Every measured run of one build of one portfolio size."""

    seconds: list[float] = field(default_factory=list)
    peak_rss_kb: list[int] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    site: SiteStats | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu_seconds) if self.cpu_seconds else float("nan")

    @property
    def peak_mb(self) -> float:
        return max(self.peak_rss_kb) / KB


@dataclass
class SizeResult:
    """Project and Material-alone builds of one portfolio size, measured side by side."""

    size: int
    project: BuildStats
    material: BuildStats | None = None
    runs_requested: int = 3
    note: str = ""
    first_build_seconds: float | None = None  # the portfolio's first build: story cache cold

    @property
    def ratio(self) -> float | None:
        if self.material is None or not self.material.seconds:
            return None
        return self.project.median / self.material.median

    @property
    def cpu_ratio(self) -> float | None:
        if self.material is None or not self.material.cpu_seconds or not self.project.cpu_seconds:
            return None
        return self.project.median_cpu / self.material.median_cpu


@dataclass
class ReloadResult:
    """`mkdocs serve` latency from saving a file to the change being served."""

    size: int
    what: str  # "story edit" or "diagram edit (NAME)"
    seconds: float
    builds: int  # builds the edit triggered ("Building documentation" lines)


@dataclass
class PdfResult:
    build_seconds: float  # build-site alone
    pdf_seconds: float  # print-pdfs alone, cold: no PDF in the cache, so every PDF is printed
    peak_mb: float
    pdf_cpu_seconds: float | None = None
    make_pdf_seconds: float | None = None  # cold `make pdf`: print-pdfs --build (the browser starts during the build)
    warm_seconds: float | None = None  # `make pdf` again, nothing changed: the cache answers

    @property
    def total(self) -> float:
        return self.make_pdf_seconds if self.make_pdf_seconds is not None else self.build_seconds + self.pdf_seconds


@dataclass
class Row:
    figure: str
    value: str
    target: str = ""
    verdict: str = ""  # PASS, MISS or empty when the issue sets no target


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def size_text(n_bytes: int) -> str:
    """Bytes as KB below 1 MB, else MB (1 KB = 1024 bytes)."""
    return f"{n_bytes / MB:.2f} MB" if n_bytes >= MB else f"{n_bytes / KB:.0f} KB"


def runs_text(stats: BuildStats, requested: int) -> str:
    n = len(stats.seconds)
    return f"median of {n}" if n == requested else f"median of {n} (of {requested} asked)"


def size_rows(r: SizeResult) -> list[Row]:
    """The rows of one portfolio size: times, ratio, memory, page and index sizes."""
    n = r.size
    rows = [Row(f"{n} stories: build, project ({runs_text(r.project, r.runs_requested)})",
                f"{r.project.median:.2f} s")]
    if n == LARGE_SIZE:
        rows[-1].target = f"< {LARGE_BUILD_SECONDS:.0f} s"
        rows[-1].verdict = verdict(r.project.median < LARGE_BUILD_SECONDS)
    if r.first_build_seconds is not None:
        first = Row(f"{n} stories: first build, project (story cache cold, 1 run)", f"{r.first_build_seconds:.2f} s")
        if r.material is not None and r.material.seconds:
            first.value += f" = {r.first_build_seconds / r.material.median:.2f}x Material"
        rows.append(first)
    if r.material is not None and r.material.seconds:
        rows.append(Row(f"{n} stories: build, Material alone ({runs_text(r.material, r.runs_requested)})",
                        f"{r.material.median:.2f} s"))
        ratio = r.ratio
        row = Row(f"{n} stories: ratio project / Material", f"{ratio:.2f}x" if ratio is not None else "n/a")
        if n in RATIO_SIZES and ratio is not None:
            row.target, row.verdict = f"<= {RATIO_TARGET}x", verdict(ratio <= RATIO_TARGET)
        rows.append(row)
        if r.cpu_ratio is not None:
            rows.append(Row(f"{n} stories: CPU time, project / Material (median)",
                            f"{r.project.median_cpu:.2f} / {r.material.median_cpu:.2f} s = {r.cpu_ratio:.2f}x"))
        rows.append(Row(f"{n} stories: peak memory, project / Material",
                        f"{r.project.peak_mb:.0f} / {r.material.peak_mb:.0f} MB"))
    else:
        rows.append(Row(f"{n} stories: peak memory, project", f"{r.project.peak_mb:.0f} MB"))
    site = r.project.site
    if site is not None:
        rows.append(Row(f"{n} stories: largest page ({site.pages} pages)",
                        f"{size_text(site.largest_page_bytes)} {site.largest_page}"))
        story = Row(f"{n} stories: largest story page", f"{size_text(site.largest_story_bytes)} {site.largest_story}")
        if n == LARGE_SIZE:
            story.target = f"<= {STORY_PAGE_BYTES // KB} KB each"
            story.verdict = verdict(site.stories_over_limit == 0)
            story.value += f" ({site.stories_over_limit} over)"
        rows.append(story)
        if r.material is not None and r.material.site is not None:
            rows.append(Row(f"{n} stories: largest story page, Material alone",
                            f"{size_text(r.material.site.largest_story_bytes)}"))
        index = Row(f"{n} stories: search index", size_text(site.search_index_bytes))
        if n == LARGE_SIZE:
            index.target = f"<= {SEARCH_INDEX_BYTES // MB} MB"
            index.verdict = verdict(site.search_index_bytes <= SEARCH_INDEX_BYTES)
        rows.append(index)
    if r.note:
        rows.append(Row(f"{n} stories: note", r.note))
    return rows


def reload_row(r: ReloadResult) -> Row:
    row = Row(f"{r.size} stories: reload after {r.what}",
              f"{r.seconds:.2f} s, {r.builds} build{'s' if r.builds != 1 else ''}")
    if r.size in RELOAD_TARGETS:
        row.target = f"<= {RELOAD_TARGETS[r.size]:.1f} s"
        row.verdict = verdict(r.seconds <= RELOAD_TARGETS[r.size])
    return row


def pdf_rows(p: PdfResult) -> list[Row]:
    cpu = f"cpu {p.pdf_cpu_seconds:.2f} s, " if p.pdf_cpu_seconds is not None else ""
    rows = [
        Row("shipped portfolio: build-site", f"{p.build_seconds:.2f} s"),
        Row("shipped portfolio: print-pdfs, cold (no PDF cached)", f"{p.pdf_seconds:.2f} s ({cpu}peak {p.peak_mb:.0f} MB)"),
    ]
    if p.warm_seconds is not None:
        rows.append(Row("shipped portfolio: make pdf again, nothing changed (warm)", f"{p.warm_seconds:.2f} s"))
    what = "print-pdfs --build" if p.make_pdf_seconds is not None else "build + pdf"
    rows.append(Row(f"shipped portfolio: make pdf, cold ({what})", f"{p.total:.2f} s",
                    f"<= {PDF_SECONDS:.0f} s", verdict(p.total <= PDF_SECONDS)))
    return rows


@dataclass
class Results:
    """Everything one benchmark run measured."""

    shipped_stories: int
    shipped_cold_seconds: float  # build of the shipped portfolio with a cold diagram cache
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)  # os.getloadavg() at the start
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    cpus: int = 1
    sizes: list[SizeResult] = field(default_factory=list)
    reloads: list[ReloadResult] = field(default_factory=list)
    pdf: PdfResult | None = None
    notes: list[str] = field(default_factory=list)


def load_warning(results: Results) -> str:
    """A warning when other work loaded the machine during the run (wall times then inflate)."""
    busiest = max(results.load_before[0], results.load_after[0], results.load_before[1], results.load_after[1])
    if busiest <= results.cpus:
        return ""
    return (f"machine busy: load average up to {busiest:.1f} on {results.cpus} CPUs during the run; wall "
            "times are inflated, CPU times and ratios measured side by side are the steadier figures")


def all_rows(results: Results) -> list[Row]:
    """The final table, in the order measured."""
    rows = [Row(f"shipped portfolio ({results.shipped_stories} stories): build, diagram cache cold",
                f"{results.shipped_cold_seconds:.2f} s")]
    for r in results.sizes:
        rows += size_rows(r)
    rows += [reload_row(r) for r in results.reloads]
    if results.pdf is not None:
        rows += pdf_rows(results.pdf)
    return rows


def format_table(rows: list[Row]) -> str:
    """Rows as an aligned plain-text table."""
    header = Row("Figure", "Value", "Target", "")
    widths = [max(len(getattr(r, f)) for r in [header, *rows]) for f in ("figure", "value", "target")]
    lines = []
    for i, r in enumerate([header, *rows]):
        lines.append(f"{r.figure:<{widths[0]}}  {r.value:<{widths[1]}}  {r.target:<{widths[2]}}  {r.verdict}".rstrip())
        if i == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def as_json(results: Results) -> dict:
    """Everything measured, plus the table rows, as JSON-ready data."""
    def size_dict(r: SizeResult) -> dict:
        data = asdict(r)
        data["project"]["median_seconds"] = r.project.median
        if r.material is not None and r.material.seconds:
            data["material"]["median_seconds"] = r.material.median
        data["ratio"] = r.ratio
        data["cpu_ratio"] = r.cpu_ratio
        return data

    pdf = results.pdf
    return {
        "shipped_stories": results.shipped_stories,
        "shipped_cold_seconds": results.shipped_cold_seconds,
        "cpus": results.cpus,
        "load_average_before": results.load_before,
        "load_average_after": results.load_after,
        "sizes": [size_dict(r) for r in results.sizes],
        "reloads": [asdict(r) for r in results.reloads],
        "pdf": None if pdf is None else {**asdict(pdf), "total_seconds": pdf.total},
        "rows": [asdict(r) for r in all_rows(results)],
        "notes": results.notes,
    }
