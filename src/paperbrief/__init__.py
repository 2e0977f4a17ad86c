"""paperbrief: turn a pile of research papers into a trustworthy analysis report.

The library does everything the CLI does::

    import paperbrief
    report = paperbrief.run(["papers/"], paperbrief.Options(topic="推理加速"))
    print(paperbrief.render(report, paperbrief.Format.MD))
"""

from .errors import (
    CacheError,
    ConfigError,
    ExtractionError,
    LLMError,
    LLMTimeout,
    NetworkError,
    PaperbriefError,
    SourceError,
)
from .extract import extract_pdf
from .llm import JsonMode, LLMSettings
from .models import Brief, BriefOrigin, Origin, Paper, Report
from .pipeline import Event, Options, Stage, iter_run, run
from .render import Format, render

__all__ = [
    "Brief",
    "BriefOrigin",
    "CacheError",
    "ConfigError",
    "Event",
    "ExtractionError",
    "Format",
    "JsonMode",
    "LLMError",
    "LLMSettings",
    "LLMTimeout",
    "NetworkError",
    "Options",
    "Origin",
    "Paper",
    "PaperbriefError",
    "Report",
    "SourceError",
    "Stage",
    "extract_pdf",
    "iter_run",
    "render",
    "run",
]
