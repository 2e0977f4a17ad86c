"""arXiv's daily mailing ("cs daily title/abstract distribution") saved as text, whatever a mail client put
before it: one `Paper` per entry, named `<file>#<arXiv id>`.

The mailing lists new submissions, then cross-lists (after a `%-%-%-…` line), then replacements (after
`%%--%%--…`, without abstracts), and ends with `%%%---…`. Each entry reads::

    \\\\
    arXiv:2508.21204
    Date: Thu, 28 Aug 2025 20:46:13 GMT   (218kb)

    Title: Fuzzy, Symbolic, and Contextual: Enhancing LLM Instruction via Cognitive
      Scaffolding
    Authors: Vanessa Figueiredo
    Categories: cs.AI cs.CL
    \\\\
      We study how architectural inductive biases influence ...
    \\\\ ( https://arxiv.org/abs/2508.21204 ,  218kb)

An entry starts only where a `\\\\` line is followed by a line that is nothing but `arXiv:<id>` (so an abstract
line such as `arXiv:2402.12422. Mathematicians …` stays text), and ends with the `\\\\ ( https://… )` line,
which must name the same id. The file is read in chunks and cut into entries by regular expressions that
start with a literal (so they skip along at memchr speed), never line by line in Python, and never whole: a
piece longer than `MAX_ENTRY_CHARS` is not kept, so a huge or garbled file costs little memory. An entry that
is cut off, names another id at its end, has no title or is too long fails alone, with its reason. Bytes that
are not UTF-8 are read as U+FFFD, and the entry they are in says so in a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from ..arxiv import ArxivId, parse_id
from ..models import Code, Paper
from .base import Given, InputKind, one_at_a_time, unreadable
from .listing import MONTHS, UNDECODABLE, Entry, day_of, entry_paper

# An entry is a few kilobytes (a collaboration's author list a few dozen): anything longer is not one.
MAX_ENTRY_CHARS = 1 << 20
_CHUNK_CHARS = 1 << 20
# What a piece too long to be an entry keeps: its beginning (the `arXiv:` line names it), and its end, where the
# `\\` line of the next entry may already be while the `arXiv:` line after it is still to be read.
_KEPT_HEAD, _OVERLAP = 4096, 256
# An entry starts at a `\\` line followed by a line that is only `arXiv:<something>` (checked to be an id later).
_START = re.compile(r"\n\\\\[ \t]*\n(?=arXiv:\S+(?: \(\*cross-listing\*\))?[ \t]*$)", re.M)
_HEADER = re.compile(r"\\\\[ \t]*\narXiv:(\S+)( \(\*cross-listing\*\))?[ \t]*(?=\n|$)")
# It ends at its `\\ ( https://arxiv.org/abs/<id> ,  218kb)` line, or where the next section starts.
_END = re.compile(r"\n(?:\\\\ \( https?://arxiv\.org/abs/(\S+) ,.*\)|(%%%---|%%--%%--|%-%-%-).*)[ \t]*$", re.M)
_MARKER = re.compile(r"\n(%%%---|%%--%%--|%-%-%-)")
# After the closing mark, only another mailing can follow (two days saved in one file): new submissions again.
_SECTIONS = {"%%%---": "new", "%%--%%--": "replaced", "%-%-%-": "cross"}
_SEPARATOR = re.compile(r"\n\\\\[ \t]*\n")  # between an entry's fields and its abstract
# `Name: value` with its wrapped lines (they start with spaces); `Date (revised v2):` names a version.
_FIELD = re.compile(r"\n([A-Za-z][\w-]*(?: \(revised v(\d+)\))?):[ \t]*(.*(?:\n[ \t]+\S.*)*)")
_DATE = re.compile(r"(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d\d:\d\d:\d\d) GMT")
# " received from  Mon 13 Oct 25 18:00:00 GMT  to  Tue 14 Oct 25 18:00:00 GMT": the listing's day is the start,
# as its readers save and file it (an API window, `--since`, is dated by its own days instead).
_WINDOW = re.compile(r"received from\s+(.+?) GMT\s+to\s+.+ GMT")
# What recognises a mailing in the first bytes of a file, after any mail client's header lines.
_HEAD_ENTRY = re.compile(rb"^arXiv:\S+( \(\*cross-listing\*\))?\s*$", re.M)
_HEAD_TITLE = re.compile(rb"^Title: \S", re.M)
_HEAD_BANNER = re.compile(rb"received from .+ GMT\s+to\s+.+ GMT|Subj-class mailing|title/abstract distribution")


def claims(given: Given) -> bool:
    """A file whose first bytes hold arXiv's banner or an entry's `arXiv:` and `Title:` lines (and that is not a
    PDF: one printed from the mail would show them too, uncompressed)."""
    head = given.head
    return (
        given.path is not None
        and b"%PDF" not in head[:1024]
        and bool(_HEAD_BANNER.search(head) or (_HEAD_ENTRY.search(head) and _HEAD_TITLE.search(head)))
    )


def read_given(given: Given) -> Iterator[Paper]:
    assert given.path is not None
    problem = unreadable(str(given.path))
    if problem:
        yield Paper(source=given.label, error=problem)
        return
    with given.path.open(encoding="utf-8", errors="surrogateescape", newline=None) as f:
        papers = parse_mailing(f, given.label)
    yield from papers or [Paper(source=given.label, error="no arXiv entries found: is this the whole mailing?")]


def parse_mailing(f: TextIO, label: str) -> list[Paper]:
    """Every entry of a mailing as a `Paper` (failed when the entry cannot be read), in the mailing's order."""
    reader = _Reader(label)
    for piece in _pieces(f):
        reader.read(piece)
    reader.finish("cut off at the end of the file: save the whole mail again")
    first_day = next((item[2] for item in reader.items if not isinstance(item, Paper) and item[2]), None)
    return [item if isinstance(item, Paper) else _paper(*item, label, first_day) for item in reader.items]


