"""LLM tasks against any OpenAI-compatible endpoint (OpenAI, DeepSeek, DashScope, vLLM, SGLang, llama.cpp, …).

    settings   which model and how: `LLMSettings`, `JsonMode`, `resolve_settings`, `api_key`
    usage      prices and the `Usage` of a run (calls, retries, cache hits, tokens, cost)
    client     what every task shares: `Session.ask(Question)`, limits, retries, cache; `run_each`
    brief      the brief task: prompt, reply schema and checks; `iter_llm_briefs`

Importing this package is cheap: the `openai` SDK is imported only when a session is made.
"""

from .brief import iter_llm_briefs, wants_llm_brief
from .settings import JsonMode, LLMSettings, api_key, resolve_settings

__all__ = ["JsonMode", "LLMSettings", "api_key", "iter_llm_briefs", "resolve_settings", "wants_llm_brief"]
