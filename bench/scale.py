#!/usr/bin/env python3
"""Scale: wall time, time per paper and peak memory of `paperbrief report` on 100, 1,000 and 5,000 PDFs.

usage: python bench/scale.py [--sizes 100 1000 5000] [--jobs 2] [--repeat 2] [--corpus DIR]

The batch is the shared corpus (../shared/corpus/pdfs) repeated under new names in a temporary folder made at
run time. Copies must stay distinct papers, because paperbrief collapses duplicates (same bytes, or the same
arXiv id from the margin stamp): each corpus PDF is first saved once with its arXiv ids redacted and its
metadata cleared, then every copy gets a unique PDF comment after `%%EOF` (readers ignore it; the hash differs).
The report's paper count is checked against the batch size, so a collapse would show.

Each size runs the real CLI in its own process, offline, with `--jobs N`. Peak RSS is sampled every 0.1 s over
the whole process tree (the CLI, the forkserver and its workers) with psutil, as the sum at the worst moment;
the largest single process is shown too. Each size runs `--repeat` times and the fastest run counts (the machine
is shared, so slower runs measure the neighbours). A one-paper run measures the fixed start-up cost (imports,
worker processes, writing the report); "ms / paper after start-up" is (wall - start-up) / (papers - 1), the
figure that must stay flat: wall / papers at 100 papers is mostly start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import pymupdf

REPO = Path(__file__).resolve().parent.parent
_ARXIV = re.compile(r"arXiv\s*:", re.IGNORECASE)


@dataclass
class Run:
    size: int
    wall: float
    tree_peak_mb: float
    process_peak_mb: float
    papers: int
    failed: int

    @property
    def ms_per_paper(self) -> float:
        return 1000 * self.wall / self.size

    def marginal_ms(self, startup: float) -> float:
        return 1000 * (self.wall - startup) / max(1, self.size - 1)


def destamped(corpus: Path, into: Path) -> list[Path]:
    """Each corpus PDF without arXiv ids (margin stamp, first-page mentions, metadata), so copies stay distinct."""
    into.mkdir()
    out = []
    for pdf in sorted(corpus.glob("*.pdf")):
        doc = pymupdf.open(pdf)
        page = doc[0]
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", ()):
                if _ARXIV.search("".join(span["text"] for span in line["spans"])):
                    page.add_redact_annot(pymupdf.Rect(line["bbox"]))
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE)
        doc.set_metadata({})
        doc.save(into / pdf.name, garbage=1, deflate=True)
        doc.close()
        out.append(into / pdf.name)
    return out


def make_batch(bases: list[Path], size: int, folder: Path) -> None:
    """`size` distinct PDFs: the bases in turn, each copy ending in its own comment line."""
    folder.mkdir()
    contents = [base.read_bytes() for base in bases]
    for i in range(size):
        k = i % len(bases)
        (folder / f"{i:05d}-{bases[k].name}").write_bytes(contents[k] + f"\n%paperbrief-scale-copy {i}\n".encode())


def measure(folder: Path, jobs: int, workdir: Path) -> Run:
    output = workdir / "report.json"
    cli = Path(sys.executable).with_name("paperbrief")
    command = [str(cli), "report", str(folder), "-o", str(output), "--jobs", str(jobs)]
    # Offline: no model key or endpoint from the caller's environment; a cache of its own.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "PAPERBRIEF_"))}
    env["PAPERBRIEF_CACHE_DIR"] = str(workdir / "cache")
    started = time.perf_counter()
    proc = psutil.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree_peak = process_peak = 0
    while proc.poll() is None:
        tree = [proc, *_children(proc)]
        sizes = [_rss(p) for p in tree]
        tree_peak, process_peak = max(tree_peak, sum(sizes)), max(process_peak, *sizes)
        time.sleep(0.1)
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"paperbrief exited {proc.returncode} on {folder}")
    report = json.loads(output.read_text(encoding="utf-8"))
    mb = 1024 * 1024
    size = len(list(folder.iterdir()))
    return Run(size, wall, tree_peak / mb, process_peak / mb, report["paper_count"], len(report["failed"]))


def _children(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return list(proc.children(recursive=True))
    except psutil.Error:
        return []


def _rss(proc: psutil.Process) -> int:
    try:
        return int(proc.memory_info().rss)
    except psutil.Error:  # exited between listing and reading
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "pdfs")
    args = parser.parse_args()
    if not any(args.corpus.glob("*.pdf")):
        print(f"no PDFs under {args.corpus}", file=sys.stderr)
        return 2
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="paperbrief-scale-") as tmp:
        bases = destamped(args.corpus, Path(tmp) / "bases")
        startup = best(bases, 1, args, Path(tmp)).wall
        print(f"start-up (one paper, best of {args.repeat}): {startup:.2f} s\n")
        print(
            "| papers | wall (s) | ms / paper | ms / paper after start-up | vs first "
            "| peak RSS, tree (MB) | largest process (MB) | reported |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for size in args.sizes:
            run = best(bases, size, args, Path(tmp))
            runs.append(run)
            ratio = run.marginal_ms(startup) / runs[0].marginal_ms(startup)
            print(
                f"| {run.size} | {run.wall:.1f} | {run.ms_per_paper:.1f} | {run.marginal_ms(startup):.1f} "
                f"| {ratio:.2f} | {run.tree_peak_mb:.0f} | {run.process_peak_mb:.0f} "
                f"| {run.papers} papers, {run.failed} failed |",
                flush=True,
            )
    marginal = [r.marginal_ms(startup) for r in runs]
    flat = max(marginal) <= 1.2 * min(marginal)
    print(f"\ntime per paper after start-up {'stays' if flat else 'does NOT stay'} within 20 % across sizes")
    return 0 if flat else 1


def best(bases: list[Path], size: int, args: argparse.Namespace, tmp: Path) -> Run:
    """The fastest of `args.repeat` runs on a fresh batch of `size` copies."""
    workdir = tmp / f"run-{size}"
    runs = []
    for _ in range(args.repeat):
        workdir.mkdir()
        make_batch(bases, size, workdir / "pdfs")
        runs.append(measure(workdir / "pdfs", args.jobs, workdir))
        shutil.rmtree(workdir)  # 5,000 copies take several GB
    return min(runs, key=lambda r: r.wall)


if __name__ == "__main__":
    sys.exit(main())
