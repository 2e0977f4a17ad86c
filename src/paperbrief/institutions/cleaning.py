"""Cleaning raw affiliation strings into top-level organisation names, deduplicated.

An affiliation string names a hierarchy ("Department of X, Some University, City 100084, Country") and
often several organisations at once ("1Tsinghua University 2Microsoft Research"). Cleaning splits it at
markers into affiliations, splits each at commas into parts, ranks the parts and keeps the top-level
organisation: a university or company beats an institute or lab, which beats an unknown name; addresses,
departments, people and e-mails never count. The words that tell them apart are data
(`data/affiliation_words.toml`).
"""

from __future__ import annotations

import re
import unicodedata

from .table import lookup, name_key
from .words import US_STATE, is_generic, is_role_note, words

# Ranks of a part of an affiliation: a university or company, an institute/lab/centre, an unknown name
# (kept only when nothing better is named), not an organisation (address, department, person).
_TOP, _UNIT, _UNKNOWN, _JUNK = 3, 2, 1, 0

_EMAIL = re.compile(r"\{[^}]*\}\s*@\s*\S+|\S+@\S+|https?://\S+|www\.\S+|\b(?:e-?mail|email address)\s*:?", re.I)
# Markers that separate affiliations: symbols, and 1-2 digit numbers or single letters standing alone or
# glued to the front of a capitalised word ("1Tsinghua", "Cloud 3 Nanchang").
_MARKER_SPLIT = re.compile(
    r"(?:^|(?<=\s)|(?<=[,;]))(?:[*∗†‡§¶#♠♣♥♦♡♢♤♧⋆★☆✝]+|\d{1,2}(?=\s*[A-Z])|[a-z](?=[A-Z][a-z]))\s*"
)
_MARKED = re.compile(f"({_MARKER_SPLIT.pattern})")
# "&" or "and" between two organisations: where it splits is decided by what stands on either side.
_SHARED = re.compile(r"\s+(?:&|and)\s+")
_INNER_STAR = re.compile(r"(?<=\w)[∗⋆★](?=\w)")
# A Chinese or Japanese university's name ends at 大学, and a unit may follow it without a break
# ("清华大学计算机系").
_CJK_UNIVERSITY_END = re.compile(r"^(.+?(?:大学|大學|科学院|科學院)).+$")
_COLLEGE = re.compile(r"\bcollege\b(?!\s+of\b)", re.I)  # "University College London", not "College of X"
_SUBUNIT = re.compile(
    r"^(?:the\s+)?(?:(?:graduate\s+)?school\s+of|dep(?:artmen)?t\.?|dept\b|faculty|college\s+of|division|"
    r"program(?:me)?\b|chair\b|section\b|unit\b|group\b|team\b|(?:state\s+)?key\s+lab\w*)",
    re.I,
)
# A lab or centre named first in a multi-organisation string is a unit of the university beside it.
_UNIT_FIRST = re.compile(r"^(?:the\s+)?(?:cent(?:er|re)|laborator\w*|lab|key\s+lab\w*|state\s+key|group)\b", re.I)
_ADDRESS = re.compile(
    r"\b(?:street|st\.|road|rd\.?|avenue|ave\.?|blvd\.?|boulevard|drive|lane|highway|district|village|"
    r"building|bldg\.?|floor|room|suite|p\.?\s?o\.?\s+box|box|no\.|zip|province|prefecture|county|campus|"
    r"township|town|park)\b",
    re.I,
)
_CONNECTOR = re.compile(r"^(?:at|of|in|for|and|de|di|du|la|le|the)\b")
_CAMPUS_SYSTEMS = re.compile(
    r"^university of (?:california|massachusetts|texas|illinois|wisconsin|colorado|maryland|north carolina|"
    r"missouri|nebraska|hawaii|minnesota|michigan|tennessee|alabama|arkansas|pittsburgh)$",
    re.I,
)
_TRAILING_JUNK = re.compile(r"(?:\s+(?:no\.?|rd\.?|st\.?|[a-z]+|\d{4,}(?:-\d+)?))+$")
_AFTER_UNIVERSITY = re.compile(r"^(.*?\bUniversity)((?:\s+[A-Z][a-z]+){1,3})$")
_NAME_LIKE = re.compile(r"^[A-Z][a-z'’\-]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][a-z'’\-]+){1,2}$")


