"""The records that flow through the stages: `Paper`, `Brief`, `Screening` and `Report`. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analytics import Analytics
    from .llm.usage import Usage


class Origin(StrEnum):
    """Where a field's value came from."""

    PDF = "pdf"
    ARXIV = "arxiv"
    LISTING = "listing"
    JSONL = "jsonl"
    OPENALEX = "openalex"


class BriefOrigin(StrEnum):
    """Who wrote a brief: paperbrief offline, a model, or the input itself."""

    OFFLINE = "offline"
    LLM = "llm"
    GIVEN = "given"


class Status(StrEnum):
    """Where a paper ended: reported (`ok`, or `partial` with warnings), left out on purpose, or failed."""

    OK = "ok"
    PARTIAL = "partial"
    DROPPED = "dropped"
    FAILED = "failed"


class Code(StrEnum):
    """What a warning or a drop is about, for code to test; people read the message."""

    FIELD_IGNORED = "field-ignored"
    NOT_UTF8 = "not-utf8"
    NOT_FOUND = "not-found"
    LOW_CONFIDENCE = "low-confidence"
    PDF_REPAIRED = "pdf-repaired"
    PDF_UNREADABLE = "pdf-unreadable"
    PDF_NOT_FETCHED = "pdf-not-fetched"
    ABSTRACT_CUT = "abstract-cut"
    AUTHOR_COUNT_UNKNOWN = "author-count-unknown"
    DUPLICATES = "duplicates"
    ENRICH_FAILED = "enrich-failed"
    NO_BRIEF = "no-brief"
    GIVEN_BRIEF_DROPPED = "given-brief-dropped"
    GIVEN_BRIEF_NUMBERS = "given-brief-numbers"
    LLM_FAILED = "llm-failed"
    LLM_REJECTED = "llm-rejected"
    LLM_BUDGET = "llm-budget"
    JUDGE_FAILED = "judge-failed"
    TRANSLATION_FAILED = "translation-failed"
    NO_ABSTRACT_SCREENED = "screened-on-title"
    # Reasons for dropping a paper.
    DUPLICATE = "duplicate"
    SCREENED_OUT = "screened-out"
    REPLACED = "replaced"
    ALREADY_REPORTED = "already-reported"
    STATUS_FILTERED = "status-filtered"


@dataclass(frozen=True)
class PaperWarning:
    """A doubt about a paper that does not stop it from being reported; `field` names the field it concerns."""

    code: Code
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        return {"code": str(self.code), "field": self.field, "message": self.message}


@dataclass(frozen=True)
class Drop:
    """Why a readable paper is left out of the report: screened out, a duplicate, already reported."""

    code: Code
    reason: str


@dataclass
class Brief:
    """A one-sentence Chinese brief and the parts it was assembled from."""

    text: str
    origin: BriefOrigin
    institutions_zh: list[str] = field(default_factory=list)
    paper_name: str = ""
    technique: str = ""
    problem: str = ""
    effect: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "origin": str(self.origin),
            "institutions_zh": list(self.institutions_zh),
            "paper_name": self.paper_name,
            "technique": self.technique,
            "problem": self.problem,
            "effect": self.effect,
        }


class Decision(StrEnum):
    KEEP = "keep"
    DROP = "drop"


@dataclass(frozen=True)
class Evidence:
    """One thing that counted in screening: the words as the paper wrote them, where, what rule of the profile
    they matched (its kind and Chinese label) and the weight they added."""

    text: str
    where: str  # "title" | "abstract" | "comments"; "paper" for an unmet requirement, which has no words
    weight: float
    kind: str  # "terms" | "hints" | "measures" | "exclusions" | "requirements"
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "where": self.where, "weight": self.weight, "kind": self.kind, "label": self.label}


@dataclass
class Judgement:
    """A model's verdict on a paper's relevance, with a one-sentence Chinese summary."""

    relevant: bool
    confidence: float
    reason: str
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "relevant": self.relevant,
            "confidence": self.confidence,
            "reason": self.reason,
            "summary": self.summary,
        }


@dataclass
class Screening:
    """The topic decision on a paper: rules first, a model's judgement when one was asked."""

    decision: Decision
    score: float
    reason: str
    evidence: list[Evidence] = field(default_factory=list)
    uncertain: bool = False
    judge: Judgement | None = None

    @property
    def kept(self) -> bool:
        return self.decision is Decision.KEEP

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": str(self.decision),
            "score": round(self.score, 2),
            "reason": self.reason,
            "evidence": [e.to_dict() for e in self.evidence],
            "uncertain": self.uncertain,
            "judge": self.judge.to_dict() if self.judge else None,
        }


