"""Authors and affiliations: the block of lines between the title and the abstract, each line classified
as names, affiliation, e-mail or other; names split into authors, affiliations kept as printed.
"""

from __future__ import annotations

import itertools
import re

from ..institutions import (
    continues_name,
    is_one_organisation,
    looks_like_affiliation,
    resolve,
    starts_new_affiliation,
    without_notes,
)
from .layout import CAPTION, FIRST_SECTION, Line, Page, is_margin

# Footnote and affiliation markers that are never part of a name.
_MARKS = "*∗†‡§¶#♠♣♥♦♡♢♤♧⋆★☆✝✉⊥∥‖♮♭♯✦✧◆◇○●□■▲△▽▼⁎⁑※"
_MARK_RE = re.compile(f"[{re.escape(_MARKS)}]")


# --------------------------------------------------------------------------------------------- block


def header_block(page: Page, title_lines: list[Line], abstract_at: tuple[int, float, Line] | None) -> list[Line]:
    """Lines between the title and the abstract, in rows (top-down) and, within a row, left to right:
    the order in which an author grid is read. Ends at a figure caption, the first section's heading (a paper
    without an abstract) or the first line of prose."""
    top = max((ln.y1 for ln in title_lines), default=0.0)
    bottom = abstract_at[1] if abstract_at is not None and abstract_at[0] == page.number else page.height * 0.8
    chosen = [
        ln
        for ln in page.lines
        if ln.y0 >= top - 1 and ln.y1 <= bottom + 1 and ln not in title_lines and not is_margin(ln, page)
    ]
    block: list[Line] = []
    for line in _rows(chosen):
        if CAPTION.match(line.text) or FIRST_SECTION.match(line.text) or _is_prose(line):
            break
        block.extend(_split_styles(line))
    return block


def _rows(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.y0):
        mid = (line.y0 + line.y1) / 2
        if rows and rows[-1][0].y0 - 1 <= mid <= rows[-1][0].y1 + 1:
            rows[-1].append(line)
        else:
            rows.append([line])
    for row in rows:
        out.extend(sorted(row, key=lambda ln: ln.x0))
    return out


_FUNCTION_WORDS = {"the", "a", "an", "of", "to", "in", "and", "is", "are", "we", "for", "that", "with", "on", "this"}


def _is_prose(line: Line) -> bool:
    """A line of running text (an unlabelled abstract, a footnote), not a name or affiliation line."""
    words = line.plain().split()
    if len(words) < 9:
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return lower / len(words) >= 0.55 and any(w.casefold() in _FUNCTION_WORDS for w in words)


def _split_styles(line: Line) -> list[Line]:
    """'JANE DOE, Some University, Country' set in two sizes (ACM journals): names and affiliation
    become two lines. Only at a word break, so small capitals stay whole."""
    main = [i for i, s in enumerate(line.spans) if not s.sup and s.text.strip()]
    for a, b in itertools.pairwise(main):
        left, right = line.spans[a], line.spans[b]
        at_break = (
            left.text.rstrip() != left.text or right.text.lstrip() != right.text or left.text.rstrip()[-1:] in ",;:"
        )
        if (
            at_break
            and abs(left.size - right.size) > 1.0
            and sum(c.isalpha() for sp in line.spans[:b] for c in sp.text) >= 3
            and all(abs(line.spans[i].size - left.size) < 0.3 for i in main if i <= a)
            and all(abs(line.spans[i].size - right.size) < 0.3 for i in main if i >= b)
        ):
            head = Line(line.spans[:b], line.page, line.x0, line.y0, right.x0, line.y1).finish()
            tail = Line(line.spans[b:], line.page, right.x0, line.y0, line.x1, line.y1).finish()
            return [head, tail]
    return [line]


# --------------------------------------------------------------------------------------------- lines


