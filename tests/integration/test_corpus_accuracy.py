"""Header extraction over the shared corpus, scored with the corpus's own score.py (skipped without it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from paperbrief.extract import extract_all
from paperbrief.institutions import clean_institutions

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

# A little under what bench/accuracy.py reaches (see bench/RESULTS.md), so that noise does not fail CI
# but a real regression does.
FLOORS = {"title": 0.95, "authors_n": 0.93, "authors_f1": 0.96, "inst_f1": 0.92, "abstract": 0.97, "abstract_ok": 0.9}


def _score_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "truth.jsonl").exists(), reason="shared corpus not available")
def test_dev_set_accuracy() -> None:
    score = _score_module()
    truth = score.load(str(CORPUS / "truth.jsonl"))
    paths = [str(CORPUS / t["file"]) for t in truth]
    papers = {Path(p.source).name: p for p in extract_all(paths, jobs=2)}
    assert all(p.error is None for p in papers.values())
    for paper in papers.values():  # the institutions stage, as the pipeline runs it after extraction
        paper.institutions = clean_institutions(paper.institutions)
    rows = [score.score_paper(t, papers[Path(t["file"]).name].to_dict()) for t in truth]
    means = {field: sum(r[field] for r in rows) / len(rows) for field in FLOORS}
    low = {field: round(value, 3) for field, value in means.items() if value < FLOORS[field]}
    assert not low, f"below the floor: {low} (floors {FLOORS})"
