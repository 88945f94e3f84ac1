"""Run one command and report its wall time, CPU time and peak memory as JSON.

Usage: python scripts/bench_measure.py RESULT.json -- COMMAND [ARGS...]

The benchmark starts this wrapper in a fresh process for every measured build, so
``getrusage(RUSAGE_CHILDREN).ru_maxrss`` here covers that one build only (the command and the
processes it waited for: diagram scripts, Graphviz, Chromium), not earlier builds of the run.
The command's own output goes to this wrapper's stdout and stderr. The exit status is the
command's.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def measure(command: list[str]) -> dict:
    """Run ``command``; return its exit status, wall seconds, CPU seconds and peak RSS in KB.

    CPU seconds (user + system, over the process tree) barely move when other work shares the
    machine, unlike wall time: compare both.
    """
    started = time.perf_counter()
    returncode = subprocess.run(command).returncode
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "returncode": returncode,
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_kb": usage.ru_maxrss,  # KB on Linux
    }


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    result = measure(argv[2:])
    Path(argv[0]).write_text(json.dumps(result), encoding="utf-8")
    return result["returncode"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