_NAME_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "del", "la", "le", "du", "dos", "das", "bin", "al"}
_NOT_HEADER = re.compile(
    r"(equal contribution|contributed equally|corresponding author|correspondence|work (?:was )?(?:done|performed)|"
    r"internship|present address|current address|now at|https?:|www\.|github|^\s*a\s+preprint\s*$|preprint|"
    r"under review|accepted|copyright|licen[cs]e|arxiv|keywords|orcid|contributors?\b|also affiliated|also with|"
    r"all authors|"
    r"通讯作者|通信作者|责任作者|責任著者|关键词|關鍵詞|キーワード)",
    re.IGNORECASE,
)
EMAILS = re.compile(r"@|\{[^}]*,[^}]*\}")
# A Chinese or Japanese name: two to four characters, or family and given name apart ("山田 太郎").
_HAN_KANA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
_CJK_NAME = re.compile(f"[{_HAN_KANA}]{{2,4}}|[{_HAN_KANA}]{{1,4}} [{_HAN_KANA}]{{1,4}}")

_NAMES, _AFFILIATION, _EMAIL, _OTHER = "names", "affiliation", "email", "other"


def _line_kind(line: Line) -> str:
    """What a header line is; marked notes about authors on it ("∗Equal contribution") do not count."""
    text = without_notes(line.plain(sep=_MARK_SEP))
    if EMAILS.search(text):
        return _EMAIL
    if not text or _NOT_HEADER.search(text) or _NOT_HEADER.search(without_notes(line.text)):
        return _OTHER
    if looks_like_affiliation(text) or resolve(text.strip(" ,.;")) is not None:
        return _AFFILIATION  # an organisation word, an address; or a name the table knows, bare ("EPFL")
    if len(line.spans) > 1 and _starts_with_marker(line) and sum(c.isalpha() for c in text) >= 3:
        return _AFFILIATION  # "¹Some Place" starting with a marker
    if name_pieces(line):
        return _NAMES
    return _OTHER


# Between names: commas and the like, "and", a wide gap, and the middle dots or bullets some templates put between
# authors (Springer's "Ann Lee · Ben Cho"); not a dot between Chinese characters, which joins the parts of one
# transliterated name (阿卜杜拉·卡里姆).
_NAME_BREAK = re.compile(r"[,;，、；|&]|(?<![\u3400-\u9fff])\s*[·•∙⋅]\s*(?![\u3400-\u9fff])|\band\b|\s{2,}")


def name_pieces(line: Line) -> list[str]:
    text = line.plain(sep=",")
    text = _MARK_RE.sub(",", text)
    parts = _NAME_BREAK.split(text)
    names = [_tidy_name(p) for p in parts]
    return [n for n in names if n]


_MEMBERSHIP = re.compile(r"\b(?:(?:Student|Senior|Life)\s+)?(?:Member|Fellow)\b|\bIEEE\b")


def _tidy_name(raw: str) -> str:
    text = re.sub(r"[\d()\[\]{}^_?]+", " ", raw)
    text = re.sub(r"\s+", " ", text).strip(" .,:;-")
    if _CJK_NAME.fullmatch(text):
        return text
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or _MEMBERSHIP.search(text):
        return ""
    for token in tokens:
        bare = token.strip(".-'’")
        if not bare:
            return ""
        if bare.lower() in _NAME_PARTICLES or (bare.islower() and len(bare) <= 3 and token.endswith(".")):
            continue  # "van der", "Achintya kr. Sarkar"
        if not bare[0].isupper() or not all(c.isalpha() or c in ".-'’" for c in token):
            return ""
    if text.isupper():
        text = " ".join(t.capitalize() if len(t) > 2 and "." not in t else t for t in tokens)
    return text


def classify(block: list[Line]) -> list[str]:
    """The kind of every header line.

    Name lines must look like the first one (same size and weight): that keeps out cities and figure
    labels. When affiliations are set in the very same style as names, position decides: in a grid
    cell, a one-name line stacked under a one-name line is the affiliation ('UC Merced' under
    'Xueqing Deng'), unless both carry affiliation markers or the row holds only names."""
    kinds = [_line_kind(ln) for ln in block]
    names = [i for i, k in enumerate(kinds) if k == _NAMES]
    if not names:
        return kinds
    style = block[names[0]]
    for i, line in enumerate(block):
        if line.size < 0.7 * style.size:
            kinds[i] = _OTHER  # labels of a figure between the authors and the abstract
    affiliations = [ln for ln, k in zip(block, kinds, strict=True) if k == _AFFILIATION]
    ambiguous = any(_same_style(style, ln) for ln in affiliations) or not affiliations
    for i in names[1:]:
        line = block[i]
        if not _same_style(line, style) or (ambiguous and _cell_continuation(block, kinds, i)):
            kinds[i] = _AFFILIATION
    return kinds


