"""LLM tasks against any OpenAI-compatible endpoint (OpenAI, DeepSeek, DashScope, vLLM, SGLang, llama.cpp, …).

    settings   which model and how: `LLMSettings`, `JsonMode`, `resolve_settings`, `api_key`
    usage      prices and the `Usage` of a run (calls, retries, cache hits, tokens, cost; in all and per task)
    client     what every task shares: `Session.ask(Question)`, limits, retries, cache; `run_each`
    brief      the brief task: prompt, reply schema and checks; `iter_llm_briefs`
    judge      the judge task: is a screened paper on the profile's topic; `iter_judgements`
    translate  the translation task: a Chinese translation of the abstract; `iter_translations`

Importing this package is cheap: the settings load with it, the tasks (pydantic, httpx) on first use of their
names, and the `openai` SDK only when a session is made, so a run without a model pays for none of them.
"""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING

from .settings import JsonMode, LLMSettings, api_key, resolve_settings

if _TYPE_CHECKING:
    from .brief import iter_llm_briefs, wants_llm_brief
    from .judge import iter_judgements
    from .translate import iter_translations, wants_translation

_LAZY = {
    "iter_llm_briefs": ".brief",
    "wants_llm_brief": ".brief",
    "iter_judgements": ".judge",
    "iter_translations": ".translate",
    "wants_translation": ".translate",
}

__all__ = [
    "JsonMode",
    "LLMSettings",
    "api_key",
    "iter_judgements",
    "iter_llm_briefs",
    "iter_translations",
    "resolve_settings",
    "wants_llm_brief",
    "wants_translation",
]


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'paperbrief.llm' has no attribute {name!r}")
    value = getattr(_import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value
