#!/usr/bin/env python3
"""Screening against hand labels, and its throughput on a month of listings.

usage: python bench/screening.py [--profile NAME|FILE] [--labels FILE ...] [--misses] [--no-throughput]

Quality: for every labels file (default: ../shared/arxiv-daily/labels/*.labels.jsonl and bench/labels/), the
day's mailing (../shared/arxiv-daily/YYYY-MM/MM-DD/arxiv_daily.txt) goes through the real pipeline up to the
screen stage (`Options(stop_after=Stage.SCREEN)`: the listing parser and the profile, nothing fetched), and each
labelled entry's decision is compared with its label: core recall, core+related recall, and the precision of
what was kept (core or related counts as right), per day and over all days.

Throughput: `paperbrief screen` on the ten October mailings in one process, start-up included, as a user
would run it (run once first, so that its modules are byte-compiled, as an install leaves them); entries read
per second (6,146: every entry of each file) against the original matcher's ~450 abstracts/s, and rows written
per second (5,233: the duplicates of the twice-saved 10-09/10-10 mail are not rows).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from paperbrief import Options, Stage, drain, iter_run
from paperbrief.sources.mailing import parse_mailing

REPO = Path(__file__).resolve().parent.parent
DAILY = REPO.parent / "shared" / "arxiv-daily"
ORIGINAL_RATE = 450.0


def label_files(given: list[str]) -> list[Path]:
    if given:
        return [Path(g) for g in given]
    return sorted([*(DAILY / "labels").glob("*.labels.jsonl"), *(REPO / "bench" / "labels").glob("*.labels.jsonl")])


def mailing_of(labels: Path) -> Path:
    day = labels.name.split(".")[0]  # "09-01"
    [found] = list(DAILY.glob(f"*/{day}/arxiv_daily.txt"))
    return found


def decisions(mailing: Path, profile: str | None) -> dict[str, str]:
    report = drain(iter_run([str(mailing)], Options(stop_after=Stage.SCREEN, profile=profile)))
    found = {}
    for paper in report.entries:
        if paper.screening is not None and paper.arxiv_id:
            found[paper.arxiv_id.split("v")[0]] = str(paper.screening.decision)
    return found


def score_day(labels: Path, profile: str | None, misses: bool) -> Counter[str]:
    decided = decisions(mailing_of(labels), profile)
    counts: Counter[str] = Counter()
    for line in labels.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        label, kept = row["label"], decided.get(row["arxiv_id"]) == "keep"
        counts[label] += 1
        counts[f"{label}_kept"] += kept
        counts["unparsed"] += row["arxiv_id"] not in decided
        if misses and (kept != (label != "no")):
            print(f"    {'FP  ' if kept else 'MISS'} {label:7} {row['title'][:100]}")
    return counts


def rates(c: Counter[str]) -> tuple[float, float, float]:
    good = c["core_kept"] + c["related_kept"]
    kept = good + c["no_kept"]
    return (
        c["core_kept"] / max(1, c["core"]),
        good / max(1, c["core"] + c["related"]),
        good / max(1, kept),
    )


def quality(files: list[Path], profile: str | None, misses: bool) -> None:
    print("| day | entries | core recall | core+related recall | precision | kept |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    total: Counter[str] = Counter()
    for labels in files:
        counts = score_day(labels, profile, misses)
        total.update(counts)
        _row(labels.name.split(".")[0], counts)
    _row("**all**", total)


def _row(name: str, c: Counter[str]) -> None:
    core, both, precision = rates(c)
    entries = c["core"] + c["related"] + c["no"]
    kept = c["core_kept"] + c["related_kept"] + c["no_kept"]
    note = f" ({c['unparsed']} labelled entries not found in the listing)" if c["unparsed"] else ""
    print(f"| {name} | {entries} | {core:.3f} | {both:.3f} | {precision:.3f} | {kept} |{note}")


def throughput(profile: str | None) -> None:
    """Time the command as an installed paperbrief runs it: once first, unmeasured, so that its modules are
    byte-compiled (a wheel install leaves them so; this checkout's environment may set PYTHONDONTWRITEBYTECODE,
    which would make every start compile them), then measured."""
    mailings = sorted(DAILY.glob("2025-10/*/arxiv_daily.txt"))
    command = [sys.executable, "-m", "paperbrief", "screen", *map(str, mailings), "--format", "jsonl"]
    if profile:
        command += ["--profile", profile]
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    read = entries_read(mailings)
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "screening.jsonl"
        run = [*command, "-o", str(output)]
        subprocess.run(run, check=False, capture_output=True, env=environment)  # the warm-up
        calibration = calibrate()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(run, check=False, capture_output=True, env=environment)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        rows = len(output.read_text(encoding="utf-8").splitlines()) if output.exists() else 0
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    rate, row_rate = (read / elapsed, rows / elapsed) if elapsed else (0.0, 0.0)
    print(
        f"\n{len(mailings)} mailings: {read} entries read (every entry the listing parser reads in each file; the "
        f"same paper saved in two files counts twice), {rows} rows written (one per paper once duplicates "
        f"collapse), in {elapsed:.2f} s wall, {cpu:.2f} s CPU (user+sys; start-up included): {rate:,.0f} entries "
        f"read/s ({rate / ORIGINAL_RATE:.1f}× the original matcher's ~{ORIGINAL_RATE:.0f}/s), {row_rate:,.0f} rows/s "
        f"(calibration loop {calibration:.2f} s of CPU: a shared machine's wall times vary)"
    )


def entries_read(mailings: list[Path]) -> int:
    """The entries of the mailings, as the listing parser reads them, file by file."""
    total = 0
    for mailing in mailings:
        with mailing.open(encoding="utf-8", errors="surrogateescape") as f:
            total += len(parse_mailing(f, str(mailing)))
    return total


def calibrate() -> float:
    """The CPU time of a pure-Python loop, `sum(range(10**7))`: how fast this machine is at the moment."""
    started = time.process_time()
    sum(range(10**7))
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", help="a bundled profile's name or a TOML file (default: the default profile)")
    parser.add_argument("--labels", nargs="*", default=[], help="labels files (default: all known)")
    parser.add_argument("--misses", action="store_true", help="print every wrong decision")
    parser.add_argument("--no-throughput", action="store_true", help="skip the throughput run")
    args = parser.parse_args()
    if not DAILY.exists():
        print(f"{DAILY} is missing: ../shared must sit beside the repository", file=sys.stderr)
        return 2
    quality(label_files(args.labels), args.profile, args.misses)
    if not args.no_throughput:
        throughput(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
