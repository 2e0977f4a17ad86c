"""paperbrief: turn a pile of research papers into a trustworthy analysis report.

The library does everything the CLI does::

    import paperbrief
    report = paperbrief.run(["papers/"], paperbrief.Options(topic="推理加速"))
    print(paperbrief.render(report, paperbrief.Format.MD))

and files a month of listings day by day with ``paperbrief.iter_days(inputs, options, paperbrief.Archive(root))``.
"""

from .archive import Archive, DatedBy, Day, file_day, parse_formats, rebuild_index
from .cache import Store
from .context import Event, Stage
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
from .llm import JsonMode, LLMSettings, resolve_settings
from .models import Brief, BriefOrigin, Code, Origin, Paper, PaperWarning, Report, Status
from .options import Options
from .pipeline import Filed, Output, drain, iter_days, iter_run, run
from .render import Format, ScreeningFormat, format_for, render, render_institutions, render_screening, write_atomic

__all__ = [
    "Archive",
    "Brief",
    "BriefOrigin",
    "CacheError",
    "Code",
    "ConfigError",
    "DatedBy",
    "Day",
    "Event",
    "ExtractionError",
    "Filed",
    "Format",
    "JsonMode",
    "LLMError",
    "LLMSettings",
    "LLMTimeout",
    "NetworkError",
    "Options",
    "Origin",
    "Output",
    "Paper",
    "PaperWarning",
    "PaperbriefError",
    "Report",
    "ScreeningFormat",
    "SourceError",
    "Stage",
    "Status",
    "Store",
    "drain",
    "extract_pdf",
    "file_day",
    "format_for",
    "iter_days",
    "iter_run",
    "parse_formats",
    "rebuild_index",
    "render",
    "render_institutions",
    "render_screening",
    "resolve_settings",
    "run",
    "write_atomic",
]
