#!/usr/bin/env python3
"""Listings: how fast the shared mailings parse, and what reading one costs to start.

usage: python bench/listings.py [--rounds 5] [--mailings DIR]

For each day of ../shared/arxiv-daily the fastest of `--rounds` parses counts, in wall time and in CPU time
(the machine is shared, so CPU time is the steadier figure). Start-up is a fresh `python -c "import
paperbrief.sources"`, the best of three, and whether it loaded PyMuPDF or the OpenAI client (it must not).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from paperbrief.sources import read_inputs

REPO = Path(__file__).resolve().parent.parent


def best(rounds: int, path: Path) -> tuple[float, float, int]:
    """Fastest wall and CPU seconds of parsing `path`, and its entry count."""
    wall = cpu = float("inf")
    count = 0
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        count = len(read_inputs([str(path)]))
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return wall, cpu, count


def startup() -> tuple[float, bool]:
    """Seconds to import `paperbrief.sources` in a fresh interpreter, and whether PyMuPDF or OpenAI came along."""
    code = "import sys, paperbrief.sources; print(any(m in sys.modules for m in ('pymupdf', 'fitz', 'openai')))"
    times, heavy = [], False
    for _ in range(3):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        times.append(time.perf_counter() - started)
        heavy = heavy or out.strip() == "True"
    return min(times), heavy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--mailings", type=Path, default=REPO.parent / "shared" / "arxiv-daily")
    args = parser.parse_args()
    paths = sorted(args.mailings.glob("*/*/arxiv_daily.txt"))
    read_inputs([str(paths[0])])  # imports and pylatexenc's first call out of the way
    total_wall = total_cpu = 0.0
    total = 0
    print("| day | entries | ms (wall) | ms (CPU) |\n| --- | --- | --- | --- |")
    for path in paths:
        wall, cpu, count = best(args.rounds, path)
        total_wall, total_cpu, total = total_wall + wall, total_cpu + cpu, total + count
        print(f"| {path.parent.name} | {count} | {wall * 1000:.1f} | {cpu * 1000:.1f} |")
    print(f"| all {len(paths)} | {total} | {total_wall * 1000:.0f} | {total_cpu * 1000:.0f} |")
    print(f"\n{total / total_cpu:,.0f} entries per CPU second")
    seconds, heavy = startup()
    print(f"python -c 'import paperbrief.sources': {seconds * 1000:.0f} ms; PyMuPDF or OpenAI loaded: {heavy}")


if __name__ == "__main__":
    main()
