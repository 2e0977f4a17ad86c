#!/usr/bin/env python3
"""Screening against hand labels, and its throughput on a month of listings.

usage: python bench/screening.py [--profile NAME|FILE] [--labels FILE ...] [--misses] [--no-quality]
                                [--no-throughput] [--original DIR] [--rounds N]

Quality: for every labels file (default: ../shared/arxiv-daily/labels/*.labels.jsonl and bench/labels/), the
day's mailing (../shared/arxiv-daily/YYYY-MM/MM-DD/arxiv_daily.txt) goes through the real pipeline up to the
screen stage (`Options(stop_after=Stage.SCREEN)`: the listing parser and the profile, nothing fetched), and each
labelled entry's decision is compared with its label: core recall, core+related recall, and the precision of
what was kept (core or related counts as right), per day and over all days.

Throughput: `paperbrief screen` on the ten October mailings in one process, start-up included, as a user
would run it (run once first, so that its modules are byte-compiled, as an install leaves them); entries read
per second (6,146: every entry of each file) against the original matcher's ~450 abstracts/s, and rows written
per second (5,233: the duplicates of the twice-saved 10-09/10-10 mail are not rows).

The issue gives the original matcher's speed as ~450 abstracts/s "here", on a machine whose speed varies with its
other jobs. `--original DIR` measures it instead, beside ours, in the same rounds: DIR is the original system's
`utils/ai_acceleration_extractor/` folder (a clone of MozhiJiawei/Paper-Analysis; its code is not part of this
repository), whose `KeywordMatcher` is timed on the same titles and abstracts, and the ratio of the two rates
printed (`--rounds 5` for medians of five interleaved runs).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import types
from collections import Counter
from pathlib import Path
from statistics import median
from typing import Any

from paperbrief import Options, Paper, Stage, drain, iter_run
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


def throughput(profile: str | None, original: Path | None, rounds: int) -> None:
    """Time the command as an installed paperbrief runs it: once first, unmeasured, so that its modules are
    byte-compiled (a wheel install leaves them so; this checkout's environment may set PYTHONDONTWRITEBYTECODE,
    which would make every start compile them), then `rounds` times, each round after a run of the original
    matcher when one is given (interleaved, so that both meet the same load on a shared machine)."""
    mailings = sorted(DAILY.glob("2025-10/*/arxiv_daily.txt"))
    command = [sys.executable, "-m", "paperbrief", "screen", *map(str, mailings), "--format", "jsonl"]
    if profile:
        command += ["--profile", profile]
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    entries = listing_entries(mailings)
    abstracts = [(paper.title or "", paper.abstract) for paper in entries if paper.abstract]
    matcher = original_matcher(original) if original else None
    ours: list[tuple[float, float]] = []
    theirs: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "screening.jsonl"
        run = [*command, "-o", str(output)]
        subprocess.run(run, check=False, capture_output=True, env=environment)  # the warm-up
        calibration = calibrate()
        for _ in range(rounds):
            if matcher is not None:
                theirs.append(time_original(matcher, abstracts))
            ours.append(time_command(run, environment))
        rows = len(output.read_text(encoding="utf-8").splitlines()) if output.exists() else 0
    elapsed, cpu = median([wall for wall, _ in ours]), median([cpu for _, cpu in ours])
    rate, row_rate = (len(entries) / elapsed, rows / elapsed) if elapsed else (0.0, 0.0)
    print(
        f"\n{len(mailings)} mailings: {len(entries)} entries read (every entry the listing parser reads in each "
        f"file; the same paper saved in two files counts twice), {len(abstracts)} of them with an abstract, {rows} "
        f"rows written (one per paper once duplicates collapse), in {elapsed:.2f} s wall, {cpu:.2f} s CPU "
        f"(user+sys; start-up included; median of {rounds}): {rate:,.0f} entries read/s "
        f"({rate / ORIGINAL_RATE:.1f}× the issue's ~{ORIGINAL_RATE:.0f}/s for the original), {row_rate:,.0f} rows/s "
        f"(calibration loop {calibration:.2f} s of CPU: a shared machine's wall times vary)"
    )
    if theirs:
        compare(len(entries), len(abstracts), cpu, median(theirs))


def compare(entries: int, abstracts: int, ours: float, theirs: float) -> None:
    """The month's CPU time against the original matcher's on the same abstracts, measured in the same rounds."""
    original_rate = abstracts / theirs
    print(
        f"the original matcher, on the same {abstracts} titles and abstracts: {theirs:.2f} s CPU (median), "
        f"{original_rate:,.0f} abstracts/s; paperbrief {entries / ours:,.0f} entries read/s of CPU = "
        f"{entries / ours / original_rate:.1f}× (the issue's measure: a month's entries against the original's "
        f"abstracts/s), {abstracts / ours:,.0f} abstracts/s = {abstracts / ours / original_rate:.1f}× (counting only "
        f"the entries with an abstract, start-up, reading and writing included)"
    )


def time_command(run: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user+sys) seconds of one run of the command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(run, check=False, capture_output=True, env=environment)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def original_matcher(folder: Path) -> Any:
    """The original system's keyword gate, `KeywordMatcher` from its `keyword_matcher.py` in `folder` (with the
    `config.py`, `models.py` and `exceptions.py` beside it: `utils/ai_acceleration_extractor/` of a clone of
    MozhiJiawei/Paper-Analysis), imported as a package of its own without the package's `__init__.py`, which
    imports the rest of that system (its GROBID and LLM clients)."""
    package = types.ModuleType("original_gate")
    package.__path__ = [str(folder)]
    sys.modules[package.__name__] = package
    matcher = importlib.import_module(f"{package.__name__}.keyword_matcher").KeywordMatcher()
    matcher.match_keywords("warm up", "its regular expressions compiled into the re module's cache")
    return matcher


def time_original(matcher: Any, abstracts: list[tuple[str, str]]) -> float:
    """CPU seconds of the original matcher over every title and abstract (its matching alone: the entries are
    read already)."""
    started = time.process_time()
    for title, abstract in abstracts:
        matcher.match_keywords(title, abstract)
    return time.process_time() - started


def listing_entries(mailings: list[Path]) -> list[Paper]:
    """The entries of the mailings, as the listing parser reads them, file by file."""
    entries: list[Paper] = []
    for mailing in mailings:
        with mailing.open(encoding="utf-8", errors="surrogateescape") as f:
            entries += parse_mailing(f, str(mailing))
    return entries


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
    parser.add_argument("--no-quality", action="store_true", help="skip the scoring against labels")
    parser.add_argument("--no-throughput", action="store_true", help="skip the throughput run")
    parser.add_argument(
        "--original",
        type=Path,
        help="the original system's utils/ai_acceleration_extractor folder: time its keyword gate beside ours",
    )
    parser.add_argument("--rounds", type=int, default=1, help="timed runs of the command (default 1), interleaved")
    args = parser.parse_args()
    if not DAILY.exists():
        print(f"{DAILY} is missing: ../shared must sit beside the repository", file=sys.stderr)
        return 2
    if args.original and not (args.original / "keyword_matcher.py").exists():
        print(
            f"{args.original} has no keyword_matcher.py: give the original's utils/ai_acceleration_extractor folder",
            file=sys.stderr,
        )
        return 2
    if not args.no_quality:
        quality(label_files(args.labels), args.profile, args.misses)
    if not args.no_throughput:
        throughput(args.profile, args.original, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
