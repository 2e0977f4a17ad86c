"""Benchmark of the LLM stage against the fake OpenAI-compatible server (tests/integration/fake_openai.py).

    .venv/bin/python bench/llm.py [--papers N] [--concurrency 8] [--latency 0.5] [--synthetic]

Papers come from ../shared/corpus/pdfs through the pipeline's extraction (or are synthetic with
--synthetic or when the corpus is absent). Three runs, each with a fresh cache:
1. every call takes `latency` seconds: wall time of the LLM stage versus the ideal ceil(N / concurrency) × latency;
2. the same again on the warm cache: calls made (must be 0);
3. 20 % of calls answered 429 (Retry-After: 1) and 10 % 500: how many papers still get an LLM brief.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from fake_openai import Behaviour, FakeOpenAI  # noqa: E402

from paperbrief import pipeline  # noqa: E402
from paperbrief.context import Stage  # noqa: E402
from paperbrief.llm import LLMSettings, iter_llm_briefs, wants_llm_brief  # noqa: E402
from paperbrief.llm.usage import Usage  # noqa: E402
from paperbrief.models import BriefOrigin, Paper  # noqa: E402
from paperbrief.summarize import brief_paper, invented_numbers  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pdfs"


def load_papers(count: int, synthetic: bool) -> tuple[list[Paper], str]:
    if not synthetic and CORPUS.exists():
        papers = pipeline.run([str(CORPUS)], pipeline.Options(stop_after=Stage.ENRICH)).papers
        for paper in papers:
            brief_paper(paper)
        return [p for p in papers if wants_llm_brief(p)][:count], f"{CORPUS} (extracted)"
    return [_synthetic(i) for i in range(count)], "synthetic"


def _synthetic(i: int) -> Paper:
    paper = Paper(
        source=f"synthetic:{i}",
        title=f"Method{i}: Faster Inference for Long Contexts",
        institutions=["Tsinghua University", "Microsoft Research"],
        abstract=f"We propose Method{i}. Long contexts are slow to serve. Method{i} is {i % 7 + 2}.5x faster.",
    )
    brief_paper(paper)
    return paper


def stage(papers: list[Paper], settings: LLMSettings) -> tuple[float, Usage]:
    """Run the LLM stage alone on copies of `papers`; returns its wall time and usage."""
    copies = [Paper(**{**vars(p), "warnings": list(p.warnings)}) for p in papers]
    started = time.perf_counter()
    briefs = iter_llm_briefs(copies, settings)
    while True:
        try:
            next(briefs)
        except StopIteration as stop:
            usage: Usage = stop.value
            break
    elapsed = time.perf_counter() - started
    invented = [p.source for p in copies if p.brief and invented_numbers(p.brief.text, p)]
    assert not invented, f"briefs with invented numbers: {invented}"
    return elapsed, usage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=68)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--synthetic", action="store_true")
    args = parser.parse_args()
    papers, origin = load_papers(args.papers, args.synthetic)
    n = len(papers)
    ideal = math.ceil(n / args.concurrency) * args.latency
    print(f"papers\t{n}\tfrom\t{origin}\tconcurrency\t{args.concurrency}\tlatency\t{args.latency}")

    with tempfile.TemporaryDirectory() as cache, FakeOpenAI(Behaviour(latency=args.latency)) as fake:
        os.environ["PAPERBRIEF_CACHE_DIR"] = cache
        settings = LLMSettings(model="fake-model", base_url=fake.url, concurrency=args.concurrency)
        cold, usage = stage(papers, settings)
        print(f"cold\twall_s\t{cold:.2f}\tideal_s\t{ideal:.2f}\tratio\t{cold / ideal:.3f}\tcalls\t{usage.calls}")
        fake.reset()
        warm, usage = stage(papers, settings)
        print(f"rerun\twall_s\t{warm:.2f}\tcalls\t{fake.calls}\tcached\t{usage.cached}")

    faults = Behaviour(latency=args.latency, rate_429=0.2, rate_500=0.1, retry_after="1", seed=1)
    with tempfile.TemporaryDirectory() as cache, FakeOpenAI(faults) as fake:
        os.environ["PAPERBRIEF_CACHE_DIR"] = cache
        settings = LLMSettings(model="fake-model", base_url=fake.url, concurrency=args.concurrency)
        faulty, usage = stage(papers, settings)
        print(
            f"faults\twall_s\t{faulty:.2f}\tcalls\t{usage.calls}\tretries\t{usage.retries}"
            f"\tllm_briefs\t{usage.llm_briefs}/{n}\tfallbacks\t{usage.fallbacks}"
        )
    assert all(p.brief is None or p.brief.origin != BriefOrigin.GIVEN for p in papers)


if __name__ == "__main__":
    main()
