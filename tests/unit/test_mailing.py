"""arXiv's daily mailing, from a mailing written here in the layout arXiv sends (and a web mail client saves)."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest

from paperbrief.models import Code
from paperbrief.sources import Given, kind_of, read_inputs
from paperbrief.sources.mailing import MAX_ENTRY_CHARS, parse_mailing

SEPARATOR = "-" * 78
MAIL_HEAD = f"""Gmail\t李嘉维 <someone@example.com>
cs daily Subj-class mailing 680051 1
send mail ONLY to cs <no-reply@arxiv.org>\t2025年9月1日 12:10
收件人：cs daily title/abstract distribution <rabble@arxiv.org>
{SEPARATOR}
 Submissions to:
Artificial Intelligence
 received from  Thu 28 Aug 25 18:00:00 GMT  to  Fri 29 Aug 25 18:00:00 GMT
{SEPARATOR}
{SEPARATOR}
"""

NEW = r"""\\
arXiv:2508.21204
Date: Thu, 28 Aug 2025 20:46:13 GMT   (218kb)

Title: Fuzzy, Symbolic, and Contextual: Enhancing LLM Instruction via Cognitive
  Scaffolding with $7\times$ Fewer Tokens
Authors: Bj{\o}rnar M\"uller (1 and 2), Jos\'e Rodr{\'\i}guez (2), and Ann Lee ((1) MIT, (2)
  CMU)
Categories: cs.AI cs.CL
Comments: 14 pages, 9 figures, accepted to
  CIKM 2025
Journal-ref: Proc. CIKM 2025
DOI: 10.1145/0000000
MSC-class: 68T05
ACM-class: I.2.7; I.2.11
Report-no: TR-17
\\
  We study how architectural inductive biases influence the cognitive behavior
