"""How a run behaves: one keyword-only record that the library, the CLI and the config file fill in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:
    from .http import Transports
    from .llm import LLMSettings

SORTS = ("relevance", "lastUpdatedDate", "submittedDate")
ENRICHERS = ("openalex",)


@dataclass(kw_only=True)
class Options:
    """Every field has a default that works offline."""

    topic: str | None = None
    jobs: int | None = None
    timeout: float = 60.0
    briefs: bool = True
    arxiv_query: str | None = None
    max_results: int = 50
    sort: str = "relevance"  # relevance | lastUpdatedDate | submittedDate
    since_last: str | None = None  # name of a digest: report only papers it has not reported yet
    since: date | None = None  # the first day of the run's date window, if it has one; dates undated reports
    enrich: list[str] = field(default_factory=list)  # "openalex"
    arxiv_api_url: str | None = None  # else PAPERBRIEF_ARXIV_API_URL, else arXiv's
    arxiv_pdf_url: str | None = None  # else PAPERBRIEF_ARXIV_PDF_URL, else arXiv's
    arxiv_max_age: float = 86400.0  # seconds a cached "latest version" or query result stays fresh
    techniques: Path | None = None  # a TOML file of technique rules merged over the bundled taxonomy
    llm: LLMSettings | None = None  # briefs from a model after the offline ones; None stays offline
    profile: str | None = None  # a bundled topic profile's name or a TOML file; None: the default profile
    screen: bool | None = None  # None: screen papers that came from a listing; True/False: every paper or none
    include_replaced: bool = False  # screen a listing's replacements instead of dropping them
    transports: Transports | None = None  # the HTTP seam of every client (arXiv, OpenAlex, the model); None: network

    def check(self) -> None:
        """Refuse options that cannot work, before any work is done."""
        unknown = [name for name in self.enrich if name not in ENRICHERS]
        if unknown:
            raise ConfigError(f"unknown enrichment {', '.join(unknown)}: use {', '.join(ENRICHERS)}")
        if self.sort not in SORTS:
            raise ConfigError(f"unknown sort {self.sort!r}: use one of {', '.join(SORTS)}")
        if self.max_results < 1:
            raise ConfigError("--max-results must be at least 1")
        if self.since_last is not None and not self.since_last.strip():
            raise ConfigError("--since-last needs a digest name, e.g. --since-last weekly")
