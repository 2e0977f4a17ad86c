"""paperbrief: turn a pile of research papers into a trustworthy analysis report.

The library does everything the CLI does::

    import paperbrief
    report = paperbrief.run(["papers/"], paperbrief.Options(topic="推理加速"))
    print(paperbrief.render(report, paperbrief.Format.MD))

The records, options, errors and the renderers load with the package; the store, extraction, the model
client and the pipeline (SQLite, PyMuPDF and the OpenAI client: a second or more) load on first use of their
names, so that reading a listing (`paperbrief.sources`) starts in a blink. (The renderers cannot wait: their
function `render` has the name of their package, which importing it would put in the function's place.)
A month of listings is filed day by day with ``paperbrief.iter_days(inputs, options, paperbrief.Archive(root))``.
"""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING

from .archive import Archive, DatedBy, Day, file_day, parse_formats, rebuild_index
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
from .models import Brief, BriefOrigin, Code, Origin, Paper, PaperWarning, Report, Status
from .options import Options, parse_day, parse_statuses
from .render import Format, ScreeningFormat, format_for, render, render_institutions, render_screening, write_atomic
from .screen import Profile, bundled_profiles, load_profile

if _TYPE_CHECKING:
    from .cache import Store
    from .extract import extract_pdf
    from .llm import JsonMode, LLMSettings, resolve_settings
    from .pipeline import Filed, Output, drain, iter_days, iter_run, run

# The names loaded on first use, and their modules (none of them is also the name of a module of the package,
# which importing that module would put in their place).
_LAZY = {
    "Store": ".cache",
    "extract_pdf": ".extract",
    "JsonMode": ".llm",
    "LLMSettings": ".llm",
    "resolve_settings": ".llm",
    "Filed": ".pipeline",
    "Output": ".pipeline",
    "drain": ".pipeline",
    "iter_days": ".pipeline",
    "iter_run": ".pipeline",
    "run": ".pipeline",
}

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
    "Profile",
    "Report",
    "ScreeningFormat",
    "SourceError",
    "Stage",
    "Status",
    "Store",
    "bundled_profiles",
    "drain",
    "extract_pdf",
    "file_day",
    "format_for",
    "iter_days",
    "iter_run",
    "load_profile",
    "parse_day",
    "parse_formats",
    "parse_statuses",
    "rebuild_index",
    "render",
    "render_institutions",
    "render_screening",
    "resolve_settings",
    "run",
    "write_atomic",
]


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'paperbrief' has no attribute {name!r}")
    value = getattr(_import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