@dataclass
class _Piece:
    """The text from one entry's start to the next one's (or the text before the first entry), and the number
    of its first line; `clipped` when it was too long to keep whole."""

    text: str
    line: int
    clipped: bool = False


def _pieces(f: TextIO) -> Iterator[_Piece]:
    """The text of `f` cut where entries start, read a chunk at a time. A piece longer than `MAX_ENTRY_CHARS`
    keeps only its beginning and its last characters."""
    carried, line = "\n", 0  # the "\n" lets a start on the first line be found
    dropped: int | None = None  # the line ends in what was left out of the current piece, if anything was
    while True:
        chunk = f.read(_CHUNK_CHARS)
        text = carried + chunk
        begin = 0
        # Only whole lines (the last one too at the end), and only what was not searched before, but for the
        # lines a chunk's end may have cut.
        whole = text.rfind("\n") + 1 if chunk else len(text)
        for start in _START.finditer(text, max(0, len(carried) - _OVERLAP), whole):
            if start.start() > begin:
                yield _Piece(text[begin : start.start()], line, dropped is not None)
            line += text.count("\n", begin, start.start()) + (dropped or 0)
            begin, dropped = start.start(), None
        carried = text[begin:]
        if not chunk:
            break
        if len(carried) > MAX_ENTRY_CHARS:
            dropped = (dropped or 0) + carried.count("\n", _KEPT_HEAD, len(carried) - _OVERLAP)
            carried = carried[:_KEPT_HEAD] + carried[-_OVERLAP:]
    if carried.strip():
        yield _Piece(carried, line, dropped is not None)


def _paper(entry: Entry, bad_lines: list[int], day: str | None, label: str, first_day: str | None) -> Paper:
    """The paper of an entry, of the listing day of the banner before it (else of the first banner)."""
    paper = entry_paper(entry, label, day or first_day)
    if bad_lines:
        lines = ", ".join(map(str, bad_lines))
        paper.warn(Code.NOT_UTF8, f"not UTF-8 text at line {lines}: bytes shown as \ufffd; re-save as UTF-8")
    return paper


