"""The one exception tree of paperbrief.

    PaperbriefError            a run cannot go on; the message says what to do
    ├── ConfigError            bad options, missing key or model
    ├── SourceError            an input cannot be read at all
    │   └── ExtractionError    a PDF could not be parsed or timed out
    ├── NetworkError           an HTTP API (arXiv, OpenAlex) failed after retries
    ├── LLMError               the model endpoint failed after retries
    │   └── LLMTimeout
    └── CacheError             the SQLite store is unusable

A problem with one paper is recorded on that paper (`Paper.error`, `Paper.warnings`); these exceptions
are for problems with the whole run, or raised inside a stage and turned into a per-paper error there.
Foreign exceptions are translated at the boundary and chained with `raise ... from`.
"""

from __future__ import annotations


class PaperbriefError(Exception):
    """Base class of every error paperbrief raises on purpose."""


class ConfigError(PaperbriefError):
    pass


class SourceError(PaperbriefError):
    pass


class ExtractionError(SourceError):
    pass


class NetworkError(PaperbriefError):
    pass


class LLMError(PaperbriefError):
    pass


class LLMTimeout(LLMError):
    pass


class CacheError(PaperbriefError):
    pass
