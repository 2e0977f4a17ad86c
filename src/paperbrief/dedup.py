"""Which inputs are the same paper, and which papers a named digest has already reported.

Two papers are the same when they share an arXiv id (any version; from the API, the input, or the PDF's
margin stamp) or their PDFs have the same bytes. Each group is kept once: the latest version, a paper that
did not fail before one that did, arXiv metadata before a bare PDF; the kept paper names the others, the
others are dropped (not failed: the paper is reported once).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from .arxiv import parse_id
from .models import Code, Origin, Paper

_DUPLICATES = "duplicates collapsed into this paper"
_hashes: dict[tuple[str, int, int], str] = {}


def content_hash(path: str) -> str:
    """SHA-256 of a file, remembered per (path, size, mtime) so a run hashes each file once."""
    stat = Path(path).stat()
    key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _hashes:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        _hashes[key] = digest.hexdigest()
    return _hashes[key]


def identity_keys(paper: Paper) -> list[str]:
    """Every key under which this paper could appear again: its arXiv id without version, its file's hash."""
    keys = []
    parsed = parse_id(paper.arxiv_id) if paper.arxiv_id else None
    if parsed is not None:
        keys.append(f"arxiv:{parsed.base}")
    if paper.pdf_path and Path(paper.pdf_path).is_file():
        keys.append(f"sha256:{content_hash(paper.pdf_path)}")
    return keys


def digest_key(paper: Paper) -> str:
    """The key a digest remembers: the arXiv id without version, else the file's hash, else the text's hash."""
    keys = identity_keys(paper)
    if keys:
        return keys[0]
    text = "\n".join((" ".join(paper.title.split()).casefold(), " ".join(paper.abstract.split()).casefold()))
    return "text:" + hashlib.sha256(text.encode()).hexdigest()


def collapse(papers: Sequence[Paper]) -> None:
    """Keep one paper per group of duplicates and drop the others, naming the kept one.

    The kept paper lists every input collapsed into it in `duplicates` and in one warning, also across
    repeated calls (the pipeline collapses before fetching and again once PDFs revealed their ids).
    """
    candidates = [p for p in papers if p.dropped is None]
    for members in _group(candidates):
        if len(members) == 1 and not candidates[members[0]].duplicates:
            continue  # most papers of a listing: nothing to collapse, nor to rank
        best = max(members, key=lambda i: _rank(candidates[i], i))
        winner = candidates[best]
        for i in members:
            if i != best:
                loser = candidates[i]
                winner.duplicates.extend([loser.source, *loser.duplicates])
                loser.drop(Code.DUPLICATE, f"the same paper as {winner.source}")
        if winner.duplicates:
            winner.unwarn(Code.DUPLICATES)
            version = f" ({winner.arxiv_id})" if winner.arxiv_id else ""
            winner.warn(Code.DUPLICATES, f"{_DUPLICATES}{version}: {', '.join(winner.duplicates)}")


def _group(papers: Sequence[Paper]) -> list[list[int]]:
    """Indices grouped by shared identity keys (union-find), groups ordered by their first member."""
    parent = list(range(len(papers)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for index, paper in enumerate(papers):
        for key in identity_keys(paper):
            if key in owner:
                parent[root(index)] = root(owner[key])
            else:
                owner[key] = index
    groups: dict[int, list[int]] = {}
    for index in range(len(papers)):
        groups.setdefault(root(index), []).append(index)
    return sorted(groups.values(), key=lambda g: g[0])


def _rank(paper: Paper, index: int) -> tuple[bool, int, bool, int]:
    parsed = parse_id(paper.arxiv_id) if paper.arxiv_id else None
    from_api = paper.provenance.get("title") == Origin.ARXIV
    return (not paper.failed, (parsed.version or 0) if parsed else 0, from_api, -index)
