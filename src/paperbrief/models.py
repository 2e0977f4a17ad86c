"""The records that flow through the stages: `Paper`, `Brief` and `Report`. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Origin(StrEnum):
    """Where a field's value came from."""

    PDF = "pdf"
    ARXIV = "arxiv"
    JSONL = "jsonl"
    OPENALEX = "openalex"


class BriefOrigin(StrEnum):
    """Who wrote a brief: paperbrief offline, a model, or the input itself."""

    OFFLINE = "offline"
    LLM = "llm"
    GIVEN = "given"


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


@dataclass
class Paper:
    """One input on its way through the pipeline.

    A stage records what went wrong on the paper instead of raising: `warnings` for doubts,
    `error` when the paper cannot be reported at all (it is then listed as failed, never briefed).
    """

    source: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    institutions: list[str] = field(default_factory=list)
    abstract: str = ""
    arxiv_id: str | None = None
    url: str | None = None
    pdf_path: str | None = None
    categories: list[str] = field(default_factory=list)
    published: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    techniques: list[str] = field(default_factory=list)
    brief: Brief | None = None
    given_brief: str | None = None
    body_text: str = ""
    duplicates: list[str] = field(default_factory=list)  # sources of the inputs collapsed into this paper
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

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

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def fail(self, reason: str) -> None:
        self.error = reason
        self.brief = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "authors": list(self.authors),
            "author_count": self.effective_author_count,
            "institutions": list(self.institutions),
            "abstract": self.abstract,
            "arxiv_id": self.arxiv_id,
            "url": self.url,
            "categories": list(self.categories),
            "published": self.published,
            "provenance": dict(self.provenance),
            "confidence": {k: round(v, 3) for k, v in self.confidence.items()},
            "techniques": list(self.techniques),
            "brief": self.brief.to_dict() if self.brief else None,
            "warnings": list(self.warnings),
            "error": self.error,
        }


@dataclass
class Report:
    """Everything a renderer needs; renderers read nothing else."""

    title: str
    generated_at: datetime
    papers: list[Paper]
    failed: list[Paper]
    analytics: dict[str, Any] = field(default_factory=dict)
    usage: dict[str, Any] = field(default_factory=dict)

    @property
    def generated_at_text(self) -> str:
        return self.generated_at.strftime("%Y-%m-%d %H:%M:%S")