of large language models. As shown in prior work (see
arXiv:2402.12422. Mathematicians and others working on this) the effect is
large, and our system reaches 86\\% accuracy.
\\ ( https://arxiv.org/abs/2508.21204 ,  218kb)
"""

OLD_STYLE = r"""\\
arXiv:math/0309136
Date: Tue, 26 Aug 2025 16:05:32 GMT   (14kb)

Title: Knots and Their Quantum Invariants
Authors: Carl Gauss
Categories: math.GT cs.AI
\\
  An old-style identifier still lists.
\\ ( https://arxiv.org/abs/math/0309136 ,  14kb)
"""

CROSS = r"""\\
arXiv:2508.19153 (*cross-listing*)
Date: Tue, 26 Aug 2025 16:05:32 GMT   (14429kb)
Date (revised v2): Wed, 27 Aug 2025 10:00:00 GMT   (14429kb)
Date (revised v3): Thu, 28 Aug 2025 11:00:00 GMT   (14430kb)

Title: QuadKAN: KAN-Enhanced Quadruped Motion Control
Authors: Allen Wang and Gavin Tao
Categories: cs.RO cs.AI
\\
  We address vision-guided quadruped motion control with reinforcement learning.
\\ ( https://arxiv.org/abs/2508.19153 ,  14430kb)
"""

REPLACED = r"""\\
arXiv:2302.00935
replaced with revised version Thu, 28 Aug 2025 20:06:01 GMT   (4670kb)

Title: Policy Expansion for Bridging Offline-to-Online Reinforcement Learning
Authors: Haichao Zhang, We Xu, Haonan Yu
Categories: cs.AI
Comments: ICLR 2023
\\ ( https://arxiv.org/abs/2302.00935 ,  4670kb)
"""

REPLACED_CROSS = r"""\\
arXiv:2508.20527 (*cross-listing*)
replaced with revised version Fri, 29 Aug 2025 08:38:56 GMT   (265kb)
Date (revised v4): Fri, 29 Aug 2025 08:38:56 GMT   (265kb)

Title: Molecular Machine Learning in Chemical Process Design
Authors: Jan G. Rittig, Manuel Dahmen
Categories: physics.chem-ph cs.LG
\\ ( https://arxiv.org/abs/2508.20527 ,  265kb)
"""


def mailing(new: list[str], cross: list[str], replaced: list[str], *, end: bool = True) -> str:
    """A whole mailing: the mail client's lines and arXiv's banner, the three sections, the closing mark."""

    def section(entries: list[str]) -> str:
        return "".join(f"{SEPARATOR}\n{entry}" for entry in entries)

    text = MAIL_HEAD + section(new) + "%-%-" * 19 + "%-\n" + section(cross) + "%%--" * 19 + "%%\n" + section(replaced)
    return text + ("%%%---" * 13 + "\n" if end else "")


def parse(text: str) -> list:  # type: ignore[type-arg]
    return parse_mailing(io.StringIO(text), "arxiv_daily.txt")


def test_every_field_of_every_section_maps_onto_the_paper() -> None:
    papers = parse(mailing([NEW, OLD_STYLE], [CROSS], [REPLACED, REPLACED_CROSS]))
    assert [(p.source, p.arxiv_id, p.section) for p in papers] == [
        ("arxiv_daily.txt#2508.21204", "2508.21204v1", "new"),
        ("arxiv_daily.txt#math/0309136", "math/0309136v1", "new"),
        ("arxiv_daily.txt#2508.19153", "2508.19153v3", "cross"),
        ("arxiv_daily.txt#2302.00935", "2302.00935", "replaced"),
        ("arxiv_daily.txt#2508.20527", "2508.20527v4", "replaced"),
    ]
    first = papers[0]
    assert first.title == (
        "Fuzzy, Symbolic, and Contextual: Enhancing LLM Instruction via Cognitive Scaffolding with 7× Fewer Tokens"
    )
    assert first.authors == ["Bjørnar Müller", "José Rodríguez", "Ann Lee"]
    assert first.abstract == (
        "We study how architectural inductive biases influence the cognitive behavior of large language models."
        " As shown in prior work (see arXiv:2402.12422. Mathematicians and others working on this) the effect is"
        " large, and our system reaches 86\\\\% accuracy."
    )
    assert first.categories == ["cs.AI", "cs.CL"]
    assert first.comments == "14 pages, 9 figures, accepted to CIKM 2025"
    assert first.published == "2025-08-28T20:46:13Z"
    assert first.url == "https://arxiv.org/abs/2508.21204"
    assert {p.listing_date for p in papers} == {"2025-08-28"}  # the start of the "received from … to …" window
    assert all(p.error is None and not p.warnings for p in papers)
    assert set(first.provenance) == {
        "title",
        "authors",
        "abstract",
        "arxiv_id",
        "url",
        "categories",
        "published",
        "section",
        "comments",
        "listing_date",
    }
    assert set(first.provenance.values()) == {"listing"}
    replaced = papers[3]
    assert replaced.abstract == "" and replaced.published is None and "abstract" not in replaced.provenance
    assert replaced.comments == "ICLR 2023"


def test_a_mailing_is_recognised_by_its_content_whatever_its_name(tmp_path: Path) -> None:
    text = mailing([NEW], [], [])
    for name in ("arxiv_daily.txt", "mail.eml", "saved", "mail.jsonl"):
        (tmp_path / name).write_text(text, encoding="utf-8")
        kind = kind_of(Given.of(str(tmp_path / name)))
        assert kind is not None and kind.name == "mailing", name
    pasted = tmp_path / "pasted"  # only entries, no mail header or banner
    pasted.write_text(NEW + CROSS, encoding="utf-8")
    papers = read_inputs([str(pasted)])
    assert [(p.arxiv_id, p.section, p.listing_date) for p in papers] == [
        ("2508.21204v1", "new", None),
        ("2508.19153v3", "cross", None),  # no cross-list section mark: the entry's own mark says so
    ]


def test_crlf_line_ends_parse_the_same(tmp_path: Path) -> None:
    text = mailing([NEW], [CROSS], [REPLACED])
    (tmp_path / "unix.txt").write_bytes(text.encode())
    (tmp_path / "windows.txt").write_bytes(text.replace("\n", "\r\n").encode())
    unix, windows = (read_inputs([str(tmp_path / name)]) for name in ("unix.txt", "windows.txt"))
    assert len(unix) == 3
    assert [p.to_dict() | {"source": ""} for p in windows] == [p.to_dict() | {"source": ""} for p in unix]


def test_a_truncated_mailing_keeps_every_whole_entry_and_fails_the_cut_one(tmp_path: Path) -> None:
    text = mailing([NEW, CROSS.replace("(*cross-listing*)", "")], [], [], end=False)
    cut = text[: text.index("reinforcement learning.")]  # in the middle of the last abstract
    path = tmp_path / "arxiv_daily.txt"
    path.write_text(cut, encoding="utf-8")
    papers = read_inputs([str(path)])
    assert [p.error is None for p in papers] == [True, False]
    assert papers[1].source == "arxiv_daily.txt#2508.19153"
    assert "cut off at the end of the file" in (papers[1].error or "")


def test_an_entry_cut_off_by_the_next_one_or_by_a_section_mark_fails_alone() -> None:
    unclosed = NEW[: NEW.index("\\\\ ( https")]
    papers = parse(mailing([unclosed, OLD_STYLE], [unclosed.replace("2508.21204", "2508.21205")], [REPLACED]))
    assert [(p.arxiv_id, p.error is None) for p in papers] == [
        ("2508.21204", False),
        ("math/0309136v1", True),
        ("2508.21205", False),
        ("2302.00935", True),
    ]
    assert "cut off before the next entry" in (papers[0].error or "")
    assert "cut off before the end of its section" in (papers[2].error or "")
    assert papers[3].section == "replaced"  # the mark still started the section


def test_garbled_entries_fail_with_their_reason() -> None:
    wrong_end = OLD_STYLE.replace("abs/math/0309136", "abs/2501.00001")
    no_title = CROSS.replace("Title: ", "Tilte: ")
    papers = parse(mailing([wrong_end, NEW], [no_title], []))
    assert [p.error is None for p in papers] == [False, True, False]
    assert "ends with the line of another paper (2501.00001)" in (papers[0].error or "")
    assert "has no Title: line" in (papers[2].error or "")
    assert papers[0].source == "arxiv_daily.txt#math/0309136"


def test_a_line_that_is_not_utf8_is_kept_replaced_with_a_warning(tmp_path: Path) -> None:
    raw = mailing([NEW, OLD_STYLE], [], []).encode()
    raw = raw.replace(b"Bj{\\o}rnar", b"Bj\xf8rnar")  # Latin-1, as an old mail client saves it
    path = tmp_path / "arxiv_daily.txt"
    path.write_bytes(raw)
    first, second = read_inputs([str(path)])
    assert first.authors[0] == "Bj\ufffdrnar Müller"
    [warning] = first.warnings
    assert warning.code is Code.NOT_UTF8
    line = raw[: raw.index(b"Bj\xf8rnar")].count(b"\n") + 1
    assert f"line {line}" in warning.message
    assert second.warnings == []


def test_an_entry_too_long_fails_without_being_held_and_the_next_ones_parse() -> None:
    huge = NEW.replace("  We study", "  " + "x" * (3 * MAX_ENTRY_CHARS) + "\n  We study")
    papers = parse(mailing([huge, OLD_STYLE], [CROSS], []))
    assert [p.error is None for p in papers] == [False, True, True]
    assert "longer than 1 MiB" in (papers[0].error or "")
    assert [p.section for p in papers[1:]] == ["new", "cross"]


class Endless(io.TextIOBase):
    """A file of `size` characters of lines that are no listing, after a mailing's first entry, made as read."""

    def __init__(self, head: str, size: int) -> None:
        self.head, self.left = head, size

    def read(self, size: int | None = -1) -> str:
        if self.head:
            head, self.head = self.head, ""
            return head
        if self.left <= 0:
            return ""
        piece = ("no listing here, " * 4 + "\n") * max(1, min(size or 0, self.left) // 69)
        self.left -= len(piece)
        return piece


def test_a_huge_file_is_read_in_bounded_memory() -> None:
    size = 64 * MAX_ENTRY_CHARS
    tracemalloc.start()
    try:
        papers = parse_mailing(Endless(mailing([NEW], [], []) + OLD_STYLE[: OLD_STYLE.index("\\\\ (")], size), "x")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [p.error is None for p in papers] == [True, False]
    assert peak < 8 * MAX_ENTRY_CHARS, peak  # a few chunks, never the 64 MiB


def test_an_empty_file_and_a_mailing_without_entries_fail_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "head.txt").write_text(MAIL_HEAD, encoding="utf-8")
    empty, head = read_inputs([str(tmp_path / "empty.txt"), str(tmp_path / "head.txt")])
    assert empty.error == "empty file: nothing to read"
    assert head.error == "no arXiv entries found: is this the whole mailing?"


@pytest.mark.parametrize("line", ["arXiv:2402.12422.", "arXiv:2509.18383v1] formulated", "arXiv:1812.03789, defined"])
def test_an_abstract_line_that_starts_with_an_id_is_text(line: str) -> None:
    entry = NEW.replace("  We study", f"  We study\n\\\\\n{line}\n")
    [paper] = parse(mailing([entry], [], []))
    assert paper.error is None
    assert line in paper.abstract
