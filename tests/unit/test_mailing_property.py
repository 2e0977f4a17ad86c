"""Mailings built from random entries, traps and all, read back as the entries they were built from.

The expected papers come from the generator's own data, never from another reading of the text: what each
entry's fields hold, where its `arXiv:` line is, which entry is garbled or cut off.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from paperbrief.models import Paper
from paperbrief.sources.mailing import parse_mailing

WORDS = ["Graph", "Neural", "Fast", "Sparse", "Agents", "Tokens", "Deep", "Robust", "Quantum", "Vision", "of", "for"]
NAMES = ["Ann Lee", "Bo Xu", "Carl Gauss", "Dana Roe", "Eve Kim", "Fu Wei"]
CATEGORIES = ["cs.AI", "cs.CL", "cs.LG", "math.GT", "stat.ML"]
# Lines an abstract may hold that start like an entry's `arXiv:` line but name no paper.
ID_LIKE = ["arXiv:2402.12422.", "arXiv:2509.18383v1] formulated", "arXiv:1812.03789, defined"]
BANNER = " received from  Mon 13 Oct 25 18:00:00 GMT  to  Tue 14 Oct 25 18:00:00 GMT"
SEPARATOR = "-" * 78
MARKS = {"cross": "%-%-" * 19 + "%-", "replaced": "%%--" * 19 + "%%"}


@dataclass
class Spec:
    """One generated entry and what reading it must give."""

    base: str
    section: str
    cross_mark: bool
    revisions: list[int]
    day: int
    title: list[list[str]]  # words, a list a line
    authors: list[list[str]]  # names, a list a line
    categories: list[str]
    comments: list[str]
    abstract: list[str]  # its lines; a `\\` line and one that looks like an `arXiv:` line among them
    garbled: bool  # its closing line names another paper
    latin1: bool  # its title starts with a byte that is not UTF-8 (a surrogate here, the byte once encoded)

    def lines(self) -> list[str]:
        first = f"arXiv:{self.base}" + (" (*cross-listing*)" if self.cross_mark else "")
        date = f"{self.day} Oct 2025 12:0{self.day % 10}:00 GMT   (12kb)"
        head = [
            first,
            f"replaced with revised version Tue, {date}" if self.section == "replaced" else f"Date: Tue, {date}",
        ]
        head += [f"Date (revised v{v}): Wed, {date}" for v in self.revisions]
        head += ["", *_wrapped("Title: " + "Bj\udcf8rn " * self.latin1, [" ".join(words) for words in self.title])]
        head += _wrapped("Authors: ", [", ".join(names) for names in self.authors], joint=",")
        head.append("Categories: " + " ".join(self.categories))
        if self.comments:
            head.append("Comments: " + " ".join(self.comments))
        body = []
        if self.section != "replaced":
            body = ["\\\\", "  " + self.abstract[0], *self.abstract[1:]]
        closing = "2501.00001" if self.garbled else self.base
        return ["\\\\", *head, *body, f"\\\\ ( https://arxiv.org/abs/{closing} ,  12kb)"]

    def expected(self, line: int, cut: bool) -> dict[str, object]:
        """What the paper of this entry must hold, its `arXiv:` line being `line`."""
        source = f"arxiv_daily.txt#{self.base}"
        if self.garbled or cut:  # a cut entry has lost its closing line, garbled or not
            return {"source": source, "error": f"entry at line {line} is cut off" if cut else "garbled"}
        version = max(self.revisions, default=0) or (1 if self.section != "replaced" else None)
        replaced = self.section == "replaced"
        return {
            "source": source,
            "arxiv_id": f"{self.base}v{version}" if version else self.base,
            "section": "cross" if self.cross_mark and self.section == "new" else self.section,
            "title": "Bj\ufffdrn " * self.latin1 + " ".join(w for words in self.title for w in words),
            "authors": [name for names in self.authors for name in names],
            "abstract": "" if replaced else " ".join(" ".join(self.abstract).split()),
            "categories": self.categories,
            "comments": " ".join(self.comments),
            "published": None if replaced else f"2025-10-{self.day:02d}T12:0{self.day % 10}:00Z",
            "listing_date": "2025-10-13",
            "error": None,
            "warnings": [
                f"not UTF-8 text at line {line + 3 + len(self.revisions)}: bytes shown as \ufffd; re-save as UTF-8"
            ]
            if self.latin1
            else [],
        }


def _wrapped(name: str, lines: list[str], joint: str = "") -> list[str]:
    """A field's lines as arXiv wraps them, `joint` (an author list's comma) ending all but the last."""
    ended = [line + joint for line in lines[:-1]] + lines[-1:]
    return [name + ended[0], *("  " + line for line in ended[1:])]


words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)
ids = st.one_of(
    st.builds("{}.{:05d}".format, st.sampled_from(["2509", "2510"]), st.integers(0, 99999)),
    st.builds("{}/{:07d}".format, st.sampled_from(["math", "hep-th", "cs"]), st.integers(0, 9999999)),
)
abstract_lines = st.one_of(
    words.map(lambda w: [" ".join(w)]), st.sampled_from(ID_LIKE).map(lambda line: ["\\\\", line])
)


def _spec(section: str) -> st.SearchStrategy[Spec]:
    return st.builds(
        Spec,
        base=ids,
        section=st.just(section),
        cross_mark=st.just(True) if section == "cross" else st.booleans(),
        revisions=st.lists(st.integers(2, 9), max_size=2),
        day=st.integers(1, 28),
        title=st.lists(words, min_size=1, max_size=3),
        authors=st.lists(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3), min_size=1, max_size=2),
        categories=st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3),
        comments=st.lists(st.sampled_from(WORDS), max_size=3),
        abstract=st.lists(abstract_lines, min_size=1, max_size=4).map(lambda chunks: [ln for c in chunks for ln in c]),
        garbled=st.integers(0, 7).map(lambda n: n == 0),
        latin1=st.integers(0, 7).map(lambda n: n == 0),
    )


@dataclass
class Mailing:
    text: str
    expected: list[dict[str, object]]


@st.composite
def mailings(draw: st.DrawFn) -> Mailing:
    """A mailing of random entries in its three sections, a mail client's lines before it; some entries
    garbled, and maybe the file cut off in the middle of its last entry."""
    preamble = draw(st.lists(st.sampled_from(["Gmail\tsomeone <a@b.c>", "Subject: cs daily", ">", ""]), max_size=3))
    lines = [*preamble, SEPARATOR, BANNER, SEPARATOR]
    specs: list[tuple[Spec, int]] = []
    for section in ("new", "cross", "replaced"):
        if section in MARKS:
            lines.append(MARKS[section])
        for spec in draw(st.lists(_spec(section), max_size=4, unique_by=lambda s: s.base)):
            lines.append(SEPARATOR)
            specs.append((spec, len(lines) + 2))  # the `arXiv:` line after the `\\` line, numbered from 1
            lines += spec.lines()
    cut = bool(specs) and specs[-1][0].section != "replaced" and draw(st.booleans())
    text = "\n".join(lines) + "\n"
    if cut:  # in the last line of the last abstract
        text = text[: text.rindex("\n\\\\ ( https")]
    else:
        text += "%%%---" * 13 + "\n"
    expected = [spec.expected(line, cut and i == len(specs) - 1) for i, (spec, line) in enumerate(specs)]
    return Mailing(text, expected)


def _seen(paper: Paper, expected: dict[str, object]) -> dict[str, object]:
    """The fields of `paper` that `expected` names; of a failed paper, the part of its error it expects."""
    if expected["error"] is None:
        seen = {name: getattr(paper, name) for name in expected}
        return seen | {"warnings": [warning.message for warning in paper.warnings]}
    error = paper.error or ""
    return {"source": paper.source, "error": expected["error"] if str(expected["error"]) in error else error}


@settings(max_examples=60, deadline=None)
@given(mailings(), st.sampled_from(["\n", "\r\n"]))
def test_a_random_mailing_reads_back_as_the_entries_it_was_built_from(mailing: Mailing, newline: str) -> None:
    raw = mailing.text.replace("\n", newline).encode(errors="surrogateescape")
    f = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="surrogateescape", newline=None)
    papers = parse_mailing(f, "arxiv_daily.txt")
    assert [_seen(p, e) for p, e in zip(papers, mailing.expected, strict=False)] == mailing.expected
    assert len(papers) == len(mailing.expected)