@dataclass
class Paper:
    """One input on its way through the pipeline.

    A stage records what happened on the paper instead of raising: `warnings` for doubts, `dropped` when
    it is left out on purpose (screened out, a duplicate), `error` when it cannot be reported at all (it
    is then listed as failed, never briefed). `status` reads the three.
    """

    source: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    institutions: list[str] = field(default_factory=list)
    raw_institutions: list[str] = field(default_factory=list)  # as the paper printed them, before cleaning
    abstract: str = ""
    arxiv_id: str | None = None
    url: str | None = None
    pdf_path: str | None = None
    categories: list[str] = field(default_factory=list)
    published: str | None = None
    section: str | None = None  # "new" | "cross" | "replaced" in an arXiv listing
    comments: str = ""
    listing_date: str | None = None  # the day of the listing the paper came from, YYYY-MM-DD
    venue_status: str | None = None  # a conference list's "oral", "poster", ...
    provenance: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    techniques: list[str] = field(default_factory=list)
    screening: Screening | None = None
    brief: Brief | None = None
    given_brief: str | None = None
    translation: str | None = None
    body_text: str = ""
    duplicates: list[str] = field(default_factory=list)  # sources of the inputs collapsed into this paper
    warnings: list[PaperWarning] = field(default_factory=list)
    dropped: Drop | None = None
    error: str | None = None

    @property
    def status(self) -> Status:
        # A failed input that duplicates a readable one is dropped, not failed: the paper is reported.
        if self.dropped is not None:
            return Status.DROPPED
        if self.error is not None:
            return Status.FAILED
        return Status.PARTIAL if self.warnings else Status.OK

    @property
    def failed(self) -> bool:
        return self.status is Status.FAILED

    @property
    def active(self) -> bool:
        """Still on its way to the report: neither failed nor dropped."""
        return self.error is None and self.dropped is None

    @property
    def effective_author_count(self) -> int | None:
        """The count to print: the listed authors when there are any, else a count given without names."""
        if self.authors:
            return len(self.authors)
        return self.author_count if self.author_count else None

    @property
    def short_name(self) -> str:
        """The name a brief uses: the part before the colon when the title has one."""
        head, sep, _ = self.title.partition(":")
        if sep and 2 <= len(head.strip()) <= 40:
            return head.strip()
        return self.title.strip()

    def warn(self, code: Code, message: str, *, field: str | None = None) -> None:
        warning = PaperWarning(code, message, field)
        if warning not in self.warnings:
            self.warnings.append(warning)

    def unwarn(self, code: Code) -> None:
        """Forget the warnings of one kind, e.g. to state them again with more detail."""
        self.warnings = [w for w in self.warnings if w.code != code]

    def has_warning(self, code: Code) -> bool:
        return any(w.code == code for w in self.warnings)

    def drop(self, code: Code, reason: str) -> None:
        self.dropped = Drop(code, reason)

    def undrop(self, code: Code) -> None:
        """Take the paper back if it was dropped for `code` (a model judge overruling the rules); any other
        drop (a duplicate, a replacement) stands."""
        if self.dropped is not None and self.dropped.code is code:
            self.dropped = None

    def fail(self, reason: str) -> None:
        self.error = reason
        self.brief = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": str(self.status),
            "title": self.title,
            "authors": list(self.authors),
            "author_count": self.effective_author_count,
            "institutions": list(self.institutions),
            "abstract": self.abstract,
            "arxiv_id": self.arxiv_id,
            "url": self.url,
            "categories": list(self.categories),
            "published": self.published,
            "section": self.section,
            "comments": self.comments,
            "provenance": dict(self.provenance),
            "confidence": {k: round(v, 3) for k, v in self.confidence.items()},
            "techniques": list(self.techniques),
            "screening": self.screening.to_dict() if self.screening else None,
            "brief": self.brief.to_dict() if self.brief else None,
            "translation": self.translation,
            "warnings": [w.to_dict() for w in self.warnings],
            "dropped": {"code": str(self.dropped.code), "reason": self.dropped.reason} if self.dropped else None,
            "error": self.error,
        }


@dataclass
class Report:
    """Everything a renderer needs; renderers read nothing else.

    `papers` are the reported ones (`ok`/`partial`), `failed` the inputs that could not be read, and
    `dropped` the readable ones left out (screened out, duplicates, already reported). `entries` holds them
    all in input order; those with a `screening` make the screening table.
    """

    title: str
    generated_at: datetime
    papers: list[Paper]
    failed: list[Paper]
    dropped: list[Paper] = field(default_factory=list)
    entries: list[Paper] = field(default_factory=list)
    topic: str | None = None
    date: str | None = None  # the day the report covers (a listing's date), YYYY-MM-DD
    analytics: Analytics | None = None
    usage: Usage | None = None  # what a model was asked over the run; None offline

    @property
    def generated_at_text(self) -> str:
        return self.generated_at.strftime("%Y-%m-%d %H:%M:%S")
