"""The one exception tree of paperbrief.

    PaperbriefError            a run cannot go on; the message says what to do
    ├── ConfigError            bad options, missing key or model
    ├── SourceError            an input cannot be read at all
    │   └── ExtractionError    a PDF could not be parsed or timed out
    ├── NetworkError           an HTTP API (arXiv, OpenAlex) failed after retries or cannot be reached
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
    """Bad options, a missing key or model: the user must change how paperbrief is called."""


class SourceError(PaperbriefError):
    """An input cannot be read at all."""


class ExtractionError(SourceError):
    """A PDF could not be parsed, or took longer than its time limit."""


class NetworkError(PaperbriefError):
    """An HTTP API (arXiv, OpenAlex) still failed after retries, or its host cannot be reached."""


class LLMError(PaperbriefError):
    """The model endpoint still failed after retries."""


class LLMTimeout(LLMError):
    """A model call took longer than its time limit."""


class CacheError(PaperbriefError):
    """The SQLite store cannot be opened or written."""