def clean_institutions(raw: list[str]) -> list[str]:
    """Top-level organisation names from raw affiliation strings, deduplicated, in first-appearance order.

    'Department of X, Tsinghua University, Beijing 100084, China' becomes 'Tsinghua University'; e-mails,
    addresses, postcodes, person names, stray markers and repeats are dropped.
    """
    names: list[str] = []
    for item in raw:
        names.extend(organisations(item))
    return _dedupe(_drop_person_prefixes(names))


def is_one_organisation(text: str) -> bool:
    """Whether `text` names one organisation and nothing else ("Acme-AI", not "Acme-AI, Paris")."""
    return clean_institutions([text]) == [text]


def organisations(text: str) -> list[str]:
    """The organisations named in one affiliation string, in order."""
    text = unicodedata.normalize("NFC", text)
    text = _INNER_STAR.sub("*", _EMAIL.sub(" ", text))
    text = re.sub(r"\s+", " ", text).strip()
    segments = [s for s in _MARKER_SPLIT.split(text) if s and s.strip(" ,;.&") and not is_role_note(s)]
    found: list[tuple[int, str]] = []
    for segment in _rejoin_fragments(segments):
        for shared in _split_shared(segment):
            found.extend(_segment_organisations(shared))
    if any(level == _TOP for level, _ in found):
        # units named beside a university or company in the same string ("1 Center for X & 2 ..., Univ.")
        found = [(lv, n) for lv, n in found if lv == _TOP or not _UNIT_FIRST.match(n)]
    return [name for _, name in found]


def without_notes(text: str) -> str:
    """An affiliation line without its marked notes about authors ("¹Some University ∗Equal contribution
    †Work done at X" keeps "¹Some University"): what is left to tell whether the line names affiliations.
    A note runs to the next marker; text before the first marker is kept ("Ann Lee, Student Member, IEEE")."""
    pieces = _MARKED.split(text)  # text, marker, text, marker, ...
    kept = [pieces[0]]
    for marker, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if not is_role_note(piece):
            kept.append(marker + piece)
    return re.sub(r"\s+", " ", "".join(kept)).strip()


def starts_new_affiliation(above: str, line: str) -> bool:
    """Whether `line`, printed right under the affiliation `above` without a marker of its own, is another
    affiliation ("Acme Research" under "Example University, Springfield") rather than the rest of the same
    one ("Some University" under "Department of X", "City, Country" under "Some University"): `above`
    already names a university or company, and `line` names an organisation, not a unit of one."""
    if not any(_level(part) == _TOP for part in _comma_parts(above)):
        return False
    return any(
        _level(part) == _TOP or (_level(part) == _UNIT and not _UNIT_FIRST.match(part)) for part in _comma_parts(line)
    )


def continues_name(above: str, line: str) -> bool:
    """Whether `line` starts with the end of the name `above` ends with, cut by a line break ("Department of
    X, Stanford" / "University, Stanford, CA"): a bare kind of organisation after a name of no kind; a unit
    named in generic words ("School of Computer and Information") starts an affiliation of its own."""
    parts, first = _comma_parts(above), _comma_parts(line)[:1]
    if not parts or not first or _SUBUNIT.match(first[0]):
        return False
    return _bare_kind(first[0]) and _completed_by_kind(parts[-1])


def _rejoin_fragments(segments: list[str]) -> list[str]:
    """A piece naming only a kind of organisation ("Example ³Institute": a stray marker inside a name) is the
    end of the name before it; after a whole organisation it is dropped, never a name of its own."""
    out: list[str] = []
    for segment in segments:
        if not _bare_kind(segment.strip(" ,;:")):
            out.append(segment)
        elif out and (parts := _comma_parts(out[-1])) and _completed_by_kind(parts[-1]):
            out[-1] = f"{out[-1].rstrip(' ,;:')} {segment.strip(' ,;:')}"
    return out


