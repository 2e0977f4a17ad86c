"""Institution names: cleaning raw affiliation strings, folding them to organisations, Chinese names."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

# --------------------------------------------------------------------------------------------- cleaning
#
# An affiliation string names a hierarchy ("Department of X, Some University, City 100084, Country") and
# often several organisations at once ("1Tsinghua University 2Microsoft Research"). Cleaning splits it at
# markers into affiliations, splits each at commas into parts, ranks the parts and keeps the top-level
# organisation: a university or company beats an institute or lab, which beats an unknown name; addresses,
# departments, people and e-mails never count.

# Ranks of a part of an affiliation: a university or company, an institute/lab/centre, an unknown name
# (kept only when nothing better is named), not an organisation (address, department, person).
_TOP, _UNIT, _UNKNOWN, _JUNK = 3, 2, 1, 0

_EMAIL = re.compile(r"\{[^}]*\}\s*@\s*\S+|\S+@\S+|https?://\S+|www\.\S+|\b(?:e-?mail|email address)\s*:?", re.I)
# Markers that separate affiliations: symbols, and 1-2 digit numbers or single letters standing alone or
# glued to the front of a capitalised word ("1Tsinghua", "Cloud 3 Nanchang").
_MARKER_SPLIT = re.compile(
    r"(?:^|(?<=\s)|(?<=[,;]))(?:[*∗†‡§¶#♠♣♥♦♡♢♤♧⋆★☆✝]+|\d{1,2}(?=\s*[A-Z])|[a-z](?=[A-Z][a-z]))\s*"
)
_INNER_STAR = re.compile(r"(?<=\w)[∗⋆★](?=\w)")
_LEVEL1 = re.compile(
    r"\b(?:universit\w*|univ\.?|universidad\w*|universidade|universiteit|hochschule|politecnico|"
    r"polytechnic\w*|institute of technology|inc|incorporated|corp|corporation|ltd|limited|llc|gmbh|"
    r"co\.|company|hospital|academy|akademie|"
    r"google|microsoft|meta|facebook|amazon|apple|ibm|intel|nvidia|baidu|alibaba|tencent|huawei|bytedance|"
    r"samsung|deepmind|openai|adobe|salesforce|bloomberg|sony|uber|linkedin|yahoo|netflix|qualcomm|xiaomi|"
    r"sensetime|megvii|naver|kakao|anthropic|twitter|siemens|bosch|philips|nec|fujitsu|hitachi|toshiba|"
    r"panasonic|ntt|jd\.com|didi|kuaishou|meituan|antgroup|ant group|iflytek)\b",
    re.I,
)
# Chinese and Japanese organisations (no word boundaries there); a university's name ends at 大学, and a
# unit may follow it without a break ("清华大学计算机系").
_CJK_LEVEL1 = re.compile(r"大学|大學|科学院|科學院|公司|集团|集團|株式会社|医院|醫院|病院")
_CJK_LEVEL2 = re.compile(r"研究所|研究院|研究室|实验室|實驗室|学院|學院|中心|センター")
_CJK_UNIVERSITY_END = re.compile(r"^(.+?(?:大学|大學|科学院|科學院)).+$")
_COLLEGE = re.compile(r"\bcollege\b(?!\s+of\b)", re.I)  # "University College London", not "College of X"
_LEVEL2 = re.compile(
    r"\b(?:institut\w*|istituto|laborator\w*|labs?|cent(?:er|re)s?|research|foundation|agency|council|"
    r"ministry|organi[sz]ation|technolog\w*|ai|observatory|museum|clinic|school)\b",
    re.I,
)
_SUBUNIT = re.compile(
    r"^(?:the\s+)?(?:(?:graduate\s+)?school\s+of|dep(?:artmen)?t\.?|dept\b|faculty|college\s+of|division|"
    r"program(?:me)?\b|chair\b|section\b|unit\b|group\b|team\b|(?:state\s+)?key\s+lab\w*)",
    re.I,
)
# A lab or centre named first in a multi-organisation string is a unit of the university beside it.
_UNIT_FIRST = re.compile(r"^(?:the\s+)?(?:cent(?:er|re)|laborator\w*|lab|key\s+lab\w*|state\s+key|group)\b", re.I)
_COUNTRIES = {
    "china",
    "p.r. china",
    "pr china",
    "p. r. china",
    "prc",
    "usa",
    "u.s.a.",
    "us",
    "u.s.",
    "united states",
    "united states of america",
    "uk",
    "u.k.",
    "united kingdom",
    "england",
    "scotland",
    "germany",
    "france",
    "japan",
    "korea",
    "south korea",
    "republic of korea",
    "canada",
    "singapore",
    "australia",
    "india",
    "italy",
    "spain",
    "switzerland",
    "netherlands",
    "the netherlands",
    "belgium",
    "denmark",
    "sweden",
    "norway",
    "finland",
    "austria",
    "israel",
    "taiwan",
    "hong kong",
    "hong kong sar",
    "macau",
    "macao",
    "brazil",
    "portugal",
    "greece",
    "ireland",
    "poland",
    "russia",
    "czech republic",
    "czechia",
    "turkey",
    "iran",
    "egypt",
    "saudi arabia",
    "uae",
    "united arab emirates",
    "qatar",
    "mexico",
    "chile",
    "argentina",
    "south africa",
    "vietnam",
    "thailand",
    "malaysia",
    "indonesia",
    "pakistan",
    "bangladesh",
    "new zealand",
    "hungary",
    "romania",
    "ukraine",
    "estonia",
    "luxembourg",
    "slovenia",
    "croatia",
    "serbia",
    "nigeria",
    "kenya",
    "colombia",
    "peru",
    "philippines",
    "sri lanka",
    "nepal",
    "morocco",
    "tunisia",
    "jordan",
    "lebanon",
    "cyprus",
    "iceland",
    "lithuania",
    "latvia",
    "slovakia",
    "bulgaria",
}
_CITIES = {
    "beijing",
    "shanghai",
    "shenzhen",
    "hangzhou",
    "guangzhou",
    "nanjing",
    "wuhan",
    "xi'an",
    "xian",
    "chengdu",
    "hefei",
    "tianjin",
    "harbin",
    "changsha",
    "suzhou",
    "xiamen",
    "jinan",
    "qingdao",
    "dalian",
    "shenyang",
    "chongqing",
    "taipei",
    "hsinchu",
    "tokyo",
    "kyoto",
    "osaka",
    "seoul",
    "daejeon",
    "pohang",
    "london",
    "paris",
    "berlin",
    "munich",
    "zurich",
    "lausanne",
    "geneva",
    "amsterdam",
    "delft",
    "toronto",
    "montreal",
    "vancouver",
    "seattle",
    "redmond",
    "boston",
    "pittsburgh",
    "mountain view",
    "menlo park",
    "palo alto",
    "san francisco",
    "san jose",
    "san diego",
    "sunnyvale",
    "los angeles",
    "chicago",
    "austin",
    "atlanta",
    "new york",
    "new york city",
    "sydney",
    "melbourne",
    "canberra",
    "brisbane",
    "tel aviv",
    "haifa",
    "bangalore",
    "bengaluru",
    "delhi",
    "new delhi",
    "mumbai",
    "madrid",
    "barcelona",
    "rome",
    "milan",
    "vienna",
    "stockholm",
    "copenhagen",
    "helsinki",
    "oslo",
    "dublin",
    "edinburgh",
    "manchester",
    "cambridge, ma",
}
_ADDRESS = re.compile(
    r"\b(?:street|st\.|road|rd\.?|avenue|ave\.?|blvd\.?|boulevard|drive|lane|highway|district|village|"
    r"building|bldg\.?|floor|room|suite|p\.?\s?o\.?\s+box|box|no\.|zip|province|prefecture|county|campus|"
    r"township|town|park)\b",
    re.I,
)
_US_STATE = re.compile(r"^[A-Z]{2}(?:\s+\d{5}(?:-\d{4})?)?(?:\s+USA)?$")
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


def organisations(text: str) -> list[str]:
    """The organisations named in one affiliation string, in order."""
    text = unicodedata.normalize("NFC", text)
    text = _INNER_STAR.sub("*", _EMAIL.sub(" ", text))
    text = re.sub(r"\s+", " ", text).strip()
    segments = [s for s in _MARKER_SPLIT.split(text) if s and s.strip(" ,;.&")]
    found: list[tuple[int, str]] = []
    for segment in segments:
        found.extend(_segment_organisations(segment))
    if any(level == _TOP for level, _ in found):
        # units named beside a university or company in the same string ("1 Center for X & 2 ..., Univ.")
        found = [(lv, n) for lv, n in found if lv == _TOP or not _UNIT_FIRST.match(n)]
    return [name for _, name in found]


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
        if index + 1 < len(parts) and _US_STATE.match(parts[index + 1].strip(" .")):
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
        if parts and _CONNECTOR.match(part):
            parts[-1] = f"{parts[-1]} {part}"  # "University of Illinois, at Chicago"
        else:
            parts.append(part)
    return parts


def _best_of_joined(part: str) -> str:
    """'imec - Ghent University': two names joined by a dash count as one; keep the more telling one."""
    pieces = [p.strip() for p in re.split(r"\s[-–—]\s", part) if p.strip()]
    if len(pieces) < 2:
        return part
    return max(pieces, key=lambda p: (_level(p), bool(_LEVEL1.search(p) or _LEVEL2.search(p))))


def _level(part: str) -> int:
    """How much a comma-separated part looks like a top-level organisation (see `_TOP` and friends)."""
    bare = _tidy_org(part)
    low = bare.casefold()
    if not bare or low in _COUNTRIES or low in _CITIES or _US_STATE.match(bare):
        return _JUNK
    if _LEVEL1.search(bare) or _COLLEGE.search(bare) or _CJK_LEVEL1.search(bare):
        return _TOP if not _SUBUNIT.match(bare) else _JUNK
    if _SUBUNIT.match(bare):
        return _JUNK
    if _LEVEL2.search(bare) or _CJK_LEVEL2.search(bare):
        return _UNIT
    if lookup(bare) is not None:
        return _TOP  # a known organisation without a telling word ("KAIST", "Momenta")
    if _ADDRESS.search(bare) or re.search(r"\d{4,}", bare) or not re.search(r"[A-Za-z]{2}", bare):
        return _JUNK
    if _NAME_LIKE.match(bare) or bare[:1].islower() or len(bare.split()) > 6:
        return _JUNK  # a person, a city, or a sentence
    return _UNKNOWN


def _with_campus(parts: list[str], index: int) -> str:
    """'University of California, Berkeley': the campus is part of the name, not an address."""
    name = parts[index].strip()
    if index + 1 < len(parts) and _CAMPUS_SYSTEMS.match(name):
        campus = parts[index + 1].strip(" .")
        plain = _level(campus) in (_UNKNOWN, _JUNK) and campus.casefold() not in _COUNTRIES
        if plain and not _US_STATE.match(campus) and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", campus):
            return f"{name}, {campus}"
    return name


def _tidy_org(name: str) -> str:
    name = re.sub(r"^(?:the|and|&)\s+", "", name.strip(" ,;:&-"), flags=re.I)
    name = re.sub(r"\s+\d{4,}(?:-\d+)?\b", "", name)  # postcodes
    name = re.sub(r"(?:\s+[A-Z]{1,2}\d[A-Z\d]?(?:\s+\d[A-Z]{2})?)+$", "", name)  # UK postcodes: "N1C 4AG"
    name = _TRAILING_JUNK.sub(lambda m: "" if _drop_tail(m.group(0)) else m.group(0), name)
    match = _AFTER_UNIVERSITY.match(name)
    tail = match.group(2) if match else ""
    if match and not (_LEVEL1.search(tail) or _LEVEL2.search(tail) or re.search(r"\bcollege\b", tail, re.I)):
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


def name_key(name: str) -> str:
    """Case, accents, punctuation and spacing folded away, for matching names."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "", text)


