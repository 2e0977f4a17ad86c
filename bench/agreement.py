#!/usr/bin/env python3
"""How far two readers of the same day agree, scored as the screening is: the first reader's labels as truth.

usage: python bench/agreement.py

For every day in bench/labels/second-reader/ (labelled again by a second reader who saw neither the first
labels nor any other day's), the first labels are the shared rubric author's (../shared/arxiv-daily/labels/)
or bench/labels/. The second reader's core recall, core+related recall and precision say what a careful
person reaches against the same truth: the yardstick for the profile's figures in bench/RESULTS.md.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from screening import DAILY, REPO, rates


def labels_of(path: Path) -> dict[str, str]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return {row["arxiv_id"]: row["label"] for row in rows}


def first_labels(day: str) -> Path:
    shared = DAILY / "labels" / f"{day}.labels.jsonl"
    return shared if shared.exists() else REPO / "bench" / "labels" / f"{day}.labels.jsonl"


def main() -> int:
    print("| day | first reader | entries | same label | core recall | core+related recall | precision |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for second_path in sorted((REPO / "bench" / "labels" / "second-reader").glob("*.labels.jsonl")):
        day = second_path.name.split(".")[0]
        first, second = labels_of(first_labels(day)), labels_of(second_path)
        both = [i for i in first if i in second]
        counts: Counter[str] = Counter()  # as `screening.score_day` counts them, the second reader "keeping"
        for i in both:
            counts[first[i]] += 1
            counts[f"{first[i]}_kept"] += second[i] != "no"
        core, relevant, precision = rates(counts)
        who = "rubric author" if first_labels(day).parent.parent == DAILY else "bench/labels"
        same = sum(first[i] == second[i] for i in both) / len(both)
        print(f"| {day} | {who} | {len(both)} | {same:.3f} | {core:.3f} | {relevant:.3f} | {precision:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
