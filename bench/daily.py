#!/usr/bin/env python3
"""The daily job on one real shared day, against a local arXiv look-alike and a local model server.

usage: python bench/daily.py [--day 2025-10-07] [--spacing 0.5] [--latency 0.5] [--concurrency 8]

The day's mailing (../shared/arxiv-daily/…/arxiv_daily.txt) is screened by the default profile; the local
arXiv (tests/integration/fake_arxiv.py, real HTTP on 127.0.0.1) serves a generated PDF for every entry of the
mailing, under its exact id and version, with `PAPERBRIEF_ARXIV_DELAY=spacing` between requests, as arxiv.org
is asked at 3 s. Three runs through the real CLI, each in a fresh cache:

1. offline: the whole report, wall time versus the time its PDFs take at the configured spacing (target: our
   own work < 10 s on top);
2. LLM mode: judge, briefs and translations from tests/integration/fake_openai.py with `latency` per call,
   timed per model stage (from the progress events) against ceil(calls / concurrency) × latency (≤ 1.3 ×),
   with the `openai` SDK imported before the clock starts (its second of import is start-up);
3. the LLM run again on its warm cache: requests to arXiv and calls to the model (both must be 0).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from fake_arxiv import FakeArxiv, FakePaper  # noqa: E402
from fake_openai import Behaviour, FakeOpenAI  # noqa: E402

from paperbrief import Event, LLMSettings, Options, Output, Stage, drain, iter_run  # noqa: E402
from paperbrief.render import Format  # noqa: E402
from paperbrief.sources import read_inputs  # noqa: E402

DAILY = ROOT.parent / "shared" / "arxiv-daily"
MODEL_STAGES = (Stage.JUDGE, Stage.LLM, Stage.TRANSLATE)


def look_alike(mailing: Path) -> list[FakePaper]:
    """A PDF-serving paper for every entry of the mailing, under the id and version the listing names."""
    papers = []
    for entry in read_inputs([str(mailing)]):
        if entry.arxiv_id and "v" in entry.arxiv_id:
            base, version = entry.arxiv_id.rsplit("v", 1)
            papers.append(
                FakePaper(
                    base,
                    int(version),
                    entry.title,
                    entry.abstract or entry.title,
                    entry.authors[:8] or ["A. Author"],
                    ["Tsinghua University", "Columbia University"],
                )
            )
    return papers


def timed_run(mailing: Path, options: Options, out: Path) -> tuple[float, dict[Stage, float], int]:
    """Wall time of one run, the time from the first to the last event of each model stage, papers reported."""
    first: dict[Stage, float] = {}
    last: dict[Stage, float] = defaultdict(float)

    def note(event: Event) -> None:
        now = time.perf_counter()
        first.setdefault(event.stage, now)
        last[event.stage] = now

    started = time.perf_counter()
    report = drain(iter_run([str(mailing)], options, [Output(str(out), Format.JSON)]), note)
    elapsed = time.perf_counter() - started
    return elapsed, {s: last[s] - first[s] for s in MODEL_STAGES if s in first}, len(report.papers)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--day", default="2025-10-07")
    parser.add_argument("--spacing", type=float, default=0.5, help="seconds between requests to the local arXiv")
    parser.add_argument("--latency", type=float, default=0.5, help="seconds per model call")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    month, day = args.day[:7], args.day[5:]
    mailing = DAILY / month / day / "arxiv_daily.txt"
    if not mailing.exists():
        print(f"no mailing at {mailing}", file=sys.stderr)
        return 2
    os.environ["PAPERBRIEF_ARXIV_DELAY"] = str(args.spacing)
    with tempfile.TemporaryDirectory() as work, FakeArxiv(look_alike(mailing)) as arxiv:
        os.environ["PAPERBRIEF_ARXIV_API_URL"] = arxiv.api_url
        os.environ["PAPERBRIEF_ARXIV_PDF_URL"] = arxiv.pdf_url
        offline(mailing, Path(work), arxiv, args)
        with FakeOpenAI(Behaviour(latency=args.latency)) as model:
            with_model(mailing, Path(work), arxiv, model, args)
    return 0


def offline(mailing: Path, work: Path, arxiv: FakeArxiv, args: argparse.Namespace) -> None:
    os.environ["PAPERBRIEF_CACHE_DIR"] = str(work / "cache-offline")
    elapsed, _, reported = timed_run(mailing, Options(jobs=args.jobs), work / "offline.json")
    pdfs = len(arxiv.requests("/pdf/"))
    waiting = max(0, pdfs - 1) * args.spacing
    print(f"offline\tpapers\t{reported}\tpdfs\t{pdfs}\twall_s\t{elapsed:.2f}")
    print(f"offline\tspacing_s\t{waiting:.2f}\town_work_s\t{elapsed - waiting:.2f}\t(target < 10 s)")


def with_model(mailing: Path, work: Path, arxiv: FakeArxiv, model: FakeOpenAI, args: argparse.Namespace) -> None:
    import openai  # noqa: F401 -- once, up front: the SDK's import (about a second) is start-up, not a model stage

    os.environ["PAPERBRIEF_CACHE_DIR"] = str(work / "cache-llm")
    settings = LLMSettings(model="fake-model", base_url=model.url, concurrency=args.concurrency)
    options = Options(jobs=args.jobs, llm=settings, translate=True)
    elapsed, stages, reported = timed_run(mailing, options, work / "llm.json")
    print(f"llm\tpapers\t{reported}\twall_s\t{elapsed:.2f}\tcalls\t{model.calls}")
    for stage, seconds in stages.items():
        calls = len(model.asked(str(stage) if stage is not Stage.LLM else "brief"))
        ideal = math.ceil(calls / args.concurrency) * args.latency
        ratio = seconds / ideal if ideal else 0.0
        print(f"llm\t{stage}\tcalls\t{calls}\twall_s\t{seconds:.2f}\tideal_s\t{ideal:.2f}\tratio\t{ratio:.3f}")
    before_arxiv, before_model = len(arxiv.hits), model.calls
    elapsed, _, reported = timed_run(mailing, options, work / "llm-again.json")
    print(
        f"rerun\tpapers\t{reported}\twall_s\t{elapsed:.2f}\tarxiv_requests\t{len(arxiv.hits) - before_arxiv}"
        f"\tmodel_calls\t{model.calls - before_model}"
    )


if __name__ == "__main__":
    sys.exit(main())
