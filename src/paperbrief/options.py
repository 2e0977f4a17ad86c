"""How a run behaves: one keyword-only record that the library, the CLI and the config file fill in."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:
    from .context import Stage
    from .http import Transports
    from .llm import LLMSettings

SORTS = ("relevance", "lastUpdatedDate", "submittedDate")
ENRICHERS = ("openalex",)
JUDGES = ("uncertain", "all", "none")  # which screened papers a model judges


@dataclass(kw_only=True)
class Options:
    """Every field has a default that works offline."""

    topic: str | None = None
    jobs: int | None = None
    timeout: float = 60.0
    stop_after: Stage | None = None  # the last stage to run: SCREEN for the screening table, ENRICH to extract
    arxiv_query: str | None = None
    max_results: int = 50
    sort: str = "relevance"  # relevance | lastUpdatedDate | submittedDate
    since: date | None = None  # --arxiv-query only papers submitted from this day (GMT) ...
    until: date | None = None  # ... to this one, both included; without it, `since` alone
    venue_status: list[str] = field(default_factory=list)  # conference lists: keep only these statuses ("oral")
    since_last: str | None = None  # name of a digest: report only papers it has not reported yet
    enrich: list[str] = field(default_factory=list)  # "openalex"
    arxiv_api_url: str | None = None  # else PAPERBRIEF_ARXIV_API_URL, else arXiv's
    arxiv_pdf_url: str | None = None  # else PAPERBRIEF_ARXIV_PDF_URL, else arXiv's
    arxiv_max_age: float = 86400.0  # seconds a cached "latest version" or query result stays fresh
    techniques: Path | None = None  # a TOML file of technique rules merged over the bundled taxonomy
    llm: LLMSettings | None = None  # briefs from a model after the offline ones; None stays offline
    judge: str | None = None  # uncertain | all | none; None: "uncertain" with a model, else "none"
    translate: bool = False  # a model's Chinese translation of each reported abstract
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
        if self.judge is not None and self.judge not in JUDGES:
            raise ConfigError(f"unknown judge {self.judge!r}: use one of {', '.join(JUDGES)}")
        if self.llm is None and (self.judge_mode != "none" or self.translate):
            raise ConfigError("--judge and --translate need a model: pass --model NAME or set PAPERBRIEF_MODEL")
        self._check_window()

    @property
    def judge_mode(self) -> str:
        """Which screened papers a model judges: `judge` when set, else the uncertain band when there is a model."""
        return self.judge or ("uncertain" if self.llm else "none")

    def _check_window(self) -> None:
        if self.until is not None and self.since is None:
            raise ConfigError("--until needs --since: give the first day too, e.g. --since 2025-09-15")
        if self.since is not None and self.until is not None and self.until < self.since:
            raise ConfigError(f"--until {self.until} is before --since {self.since}: swap them")


def parse_day(text: str, *, today: date | None = None) -> date:
    """A day as the command line gives it: `today`, `yesterday` or `YYYY-MM-DD`. Today is GMT's, the clock of
    arXiv's submission dates."""
    today = today or datetime.now(UTC).date()
    named = {"today": today, "yesterday": today - timedelta(days=1)}
    word = text.strip().lower()
    if word in named:
        return named[word]
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", word):
            return date.fromisoformat(word)
    except ValueError:
        pass
    raise ConfigError(f"not a day: {text!r}: use today, yesterday or YYYY-MM-DD, e.g. 2025-09-15")


def parse_statuses(values: Iterable[str]) -> list[str]:
    """Statuses as `--status oral,spotlight` gives them (also repeated): split at commas, in lower case."""
    return [status for value in values for part in value.split(",") if (status := part.strip().lower())]