def _split_shared(segment: str) -> list[str]:
    """'Dept. of X, Univ A & Univ B' (authors of both): the string splits at '&' or 'and' where each side
    starts an organisation of its own; 'Texas A&M', 'University of Science & Technology' and 'Johnson &
    Johnson' stay whole, since one side names none."""
    out = [segment]
    for match in reversed(list(_SHARED.finditer(segment))):
        before = re.split(r"[,;]", segment[: match.start()])[-1]
        after = re.split(r"[,;]", segment[match.end() :])[0]
        if _starts_organisation(before) and _starts_organisation(after):
            head, tail = out[0][: match.start()], out[0][match.end() :]
            out[0:1] = [head, tail]
    return [piece for piece in out if piece.strip(" ,;")]


def _starts_organisation(piece: str) -> bool:
    piece = piece.strip(" .")
    if not piece or _bare_kind(piece):
        return False
    return bool(words().head.search(piece) or _COLLEGE.search(piece) or lookup(piece) is not None)


def _segment_organisations(segment: str) -> list[tuple[int, str]]:
    parts = _comma_parts(segment)
    ranked = [(_level(p), p) for p in parts]
    best = max((lv for lv, _ in ranked), default=_JUNK)
    if best == _TOP:
        return _merge_same_known(
            [(_TOP, _tidy_org(_with_campus(parts, i))) for i, (lv, _) in enumerate(ranked) if lv == _TOP]
        )
    if best == _UNIT:
        # hierarchies run small to large ("Lab X, Institute Y"): the last institute is the widest
        return [(_UNIT, _tidy_org(next(p for lv, p in reversed(ranked) if lv == _UNIT)))]
    if best == _UNKNOWN:
        index = next(i for i, (lv, _) in enumerate(ranked) if lv == _UNKNOWN)
        if index + 1 < len(parts) and US_STATE.match(parts[index + 1].strip(" .")):
            return []  # "Philadelphia, PA, USA": a city
        return [(_UNKNOWN, _tidy_org(parts[index]))]
    return []


