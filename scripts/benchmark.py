"""Benchmark: time a cold and a warm build, diagram rendering and PDF printing; report sizes.

Run by hand (`make bench`); the numbers go into the notes, not into timed tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import diagram_render  # noqa: E402


def timed(label: str, fn) -> float:
    started = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {elapsed:6.2f} s", flush=True)
    return elapsed


def run(*args: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{result.stdout}\n{result.stderr}")


def main() -> None:
    out = ROOT / "docs" / "assets" / "diagrams"
    with tempfile.TemporaryDirectory() as tmp:
        cold = Path(tmp) / "diagrams"
        timed("diagrams: render all, cold cache", lambda: diagram_render.render_all(ROOT / "diagrams", cold))
        timed("diagrams: render all, warm cache", lambda: diagram_render.render_all(ROOT / "diagrams", cold))
    diagram_render.render_all(ROOT / "diagrams", out)
    site = ROOT / "site"
    timed("build: strict, diagrams cached", lambda: run("scripts/portfolio.py", "build"))
    timed("build: again (re-run is quick)", lambda: run("scripts/portfolio.py", "build"))
    timed("pdf: pack, packet, cue cards", lambda: run("scripts/portfolio.py", "pdf"))
    print()
    for svg in sorted(out.glob("*.svg")):
        print(f"diagram {svg.name:<28} {svg.stat().st_size / 1024:7.1f} KB")
    for pdf in sorted((site / "pdf").glob("*.pdf")):
        print(f"pdf     {pdf.name:<28} {pdf.stat().st_size / 1024:7.1f} KB")
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    print(f"site/ total {total / 1024 / 1024:.1f} MB in {sum(1 for _ in site.rglob('*'))} entries")


if __name__ == "__main__":
    main()
