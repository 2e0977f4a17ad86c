"""paperbrief: turn a pile of research papers into a trustworthy analysis report.

The library does everything the CLI does::

    import paperbrief
    report = paperbrief.run(["papers/"], paperbrief.Options(topic="推理加速"))
    print(paperbrief.render(report, paperbrief.Format.MD))
"""

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
from .pipeline import Output, drain, iter_run, run
from .render import Format, format_for, render, write_atomic
from .screen import Profile, bundled_profiles, load_profile

__all__ = [
    "Brief",
    "BriefOrigin",
    "CacheError",
    "Code",
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
    "Output",
    "Paper",
    "PaperWarning",
    "PaperbriefError",
    "Profile",
    "Report",
    "SourceError",
    "Stage",
    "Status",
    "Store",
    "bundled_profiles",
    "drain",
    "extract_pdf",
    "format_for",
    "iter_run",
    "load_profile",
    "render",
    "resolve_settings",
    "run",
    "write_atomic",
]