def _merge_same_known(found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Adjacent parts the table knows as one organisation ('DATA61, CSIRO') are named together."""
    out: list[tuple[int, str]] = []
    for level, name in found:
        known = lookup(name)
        if out and known is not None and lookup(out[-1][1]) == known:
            out[-1] = (level, f"{out[-1][1]}, {name}")
        else:
            out.append((level, name))
    return out


def _comma_parts(segment: str) -> list[str]:
    parts: list[str] = []
    for raw in re.split(r"[,;|，；、]|\s{2,}", segment):
        raw = _best_of_joined(raw)
        part = raw.strip(" :&")
        if part.count("(") != part.count(")"):
            part = part.strip("()")
        part = re.sub(r"^(?:and|&)\s+", "", part)
        if not part:
            continue
        if parts and (_CONNECTOR.match(part) or (_bare_kind(part) and _completed_by_kind(parts[-1]))):
            parts[-1] = f"{parts[-1]} {part}"  # "University of Illinois, at Chicago"; "Stanford, University"
        else:
            parts.append(part)
    return parts


def _bare_kind(text: str) -> bool:
    """A kind of organisation without its name ("University", "National Institute"), unless the table knows
    it as an organisation's whole name ("National Science Foundation", "National Central University")."""
    return is_generic(text) and lookup(text) is None


def _completed_by_kind(part: str) -> bool:
    """Whether a bare name ("Stanford", "Carnegie Mellon") is the start of the organisation a generic part
    after it ends ("University", cut off by a line break): capitalised words that do not say their kind,
    not a department, a country or a state."""
    part = part.strip(" ∗*")
    if _level(part) == _UNIT or words().head.search(part) or _SUBUNIT.match(part):
        return False
    if part.casefold() in words().countries:
        return False
    return not US_STATE.match(part) and re.fullmatch(r"[A-Z][\w'’.\-]*(?: [A-Z&][\w'’.\-]*)*", part) is not None


def _best_of_joined(part: str) -> str:
    """'imec - Ghent University': two names joined by a dash count as one; keep the more telling one."""
    pieces = [p.strip() for p in re.split(r"\s[-–—]\s", part) if p.strip()]
    if len(pieces) < 2:
        return part
    return max(pieces, key=lambda p: (_level(p), _has_organisation_word(p)))


def _level(part: str) -> int:
    """How much a comma-separated part looks like a top-level organisation (see `_TOP` and friends)."""
    bare = _tidy_org(part)
    low = bare.casefold()
    w = words()
    if not bare or low in w.countries or low in w.cities or US_STATE.match(bare) or _bare_kind(bare):
        return _JUNK  # a place, or a kind of organisation without its name ("University")
    if w.top.search(bare) or _COLLEGE.search(bare) or w.cjk_top.search(bare):
        return _TOP if not _SUBUNIT.match(bare) else _JUNK
    if _SUBUNIT.match(bare):
        return _JUNK
    if w.unit.search(bare) or w.cjk_unit.search(bare):
        return _UNIT
    if lookup(bare) is not None:
        return _TOP  # a known organisation without a telling word ("KAIST", "Momenta")
    if _ADDRESS.search(bare) or re.search(r"\d{4,}", bare) or not re.search(r"[A-Za-z]{2}", bare):
        return _JUNK
    if _NAME_LIKE.match(bare) or bare[:1].islower() or len(bare.split()) > 6:
        return _JUNK  # a person, a city, or a sentence
    return _UNKNOWN


def _has_organisation_word(text: str) -> bool:
    return bool(words().top.search(text) or words().unit.search(text))


def _with_campus(parts: list[str], index: int) -> str:
    """'University of California, Berkeley': the campus is part of the name, not an address."""
    name = parts[index].strip()
    if index + 1 < len(parts) and _CAMPUS_SYSTEMS.match(name):
        campus = parts[index + 1].strip(" .")
        plain = _level(campus) in (_UNKNOWN, _JUNK) and campus.casefold() not in words().countries
        if plain and not US_STATE.match(campus) and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", campus):
            return f"{name}, {campus}"
    return name


def _tidy_org(name: str) -> str:
    name = re.sub(r"^(?:the|and|&)\s+", "", name.strip(" ,;:&-"), flags=re.I)
    name = re.sub(r"\s+\d{4,}(?:-\d+)?\b", "", name)  # postcodes
    name = re.sub(r"(?:\s+[A-Z]{1,2}\d[A-Z\d]?(?:\s+\d[A-Z]{2})?)+$", "", name)  # UK postcodes: "N1C 4AG"
    name = _TRAILING_JUNK.sub(lambda m: "" if _drop_tail(m.group(0)) else m.group(0), name)
    match = _AFTER_UNIVERSITY.match(name)
    tail = match.group(2) if match else ""
    if match and not (_has_organisation_word(tail) or re.search(r"\bcollege\b", tail, re.I)):
        name = match.group(1)  # "Columbia University New York" -> the city goes
    if name.isupper() and len(name) > 12:
        name = " ".join(w if len(w) <= 4 else w.capitalize() for w in name.split())
    name = _CJK_UNIVERSITY_END.sub(r"\1", name.strip(" ,;:"))
    # a final full stop goes, unless it ends an abbreviation ("Lunit Inc.")
    return re.sub(r"(?<!\bInc)(?<!\bLtd)(?<!\bCo)(?<!\bCorp)(?<!\bLLC)\.+$", "", name).strip()


def _drop_tail(tail: str) -> bool:
    """Trailing lower-case words and address fragments left by a careless join ('... University xu')."""
    words = tail.split()
    keep = {"of", "and", "for", "at", "in", "de", "di", "du", "the", "la", "le"}
    return not any(w in keep for w in words)


def _drop_person_prefixes(names: list[str]) -> list[str]:
    """'Zhipeng Wang LinkedIn' beside 'LinkedIn' is a person plus the organisation: keep the organisation."""
    out: list[str] = []
    for name in names:
        for other in names:
            if other != name and name.endswith(" " + other) and _NAME_LIKE.match(name[: -len(other)].strip()):
                name = other
                break
        out.append(name)
    return out


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = re.sub(r"(?:inc|ltd|llc|corp|co|gmbh|limited)$", "", name_key(name))
        if name and key and key not in seen:
            seen.add(key)
            out.append(name)
    return out