class _Reader:
    """The pieces of a mailing in order: the current section, the listing's day, the entries read."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.section = "new"
        self.listing_date: str | None = None  # of the last banner read
        self.entry: tuple[_Piece, re.Match[str], ArxivId] | None = None  # read once the next piece shows its end
        # Failed entries, and entries to make papers of: with the lines not UTF-8 and their listing day.
        self.items: list[Paper | tuple[Entry, list[int], str | None]] = []

    def read(self, piece: _Piece) -> None:
        header = _HEADER.match(piece.text, 1)
        arxiv_id = parse_id(header[1]) if header else None
        if header and arxiv_id is not None:
            self.finish("cut off before the next entry")
            self.entry = (piece, header, arxiv_id)
        elif self.entry is not None:  # `arXiv:2402.12422.` on a line of its own after a `\\` line: text
            self.entry[0].text += piece.text
            self.entry[0].clipped |= piece.clipped
        else:  # before the first entry: a mail client's lines, arXiv's banner with the day
            self._between(piece.text)

    def finish(self, cut: str) -> None:
        """Read the entry before this point; `cut` says why it ended if it has no closing line."""
        if self.entry is None:
            return
        piece, header, arxiv_id = self.entry
        self.entry = None
        end = _END.search(piece.text, header.end())
        parsed: tuple[Entry, list[int], str | None] | str
        if piece.clipped:
            parsed = f"longer than {MAX_ENTRY_CHARS >> 20} MiB: not a listing entry"
        elif end is None or end[2]:
            parsed = "cut off before the end of its section" if end else cut
        else:
            parsed = self._entry(piece, header, end, arxiv_id)
        if isinstance(parsed, str):
            error = f"entry at line {piece.line + 2} is {parsed}"
            self.items.append(Paper(source=f"{self.label}#{arxiv_id.base}", arxiv_id=str(arxiv_id), error=error))
        else:
            self.items.append(parsed)
        if end is not None:
            self._between(piece.text[end.end() if end[1] else end.start() :])

    def _entry(
        self, piece: _Piece, header: re.Match[str], end: re.Match[str], arxiv_id: ArxivId
    ) -> tuple[Entry, list[int], str | None] | str:
        """The entry between its `arXiv:` line and its closing line, and the lines that were not UTF-8."""
        if end[1] != header[1]:
            closing = parse_id(end[1])
            if closing is None or closing.base != arxiv_id.base:
                return f"garbled: it ends with the line of another paper ({end[1]})"
        text, bad_lines = piece.text[header.end() : end.start()], []
        if not text.isascii():
            first = piece.line + piece.text.count("\n", 0, header.end())
            bad_lines = [first + text.count("\n", 0, bad.start()) for bad in UNDECODABLE.finditer(text)]
            text = UNDECODABLE.sub("\ufffd", text)
        section = "cross" if header[2] and self.section == "new" else self.section
        entry = _parse(text, arxiv_id, section)
        return entry if isinstance(entry, str) else (entry, bad_lines, self.listing_date)

    def _between(self, text: str) -> None:
        """Text outside entries: the marks that start sections, arXiv's banner with the listing's day."""
        for marker in _MARKER.finditer(text):
            self.section = _SECTIONS[marker[1]]
        if window := _WINDOW.search(text):
            self.listing_date = day_of(window[1])


def _parse(text: str, arxiv_id: ArxivId, section: str) -> Entry | str:
    """The entry whose lines after its `arXiv:` line are `text`, or what is wrong with it."""
    separator = _SEPARATOR.search(text)
    head, abstract = (text[: separator.start()], text[separator.end() :]) if separator else (text, "")
    fields: dict[str, str] = {}
    revision = 0
    for field in _FIELD.finditer(head):
        fields[field[1]] = field[3]
        revision = max(revision, int(field[2] or 0))
    if not fields.get("Title", "").strip():
        return "garbled: it has no Title: line"
    return Entry(
        # New submissions and cross-lists show every version's date; a replacement only sometimes.
        arxiv_id=ArxivId(arxiv_id.base, revision or (1 if section != "replaced" else None)),
        section=section,
        title=fields["Title"],
        authors=fields.get("Authors", ""),
        abstract=abstract,
        categories=fields.get("Categories", "").split(),
        comments=fields.get("Comments", ""),
        published=_timestamp(fields.get("Date", "")),
    )


def _timestamp(text: str) -> str | None:
    """`Thu, 28 Aug 2025 20:46:13 GMT   (218kb)` as the API writes dates: `2025-08-28T20:46:13Z`."""
    match = _DATE.search(text)
    if match is None or match[2] not in MONTHS:
        return None
    return f"{match[3]}-{MONTHS[match[2]]:02d}-{int(match[1]):02d}T{match[4]}Z"


KIND = InputKind("mailing", claims, one_at_a_time(read_given))