@dataclass(frozen=True)
class KnownInstitution:
    name: str
    zh: str
    country: str
    tier: int | None = None  # how famous: 1 globally leading, 2 well known, None not rated (see `rank_by_fame`)


@cache
def _known() -> dict[str, KnownInstitution]:
    """The bundled table keyed by every folded name and alias."""
    table: dict[str, KnownInstitution] = {}
    with resources.files("paperbrief.data").joinpath("institutions.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            known = KnownInstitution(row["name"], row["zh"], row["country"], _tier(row.get("tier")))
            for alias in [row["name"], *filter(None, row["aliases"].split("|")), row["zh"]]:
                table.setdefault(name_key(alias), known)
    return table


def lookup(name: str) -> KnownInstitution | None:
    """The table entry for an organisation name, if the table knows it."""
    return _known().get(name_key(name))


def chinese_name(name: str) -> str:
    """The usual Chinese name of an organisation, or the name itself when the table does not know it."""
    known = resolve(name)
    return known.zh if known else name


def brief_institutions(names: list[str], limit: int = 2) -> list[str]:
    """The best-known institutions (`rank_by_fame`), in Chinese, for a brief's subject: an unknown name only
    when no known one is listed ("Institute of Big Data" beside Fudan University is a unit, not news)."""
    ranked = rank_by_fame(names)
    kept = ranked[:1] + [name for name in ranked[1:] if fame(name) < _UNKNOWN_NAME]
    return [chinese_name(n) for n in kept[:limit]]


# ------------------------------------------------------------------------------------ fame and matching
#
# Who to name when a paper lists many institutions (the best known, as a reader expects), and whether a name
# a model wrote is one the paper lists: by its Chinese name, an alias or acronym, or as the paper printed it.

_UNRATED, _UNKNOWN_NAME = 3, 4


def _tier(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


_ASIDE = re.compile(r"\s*[(（].*$")
_LEGAL_FORM = re.compile(r"(?:,?\s+(?:Inc|Corporation|Corp|Co|Ltd|Limited|LLC|GmbH|PLC|AG)\.?)+$", re.I)
_ZH_LEGAL_FORM = re.compile(r"(?:(?:股份|技术|科技)?有限公司|公司|集团)$")


def resolve(name: str) -> KnownInstitution | None:
    """The table entry for a name as papers print it: whole, else without an aside in parentheses or a legal
    form ("Co., Ltd.", "有限公司"), a place after it ("Zhejiang University HangZhou") or a repeated last word
    ("University of Houston Houston")."""
    known = lookup(name)
    if known is not None:
        return known
    bare = _ZH_LEGAL_FORM.sub("", _LEGAL_FORM.sub("", _ASIDE.sub("", name))).strip()
    words = bare.split()
    for cut in (1, 2):
        head, tail = words[:-cut], " ".join(words[-cut:])
        if head and (tail.casefold() in _CITIES | _COUNTRIES or tail in head):
            known = lookup(" ".join(head))
            if known is not None:
                return known
    return lookup(bare) if bare != name else None


def fame(name: str) -> int:
    """A name's rank for `rank_by_fame`: its tier (1 or 2), 3 for a known but unrated one, 4 for unknown."""
    known = resolve(name)
    if known is None:
        return _UNKNOWN_NAME
    return known.tier or _UNRATED


def rank_by_fame(names: list[str]) -> list[str]:
    """`names` best known first (tier 1, tier 2, in the table, unknown), in the paper's order on ties."""
    return sorted(names, key=fame)


def printed_names(raw: list[str]) -> list[str]:
    """Every organisation-like piece of affiliations as printed: each string and each of its comma parts
    that is not a place, an address or a number ("School of Cyber Science and Engineering" counts)."""
    pieces: list[str] = []
    for text in raw:
        for part in [text, *re.split(r"[,;，；]", text)]:
            part = part.strip(" .")
            low = part.casefold()
            if len(part) > 2 and low not in _CITIES | _COUNTRIES and not _US_STATE.match(part) and not part.isdigit():
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
        return any(_names(piece, parent) and _LEVEL2.search(piece) for piece in pieces)
    return any(_extends(name, piece) for piece in pieces)


_UNIT_END_ZH = re.compile(r"(?:研究院|研究所|研究中心|实验室)$")
# "美国北德克萨斯大学": a country before a Chinese name only says where the organisation is.
_COUNTRY_ZH = re.compile(
    r"^(?:美国|英国|日本|韩国|德国|法国|加拿大|澳大利亚|新加坡|意大利|西班牙|荷兰|瑞士|瑞典|印度)(?=.{2,})"
)


def _is_organisation(name: str) -> bool:
    return bool(_LEVEL1.search(name) or _LEVEL2.search(name) or _CJK_LEVEL1.search(name) or _CJK_LEVEL2.search(name))


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
