"""Header extraction over the shared corpus, scored with the corpus's own score.py (required under CI)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from paperbrief.models import Report
from shared_data import CORPUS, require_shared

# A little under what bench/accuracy.py reaches (see bench/RESULTS.md), so that noise does not fail CI
# but a real regression does.
FLOORS = {"title": 0.95, "authors_n": 0.93, "authors_f1": 0.96, "inst_f1": 0.92, "abstract": 0.97, "abstract_ok": 0.9}


def _score_module() -> ModuleType:
    require_shared(CORPUS / "score.py")
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.corpus
def test_dev_set_accuracy(corpus_report: Report) -> None:
    score = _score_module()
    truth = score.load(str(require_shared(CORPUS / "truth.jsonl")))
    papers = {Path(p.source).name: p for p in corpus_report.entries}  # through the pipeline's institutions stage
    assert all(papers[Path(t["file"]).name].error is None for t in truth)
    rows = [score.score_paper(t, papers[Path(t["file"]).name].to_dict()) for t in truth]
    means = {field: sum(r[field] for r in rows) / len(rows) for field in FLOORS}
    low = {field: round(value, 3) for field, value in means.items() if value < FLOORS[field]}
    assert not low, f"below the floor: {low} (floors {FLOORS})"
