#!/usr/bin/env python3
"""How far a classifier fitted to the labels gets on days it was not fitted to: a ceiling for the profile.

usage: python bench/ceiling.py        (needs scikit-learn, which paperbrief does not depend on:
                                        pip install scikit-learn)

Every labelled day (../shared/arxiv-daily/labels/ and bench/labels/) is screened by the default profile; then,
leaving one day out at a time, two logistic regressions are fitted on the other days and score the day left
out: one on the profile's own evidence (which kinds of rule matched, in the title or the body), one on the
words of the title and abstract (TF-IDF of words and word pairs) with the profile's score beside them. Their
core recall, core+related recall and precision, at several cut-offs, show whether the profile's weights or its
vocabulary are what stands between it and the targets, or the labels' own disagreement.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

from screening import label_files, mailing_of

from paperbrief import Options, Paper, Stage, drain, iter_run

try:
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
except ImportError:
    sys.exit("bench/ceiling.py needs scikit-learn: pip install scikit-learn")

CUTS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def labelled_papers() -> list[tuple[str, Paper, str]]:
    """(day, screened paper, label) for every labelled entry found in its day's mailing."""
    found = []
    for labels in label_files([]):
        day = labels.name.split(".")[0]
        report = drain(iter_run([str(mailing_of(labels))], Options(stop_after=Stage.SCREEN)))
        papers = {p.arxiv_id.split("v")[0]: p for p in report.entries if p.arxiv_id and p.screening}
        for line in labels.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["arxiv_id"] in papers:
                found.append((day, papers[row["arxiv_id"]], row["label"]))
    return found


def evidence_features(papers: list[Paper]) -> csr_matrix:
    """One column per kind of evidence the profile gave (its kind, label and field), 1 where a paper has it."""
    names: dict[tuple[str, str, str], int] = {}
    rows, cols = [], []
    for row, paper in enumerate(papers):
        assert paper.screening is not None
        for item in paper.screening.evidence:
            place = "title" if item.where == "title" else "body"
            column = names.setdefault((item.kind, item.label, place), len(names))
            rows.append(row)
            cols.append(column)
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(papers), len(names)))


def left_out_scores(days: np.ndarray, fit_and_score: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
    scores = np.zeros(len(days))
    for day in sorted(set(days)):
        train, test = np.where(days != day)[0], np.where(days == day)[0]
        scores[test] = fit_and_score(train, test)
    return scores


def main() -> int:
    rows = labelled_papers()
    days = np.array([day for day, _, _ in rows])
    papers = [paper for _, paper, _ in rows]
    relevant = np.array([label != "no" for _, _, label in rows])
    core = np.array([label == "core" for _, _, label in rows])
    profile_scores = np.array([p.screening.score for p in papers if p.screening is not None])
    kept_by_profile = np.array([str(p.screening.decision) == "keep" for p in papers if p.screening is not None])
    texts = [f"{p.title} . {p.title} . {p.abstract}" for p in papers]
    evidence = evidence_features(papers)

    def on_evidence(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        model = LogisticRegression(C=0.3, max_iter=3000, class_weight="balanced")
        model.fit(evidence[train], relevant[train])
        return model.predict_proba(evidence[test])[:, 1]  # type: ignore[no-any-return]

    def on_words(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        words = TfidfVectorizer(ngram_range=(1, 2), min_df=3, sublinear_tf=True)
        score = csr_matrix(profile_scores[:, None] / 10)
        fitted = hstack([words.fit_transform([texts[i] for i in train]), score[train]])
        model = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced")
        model.fit(fitted, relevant[train])
        return model.predict_proba(hstack([words.transform([texts[i] for i in test]), score[test]]))[:, 1]  # type: ignore[no-any-return]

    print(f"{len(rows)} labelled entries over {len(set(days))} days, each day scored by a model fitted on the others\n")
    print("| model | cut-off | core recall | core+related recall | precision | kept |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    _row("the profile (keep = its threshold)", "", kept_by_profile, relevant, core)
    for name, scores in (
        ("fitted on the profile's evidence", left_out_scores(days, on_evidence)),
        ("fitted on words + the profile's score", left_out_scores(days, on_words)),
    ):
        for cut in CUTS:
            _row(name, f"{cut:.1f}", scores >= cut, relevant, core)
    return 0


def _row(name: str, cut: str, kept: np.ndarray, relevant: np.ndarray, core: np.ndarray) -> None:
    right = int((kept & relevant).sum())
    precision = right / max(int(kept.sum()), 1)
    print(
        f"| {name} | {cut} | {(kept & core).sum() / core.sum():.3f} | {right / relevant.sum():.3f} | "
        f"{precision:.3f} | {int(kept.sum())} |"
    )


if __name__ == "__main__":
    sys.exit(main())
