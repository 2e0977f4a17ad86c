"""What the stages of one run share: the options, progress events, and the services opened on first use.

A folder of PDFs never opens the store or an HTTP client; an arXiv id opens both once, and `close()` shuts
whatever was opened. A network problem with one paper is recorded on that paper, never raised.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

from .options import Options

if TYPE_CHECKING:
    from .analytics import Analytics
    from .arxiv.source import ArxivSource
    from .cache import Store
    from .http import Transports
    from .llm.usage import Usage
    from .openalex import OpenAlex
    from .screen import Matcher, Profile
    from .techniques import Technique


class Stage(StrEnum):
    """The pipeline step an `Event` reports on, in the order they run."""

    SOURCES = "sources"
    SCREEN = "screen"
    JUDGE = "judge"
    FETCH = "fetch"
    EXTRACT = "extract"
    INSTITUTIONS = "institutions"
    ENRICH = "enrich"
    SUMMARIZE = "summarize"
    LLM = "llm"
    TRANSLATE = "translate"
    ANALYTICS = "analytics"
    ARCHIVE = "archive"
    DONE = "done"


@dataclass(frozen=True)
class Event:
    """Progress: `done` of `total` items in `stage`; `source` names the item just finished, if any."""

    stage: Stage
    done: int
    total: int
    source: str | None = None


class Context:
    """The options of a run and the services its stages open lazily; use as a context manager."""

    def __init__(self, options: Options) -> None:
        options.check()
        self.options = options
        self.analytics: Analytics | None = None
        self._stack = ExitStack()

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()

    @property
    def usage(self) -> Usage | None:
        """The report's `usage`: what the model was asked over the whole run; None offline."""
        return self.llm_usage if self.options.llm else None

    @cached_property
    def llm_usage(self) -> Usage:
        """The one `Usage` every model task of the run counts into (judge, brief, translate: one budget)."""
        from .llm.usage import Usage

        if self.options.llm is None:
            raise ValueError("no model is set: a run without one has no LLM usage")
        return Usage.start(self.options.llm)

    @property
    def transports(self) -> Transports:
        from .http import NETWORK

        return self.options.transports or NETWORK

    @cached_property
    def taxonomy(self) -> list[Technique]:
        from .techniques import load_taxonomy

        return load_taxonomy(self.options.techniques)

    @cached_property
    def profile(self) -> Profile:
        from .screen import load_profile

        return load_profile(self.options.profile)

    @cached_property
    def matcher(self) -> Matcher:
        from .screen import Matcher

        return Matcher(self.profile)

    @cached_property
    def store(self) -> Store:
        from .cache import Store

        return self._stack.enter_context(Store())

    @cached_property
    def arxiv(self) -> ArxivSource:
        from .arxiv.client import Client, Settings
        from .arxiv.source import ArxivSource

        settings = Settings.from_env(
            api_url=self.options.arxiv_api_url,
            pdf_url=self.options.arxiv_pdf_url,
            max_age=self.options.arxiv_max_age,
        )
        source = ArxivSource(self.store, Client(settings, transports=self.transports))
        self._stack.callback(source.close)
        return source

    @cached_property
    def openalex(self) -> OpenAlex:
        from .openalex import OpenAlex

        service = OpenAlex(self.store, transports=self.transports)
        self._stack.callback(service.close)
        return service
