#!/usr/bin/env python3
"""Header-extraction accuracy on the shared corpus.

usage: python bench/accuracy.py [CORPUS_DIR] [--per-paper] [--jobs N] [--keep PRED.jsonl]

Extracts every PDF in CORPUS_DIR/pdfs (default: ../shared/corpus next to the repository), cleans their
institutions as the pipeline does, writes the predictions as JSONL to a temporary file and scores them
with CORPUS_DIR/score.py against CORPUS_DIR/truth.jsonl, printing its table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from paperbrief.extract import extract_all
from paperbrief.institutions import clean_institutions

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared" / "corpus"))
    parser.add_argument("--per-paper", action="store_true", help="also print each paper's scores")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--keep", help="write the predictions here instead of a temporary file")
    args = parser.parse_args()

    corpus = Path(args.corpus)
    pdfs = sorted(str(p) for p in (corpus / "pdfs").glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs under {corpus / 'pdfs'}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    lines = []
    for paper in extract_all(pdfs, jobs=args.jobs):
        paper.institutions = clean_institutions(paper.institutions)  # the pipeline's institutions stage
        record = paper.to_dict()
        record["path"] = paper.source
        lines.append(json.dumps(record, ensure_ascii=False))
    elapsed = time.perf_counter() - started
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
        tmp.write("\n".join(lines) + "\n")
        pred = Path(tmp.name)
    if args.keep:
        Path(args.keep).write_text(pred.read_text(encoding="utf-8"), encoding="utf-8")
    failed = sum(1 for line in lines if json.loads(line)["error"])
    warned = sum(1 for line in lines if json.loads(line)["warnings"])
    print(f"extracted {len(pdfs)} PDFs in {elapsed:.2f} s ({failed} failed, {warned} with warnings)")
    command = [sys.executable, str(corpus / "score.py"), str(corpus / "truth.jsonl"), str(pred)]
    if args.per_paper:
        command.append("--per-paper")
    result = subprocess.run(command, check=False)
    pred.unlink(missing_ok=True)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
