"""LLM tasks against any OpenAI-compatible endpoint (OpenAI, DeepSeek, DashScope, vLLM, SGLang, llama.cpp, …).

    settings   which model and how: `LLMSettings`, `JsonMode`, `resolve_settings`, `api_key`
    usage      prices and the `Usage` of a run (calls, retries, cache hits, tokens, cost; in all and per task)
    client     what every task shares: `Session.ask(Question)`, limits, retries, cache; `run_each`
    brief      the brief task: prompt, reply schema and checks; `iter_llm_briefs`
    judge      the judge task: is a screened paper on the profile's topic; `iter_judgements`
    translate  the translation task: a Chinese translation of the abstract; `iter_translations`

Importing this package is cheap: the `openai` SDK is imported only when a session is made.
"""

from .brief import iter_llm_briefs, wants_llm_brief
from .judge import iter_judgements
from .settings import JsonMode, LLMSettings, api_key, resolve_settings
from .translate import iter_translations, wants_translation

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
