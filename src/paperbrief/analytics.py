"""The field at a glance: which techniques the papers use, who publishes them, and their headline numbers.

Computed once, from the papers of a `Report`, into an `Analytics` record (`Report.analytics`) of typed rows
that every renderer shows as it is; `Analytics.to_dict()` is its JSON form:

    {"version": 1, "paper_count": N,
     "techniques":   [{"key", "label_zh", "label_en", "count", "papers": [i, ...]}, ...],   # most papers first
     "institutions": [{"name", "name_zh", "country", "count", "papers"}, ...],             # name_zh/country may be null
     "famous":       [{"name", "name_zh", "country", "tier", "count", "papers"}, ...],     # best known first
     "countries":    [{"country", "count", "papers"}, ...],
     "papers_without_institutions": M,
     "results":      [{"paper", "metric", "kind", "label_zh", "value", "number", "context"}, ...]}

Paper numbers `i` are 1-based positions in `Report.papers`, as the Markdown report numbers them. The techniques
are tagged by `techniques.py`, the headline results read by `claims.py`.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .claims import Claim, headline_results
from .context import Event, Stage
from .institutions import name_key, resolve
from .models import Paper
from .techniques import OTHER, OTHER_LABELS, Technique, tag_techniques

if TYPE_CHECKING:
    from .context import Context

ANALYTICS_VERSION = 1


# The rows of `Analytics`; `Analytics.to_dict()` makes each a JSON object with these keys in this order, which is
# the order the JSON report has always had (so an institution's `papers` come before its `count`).


@dataclass(frozen=True)
class TechniqueRow:
    key: str
    label_zh: str
    label_en: str
    count: int
    papers: list[int]


@dataclass(frozen=True)
class InstitutionRow:
    name: str
    name_zh: str | None
    country: str | None
    papers: list[int]
    count: int


@dataclass(frozen=True)
class FamousRow:
    """An institution the table rates (tier 1 globally leading, 2 well known) and the papers it is on."""

    name: str
    name_zh: str | None
    country: str | None
    tier: int
    papers: list[int]
    count: int


@dataclass(frozen=True)
class CountryRow:
    country: str
    count: int
    papers: list[int]


@dataclass(frozen=True)
class HeadlineResult:
    paper: int
    metric: str
    kind: str
    label_zh: str
    value: str
    number: float
    context: str


def _technique_rows(papers: list[Paper], taxonomy: list[Technique]) -> list[TechniqueRow]:
    labels = {t.key: (t.label_zh, t.label_en) for t in taxonomy} | {OTHER: OTHER_LABELS}
    order = {t.key: i for i, t in enumerate(taxonomy)}
    members: dict[str, list[int]] = {}
    for index, paper in enumerate(papers, start=1):
        for key in paper.techniques or [OTHER]:
            members.setdefault(key, []).append(index)
    rows = [TechniqueRow(key, *labels.get(key, (key, key)), len(found), found) for key, found in members.items()]
    # "Other" always last: it is what the taxonomy did not cover, not a technique.
    return sorted(rows, key=lambda r: (r.key == OTHER, -r.count, order.get(r.key, len(order)), r.key))


# --- Institutions and countries -------------------------------------------------------------------------


def canonical_institution(name: str) -> tuple[str, str | None, str | None]:
    """(English name, Chinese name, country) from the table, trying the whole name and then each comma part
    (affiliations often read "Department of X, Some University"); an unknown name stays as it is."""
    for candidate in [name, *name.split(",")]:
        known = resolve(candidate.strip())
        if known:
            return known.name, known.zh or None, known.country or None
    return name, None, None


def _institution_rows(papers: list[Paper]) -> tuple[list[InstitutionRow], list[CountryRow]]:
    institutions: dict[str, tuple[str, str | None, str | None, list[int]]] = {}
    countries: dict[str, list[int]] = {}
    for index, paper in enumerate(papers, start=1):
        for name in filter(str.strip, paper.institutions):
            english, chinese, country = canonical_institution(name)
            found = institutions.setdefault(name_key(english) or english, (english, chinese, country, []))[3]
            _add_once(found, index)
            if country:
                _add_once(countries.setdefault(country, []), index)
    ranked = sorted(institutions.values(), key=lambda row: (-len(row[3]), row[0].casefold()))
    institution_rows = [InstitutionRow(*row, count=len(row[3])) for row in ranked]
    by_count = sorted(countries.items(), key=lambda item: (-len(item[1]), item[0]))
    country_rows = [CountryRow(country, len(found), found) for country, found in by_count]
    return institution_rows, country_rows


def famous_institutions(rows: list[InstitutionRow]) -> list[FamousRow]:
    """The rated institutions among `rows`, by tier and then by paper count (`rows`' order on ties)."""
    rated = [(known.tier, row) for row in rows if (known := resolve(row.name)) is not None and known.tier]
    ranked = sorted(rated, key=lambda pair: (pair[0], -pair[1].count))
    return [FamousRow(r.name, r.name_zh, r.country, tier, r.papers, r.count) for tier, r in ranked]


def _add_once(indices: list[int], index: int) -> None:
    if not indices or indices[-1] != index:
        indices.append(index)


# --- The whole summary ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Analytics:
    """The summary of a set of papers; see the module docstring. The default is the summary of no papers."""

    version: int = ANALYTICS_VERSION
    paper_count: int = 0
    techniques: list[TechniqueRow] = field(default_factory=list)
    institutions: list[InstitutionRow] = field(default_factory=list)
    famous: list[FamousRow] = field(default_factory=list)
    countries: list[CountryRow] = field(default_factory=list)
    papers_without_institutions: int = 0
    results: list[HeadlineResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, in the shape of the module docstring (and of the README's JSON schema)."""
        return asdict(self)


def analyze(papers: list[Paper], taxonomy: list[Technique]) -> Analytics:
    """Tag the papers that have no techniques yet (`tag_techniques`) and summarise the set."""
    tag_techniques(papers, taxonomy)
    institutions, countries = _institution_rows(papers)
    return Analytics(
        paper_count=len(papers),
        techniques=_technique_rows(papers, taxonomy),
        institutions=institutions,
        famous=famous_institutions(institutions),
        countries=countries,
        papers_without_institutions=sum(1 for p in papers if not p.institutions),
        results=[_result(i, c) for i, paper in enumerate(papers, start=1) for c in headline_results(paper.abstract)],
    )


def _result(paper: int, claim: Claim) -> HeadlineResult:
    return HeadlineResult(paper, claim.metric, claim.kind, claim.label_zh, claim.value, claim.number, claim.context)


def summarise(papers: list[Paper], context: Context) -> Generator[Event, None, list[Paper]]:
    """The analytics stage: the field at a glance, over the reported papers, for the report."""
    active = [p for p in papers if p.active]
    context.analytics = analyze(active, context.taxonomy)
    yield Event(Stage.ANALYTICS, len(active), len(active))
    return papers
