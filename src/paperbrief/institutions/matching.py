"""Whether a name a model wrote is one the paper lists: as printed, by its Chinese name, an alias or acronym,
with or without a legal form, a unit of a listed organisation; a city, a department or a company the paper
does not print never is."""

from __future__ import annotations

import re

from .table import KnownInstitution, lookup, name_key, resolve
from .words import US_STATE, words


def printed_names(raw: list[str]) -> list[str]:
    """Every organisation-like piece of affiliations as printed: each string and each of its comma parts
    that is not a place, an address or a number ("School of Cyber Science and Engineering" counts)."""
    pieces: list[str] = []
    for text in raw:
        for part in [text, *re.split(r"[,;，；]", text)]:
            part = part.strip(" .")
            low = part.casefold()
            if (
                len(part) > 2
                and low not in words().cities | words().countries
                and not US_STATE.match(part)
                and not part.isdigit()
            ):
                pieces.append(part)
    return list(dict.fromkeys(pieces))


# A Chinese name's tail that names a part of an organisation ("高通AI研究" for "Qualcomm AI Research").
_UNIT_TAIL_ZH = re.compile(r"(?:研究院|研究所|研究中心|研究|实验室|中心|团队|公司|集团)?")


def is_listed(name: str, listed: list[str], printed: list[str]) -> bool:
    """Whether `name`, as a model wrote it, is one of the paper's institutions: one of the `listed` (cleaned)
    names or of the `printed` pieces (`printed_names`) folded alike, the same organisation by the table (its
    Chinese name, an alias, an acronym, with or without a legal form), an organisation whose name a printed
    piece contains ("华为" for "Huawei Noah's Ark Lab"), or a known organisation's Chinese name followed by the
    rest of a printed name ("亚马逊AGI" for "Amazon AGI"). A city, a department or a company the paper does not
    print is none of these."""
    key = name_key(name)
    pieces = [*listed, *printed_names(printed)]
    if not key:
        return False
    if any(name_key(piece) == key for piece in pieces) or (
        _is_organisation(name) and key in name_key(" ".join(printed))
    ):
        return True  # as printed, or a part of what was printed that names an organisation ("UPES Dehradun")
    known = resolve(name) or resolve(_COUNTRY_ZH.sub("", name))
    if known is not None:
        return any(_names(piece, known) for piece in pieces) or _printed_in(known.name, pieces)
    parent = resolve(_UNIT_END_ZH.sub("", name))
    if parent is not None and name != _UNIT_END_ZH.sub("", name):
        # "联想研究院" for "Lenovo Research": the organisation, and a unit of it the paper prints
        return any(_names(piece, parent) and words().unit.search(piece) for piece in pieces)
    return any(_extends(name, piece) for piece in pieces)


_UNIT_END_ZH = re.compile(r"(?:研究院|研究所|研究中心|实验室)$")
# "美国北德克萨斯大学": a country before a Chinese name only says where the organisation is.
_COUNTRY_ZH = re.compile(
    r"^(?:美国|英国|日本|韩国|德国|法国|加拿大|澳大利亚|新加坡|意大利|西班牙|荷兰|瑞士|瑞典|印度)(?=.{2,})"
)


def _is_organisation(name: str) -> bool:
    found = words()
    return any(p.search(name) for p in (found.top, found.unit, found.cjk_top, found.cjk_unit))


def _names(piece: str, known: KnownInstitution) -> bool:
    """Whether a printed piece names `known`: whole, cut short at its end as extraction does ("The University
    of Hong" for the University of Hong Kong, when the cut name is no organisation of its own), or in a run
    of its words: an acronym ("HKUST"), several words, or the brand a company's name starts with ("Alibaba")."""
    if resolve(piece) == known:
        return True
    bare, full = name_key(re.sub(r"^the\s+", "", piece, flags=re.I)), name_key(known.name)
    if len(piece.split()) >= 3 and full.startswith(bare) and len(bare) >= len(full) // 2 and resolve(piece) is None:
        return True
    words = piece.split()
    for size in range(1, min(6, len(words)) + 1):
        for start in range(len(words) - size + 1):
            window = " ".join(words[start : start + size]).strip(",;()")
            brand = known.name == window or known.name.startswith(window + " ")
            if resolve(window) == known and (size > 1 or window.isupper() or brand):
                return True
    return False


def _printed_in(english: str, pieces: list[str]) -> bool:
    """Whether an organisation's several-word name is printed whole, though split at commas ("Institute of
    Automation, Chinese Academy of Sciences", in either order), and not as the start of a longer name
    ("Zhejiang University of Technology") or the end of one ("East China Normal University")."""
    parts = [name_key(part) for part in english.split(",")]
    if len(parts) > 1 and all(part in {name_key(piece) for piece in pieces} for part in parts):
        return True
    printed = " ".join(pieces)
    words = re.findall(r"[\w'&.-]+", english)
    if len(words) < 2:
        return False
    pattern = r"[\s,]+".join(re.escape(w) for w in words)
    for match in re.finditer(rf"(?<![\w-]){pattern}(?![\w-])(?!\s+(?:of|at|for|in|and)\b)", printed, re.IGNORECASE):
        before = printed[: match.start()].split()
        if not before or not before[-1][:1].isupper() or before[-1].lower() == "the" or before[-1].endswith(","):
            return True
    return False


def _extends(name: str, piece: str) -> bool:
    words = piece.split()
    for cut in range(len(words) - 1, 0, -1):
        known = lookup(" ".join(words[:cut]))
        if known is None or not known.zh or not name.startswith(known.zh):
            continue
        rest = name[len(known.zh) :]
        latin = re.sub(r"[^A-Za-z0-9]+", "", rest).casefold()
        chinese = re.sub(r"[A-Za-z0-9\s]+", "", rest)
        if latin and latin in name_key(" ".join(words[cut:])) and _UNIT_TAIL_ZH.fullmatch(chinese):
            return True
    return False
