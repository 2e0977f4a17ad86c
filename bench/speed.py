#!/usr/bin/env python3
"""Header-extraction speed: PDFs per second with 1 and 2 jobs, and peak memory.

usage: python bench/speed.py [PDF_DIR] [--rounds N]

PDF_DIR defaults to ../shared/corpus/pdfs next to the repository. The file list is repeated `--rounds`
times so that pool start-up is amortised the way it is on a large batch.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from paperbrief.extract import extract_all

REPO = Path(__file__).resolve().parent.parent


def _peak_rss_mb(who: int) -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="?", default=str(REPO.parent / "shared" / "corpus" / "pdfs"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    files = sorted(str(p) for p in Path(args.pdfs).glob("*.pdf")) * args.rounds
    if not files:
        print(f"no PDFs under {args.pdfs}", file=sys.stderr)
        return 2
    for jobs in (1, 2):
        started = time.perf_counter()
        failed = sum(1 for paper in extract_all(files, jobs=jobs) if paper.error)
        elapsed = time.perf_counter() - started
        print(
            f"jobs={jobs}: {len(files)} PDFs in {elapsed:.2f} s = {len(files) / elapsed:.1f} PDFs/s ({failed} failed)"
        )
    # every job runs in a worker forked from a forkserver, which RUSAGE_CHILDREN cannot see: this is the
    # parent's footprint only
    print(f"peak RSS of this process (the parent, not its workers): {_peak_rss_mb(resource.RUSAGE_SELF):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