def _same_style(a: Line, b: Line) -> bool:
    return abs(a.size - b.size) <= 0.6 and a.bold == b.bold


def _cell_continuation(block: list[Line], kinds: list[str], index: int) -> bool:
    above = _stacked_above(block, index)
    if above is None or kinds[above] != _NAMES or _continues_names(block[above], block[index]):
        return False
    line = block[index]
    if _has_marker(line) and _has_marker(block[above]):
        return False
    row = [j for j, other in enumerate(block) if abs((other.y0 + other.y1) / 2 - (line.y0 + line.y1) / 2) < 2]
    return not (len(row) >= 2 and all(kinds[j] == _NAMES for j in row))


def _has_marker(line: Line) -> bool:
    return any(s.sup for s in line.spans) or bool(_MARK_RE.search(line.text))


def _stacked_above(block: list[Line], index: int) -> int | None:
    """The line right above `index` in the same column, if there is one close enough."""
    line = block[index]
    best: int | None = None
    for j, other in enumerate(block[:index]):
        overlaps = other.x0 < line.x1 and line.x0 < other.x1
        gap = line.y0 - other.y1
        if overlaps and -1 <= gap < 1.0 * max(line.size, 1.0) and (best is None or other.y1 > block[best].y1):
            best = j
    return best


def _continues_names(above: Line, line: Line) -> bool:
    if re.search(r"(,|\band|&)\s*$", above.plain()) or re.match(r"^\s*(and|&)\b", line.plain()):
        return True
    return len(name_pieces(line)) >= 2 or len(name_pieces(above)) >= 2


# --------------------------------------------------------------------------------------------- authors


def read_authors(block: list[Line], kinds: list[str], metadata: dict[str, str]) -> tuple[list[str], float]:
    """The names on the name lines, once each; else the PDF's metadata, or an organisation signing the paper."""
    names: list[str] = []
    for line, kind in zip(block, kinds, strict=True):
        if kind == _NAMES:
            names.extend(name_pieces(line))
    seen: set[str] = set()
    unique: list[str] = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            unique.append(name)
    if not unique:
        hint = [n.strip() for n in re.split(r";|,|\band\b", metadata.get("author") or "") if n.strip()]
        hint = [n for n in (_tidy_name(h) for h in hint) if n]
        if hint:
            return hint, 0.3
        team = _organisation_as_author(block, kinds)
        return ([team], 0.6) if team else ([], 0.0)
    conf = 0.9 if len(unique) <= 100 else 0.5
    return unique, conf


def _organisation_as_author(block: list[Line], kinds: list[str]) -> str:
    """A paper signed by an organisation ('Some-AI' over a contact e-mail, the full list at the end): the
    first header line is that one short name, and no person is named. Catalogues (arXiv) list it as author."""
    if not block or kinds[0] != _AFFILIATION or _NAMES in kinds:
        return ""
    text = block[0].plain().strip()
    return text if len(text.split()) <= 4 and is_one_organisation(text) else ""


# --------------------------------------------------------------------------------------------- affiliations


def read_affiliations(block: list[Line], kinds: list[str], page: Page) -> tuple[list[str], float]:
    """The affiliation strings as printed, one per affiliation, from the header block and the first page's
    footnotes. The institutions stage (`clean_institutions`) makes organisation names of them."""
    found = _affiliation_strings(block, kinds)
    found.extend(_footnote_affiliations(page, _author_markers(block, kinds)))
    return found, (0.8 if found else 0.2)


