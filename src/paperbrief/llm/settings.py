"""Which model to ask and how: settings from flags and the environment, and the API key."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError
from .usage import price_for

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_KEY_ENV = "OPENAI_API_KEY"
# Sent to servers on this machine, which ignore it; the SDK insists on some key.
LOCAL_DUMMY_KEY = "sk-no-key-required"
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


class JsonMode(StrEnum):
    """How the reply's JSON is requested: a JSON schema, plain JSON object mode, or only by the prompt."""

    SCHEMA = "schema"
    OBJECT = "object"
    TEXT = "text"


@dataclass(kw_only=True, frozen=True)
class LLMSettings:
    """Which model to ask and how hard; the API key is not kept here, only the name of its variable."""

    model: str
    base_url: str = DEFAULT_BASE_URL
    api_key_env: str = DEFAULT_KEY_ENV
    concurrency: int = 4
    rpm: float | None = None
    timeout: float = 60.0
    json_mode: JsonMode = JsonMode.SCHEMA
    use_cache: bool = True
    max_cost: float | None = None
    max_retries: int = 8

    @property
    def local(self) -> bool:
        """A server on this machine: no key needed, no money spent."""
        return (urlsplit(self.base_url).hostname or "") in _LOCAL_HOSTS


def resolve_settings(
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key_env: str | None = None,
    **rest: Any,
) -> LLMSettings | None:
    """Settings from explicit values, else `PAPERBRIEF_MODEL` / `OPENAI_BASE_URL`; None means offline."""
    chosen = model or os.environ.get("PAPERBRIEF_MODEL")
    if not chosen:
        if base_url:
            raise ConfigError("--base-url needs a model: pass --model NAME or set PAPERBRIEF_MODEL")
        return None
    settings = LLMSettings(
        model=chosen,
        base_url=(base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/"),
        api_key_env=api_key_env or DEFAULT_KEY_ENV,
        **rest,
    )
    api_key(settings)  # a missing key is a problem with the whole run: say so before any work starts
    if settings.max_cost is not None and price_for(settings) is None:
        raise ConfigError(
            f"--max-cost needs a price for {settings.model!r}: add it to src/paperbrief/data/prices.toml "
            "or to a TOML file named by PAPERBRIEF_PRICES"
        )
    return settings


def api_key(settings: LLMSettings) -> str:
    """The key from the environment; a server on this machine gets a dummy one when none is set."""
    key = os.environ.get(settings.api_key_env, "").strip()
    if key:
        return key
    if settings.local:
        return LOCAL_DUMMY_KEY
    raise ConfigError(
        f"no API key for {settings.base_url}: set the environment variable {settings.api_key_env} "
        "(or name another one with --api-key-env)"
    )
