"""The sources stage: every input, of any kind, to `Paper`s; then duplicates and already reported papers dropped.

Each input kind is one module of this package that says what it recognises and how it reads it
(`KINDS`, first claim wins): a folder, an arXiv API query, an arXiv listing feed (file or URL), an arXiv
id, arXiv's daily mailing, a PDF, a JSONL file, a conference paper list (JSON or CSV). Files are recognised
by their content as much as by their name, so the order matters only where two kinds could claim a file: a
feed or a mailing is never taken for a PDF or JSONL, nor a JSONL file named .json for a paper list. An input
that cannot be read becomes a `Paper` with `error` set, so the report can say which input failed and why.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable, Iterator, Sequence

from .. import dedup
from ..context import Context, Event, Stage
from ..models import Code, Paper
from ..options import Options
from . import arxiv_ids, arxiv_query, conference, feed, folder, jsonl, mailing, pdf
from .base import Given, InputKind

KINDS: tuple[InputKind, ...] = (
    folder.KIND,
    arxiv_query.KIND,
    feed.KIND,
    arxiv_ids.KIND,
    mailing.KIND,
    pdf.KIND,
    jsonl.KIND,
    conference.KIND,
)


def collect(inputs: Sequence[str], context: Context) -> Generator[Event, None, list[Paper]]:
    """Every input as papers in the order given, the query of `--arxiv-query` last; a paper found twice is kept
    once (the others dropped as duplicates) and, with `--since-last`, one the digest reported is dropped."""
    papers = list(_unseen(read(_givens(inputs, context.options), context)))
    yield Event(Stage.SOURCES, len(papers), len(papers))
    dedup.collapse(papers)  # before fetching: one PDF per arXiv paper
    if context.options.since_last:
        _drop_reported(papers, context)
    return papers


def read(givens: Sequence[Given], context: Context) -> Iterator[Paper]:
    """The papers of each input, in input order; each kind reads all its inputs at once."""
    by_kind: dict[str, list[int]] = {}
    kinds = {kind.name: kind for kind in KINDS}
    results: list[list[Paper]] = [[] for _ in givens]
    for index, given in enumerate(givens):
        kind = kind_of(given)
        if kind is None:
            results[index] = [Paper(source=given.label, error=_unclaimed(given))]
        else:
            by_kind.setdefault(kind.name, []).append(index)
    for name, indices in by_kind.items():
        for index, papers in zip(indices, kinds[name].read([givens[i] for i in indices], context), strict=True):
            results[index] = papers
    for papers in results:
        yield from papers


def read_inputs(inputs: Sequence[str], options: Options | None = None) -> list[Paper]:
    """Every input as papers, nothing dropped: what the sources stage reads, for a library caller or a test."""
    with Context(options or Options()) as context:
        return list(_unseen(read(_givens(inputs, context.options), context)))


def _givens(inputs: Sequence[str], options: Options) -> list[Given]:
    """The inputs as given, and the query of `--arxiv-query` last."""
    givens = [Given.of(text) for text in inputs]
    if options.arxiv_query:
        givens.append(Given(options.arxiv_query, query=True))
    return givens


def kind_of(given: Given) -> InputKind | None:
    return next((kind for kind in KINDS if kind.claims(given)), None)


def _unclaimed(given: Given) -> str:
    if given.path is None:
        return "file not found: check the path"
    if given.path.is_file() and given.path.stat().st_size == 0:
        return "empty file: nothing to read"
    return (
        "unsupported input: give a PDF, a folder of PDFs, a JSONL file, arXiv's daily mailing saved as text,"
        " an arXiv RSS/Atom feed, or a conference list (paper_copilot JSON, or CSV with a title column)"
    )


def _unseen(papers: Iterable[Paper]) -> Iterator[Paper]:
    """Skip a PDF already read under another name for the same file (e.g. inside a folder also given)."""
    seen: set[str] = set()
    for paper in papers:
        real = os.path.realpath(paper.pdf_path) if paper.pdf_path else None
        if real is not None and real in seen:
            continue
        if real is not None:
            seen.add(real)
        yield paper


def _drop_reported(papers: list[Paper], context: Context) -> None:
    name = context.options.since_last
    assert name is not None
    reported = context.store.reported(name)
    for paper in papers:
        if paper.active and dedup.digest_key(paper) in reported:
            paper.drop(Code.ALREADY_REPORTED, f"already reported by the digest {name!r}")


__all__ = ["KINDS", "Given", "InputKind", "collect", "kind_of", "read", "read_inputs"]