# Superscript markers become this symbol in affiliation strings: `clean_institutions` splits at it.
_MARK_SEP = " ∗ "
_CUT_NOTES = re.compile(r"\b(?:Correspondence|Proceedings of|Copyright)\b")


def _affiliation_strings(block: list[Line], kinds: list[str]) -> list[str]:
    """One string per affiliation: lines stacked under each other are one affiliation ('Department of X' /
    'Some University, City') unless the next line starts with its own marker or names another organisation
    ('Acme Research' under 'Some University, City'); 'X &' / 'X,' run on, and so does a line starting with
    a name's kind ('Stanford' / 'University, CA'), cut from the line before it."""
    out: list[str] = []
    prev: Line | None = None
    for i, (line, kind) in enumerate(zip(block, kinds, strict=True)):
        if kind != _AFFILIATION:
            prev = None
            continue
        text = line.plain(sep=_MARK_SEP).strip()
        above = _stacked_above(block, i)
        stacked = prev is not None and above is not None and block[above] is prev
        runs_on = bool(out) and re.search(r"(,|\b(?:of|and|for|at)|&)\s*$", out[-1]) is not None
        cut = prev is not None and bool(out) and continues_name(out[-1], text)
        if out and ((stacked and runs_on) or cut):
            out[-1] = f"{out[-1]} {text}"
        elif stacked and out and not _starts_with_marker(line) and not starts_new_affiliation(out[-1], text):
            out[-1] = f"{out[-1]}, {text}"
        else:
            out.append(text)
        prev = line
    return [_CUT_NOTES.split(t)[0] for t in out]


def _starts_with_marker(line: Line) -> bool:
    first = next((s for s in line.spans if s.text.strip()), None)
    if first is None:
        return False
    return first.sup or first.size < 0.85 * line.size or bool(re.match(r"^\s*[\d*∗†‡§¶♠♣♥♦♡♢]", line.text))


def _author_markers(block: list[Line], kinds: list[str]) -> set[str]:
    marks: set[str] = set()
    for line, kind in zip(block, kinds, strict=True):
        if kind == _NAMES:
            for span in line.spans:
                if span.sup:
                    marks.update(m for m in re.findall(r"\d+|[^\s\d,]", span.text))
    return marks


_WITH = re.compile(r"\b(?:is|are)\s+(?:now\s+)?with\s+(?:the\s+)?(.+)", re.IGNORECASE)
# "All authors from DeepMind, †Equal contributions": the organisation ends at the first comma or marker
_ALL_FROM = re.compile(
    rf"\ball authors (?:are )?(?:from|at)\s+(?:the\s+)?([^,;.()\d{re.escape(_MARKS)}]+)", re.IGNORECASE
)


def _footnote_affiliations(page: Page, marks: set[str]) -> list[str]:
    """Affiliations printed as first-page footnotes: IEEE's 'A. Author is with the School of X, Some
    University, City.' and notes in the lower page whose marker is one of the authors' markers."""
    found: list[str] = []
    lines = page.lines
    for i, line in enumerate(lines):
        everyone = _ALL_FROM.search(line.text)
        match = _WITH.search(line.text)
        if everyone:
            found.append(everyone.group(1))
        elif match:
            text = match.group(1)
            for nxt in lines[i + 1 : i + 4]:
                if re.search(r"[.]\s*$", text) or _WITH.search(nxt.text):
                    break
                text += " " + nxt.text
            found.append(re.split(r"\.\s|\.$|E-?mail|\(e-?mail", text, maxsplit=1)[0])
        elif _is_marked_footnote(line, page, marks):
            found.append(_CUT_NOTES.split(line.plain(sep=_MARK_SEP))[0])
    return found


def _is_marked_footnote(line: Line, page: Page, marks: set[str]) -> bool:
    low = line.y0 > page.height * 0.6
    return low and _footnote_marker(line) in marks and not _is_prose(line) and _line_kind(line) == _AFFILIATION


def _footnote_marker(line: Line) -> str:
    first = next((s for s in line.spans if s.text.strip()), None)
    if first is None or not (first.sup or first.size < 0.85 * line.size):
        return ""
    return first.text.strip()
