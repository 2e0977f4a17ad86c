"""LLM briefs from any OpenAI-compatible endpoint: settings and key, rate limit, retries, cache, usage and cost.

`iter_llm_briefs` briefs papers concurrently (asyncio, a semaphore and a token bucket) and yields each
paper as it is finished. A paper gets an LLM brief only when the model's reply passes `prompts.verify_reply`
(asked once more with the reason when it does not); otherwise, and after a call that still fails after
retries, it keeps its offline brief and a warning says why. Each reply is stored in the cache the moment
it arrives, so a rerun (or a run after Ctrl-C) resumes without paying twice.

The API key is read from the environment when the client is made and kept nowhere else; any text that
leaves this module (warnings, errors) is scrubbed of it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import time
import tomllib
from collections.abc import Awaitable, Callable, Generator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import openai
from openai.types.chat import ChatCompletionMessageParam

from .cache import Store
from .errors import ConfigError, LLMError, LLMTimeout
from .models import BriefOrigin, Code, Paper
from .prompts import PROMPT_VERSION, messages, paper_document, response_schema, retry_messages, verify_reply
from .retry import retry_after
from .summarize import has_material

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_KEY_ENV = "OPENAI_API_KEY"
# Sent to servers on this machine, which ignore it; the SDK insists on some key.
LOCAL_DUMMY_KEY = "sk-no-key-required"
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}
_RETRY_STATUSES = {408, 409, 425, 429}
_MAX_BACKOFF = 30.0
_FORMAT_WORDS = ("response_format", "response format", "json_schema", "json_object")

Sleep = Callable[[float], Awaitable[None]]


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


# Prices ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Price:
    """USD per 1 million input and output tokens."""

    input: float
    output: float

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        return (input_tokens * self.input + output_tokens * self.output) / 1_000_000


@cache
def load_prices(extra: str | None = None) -> dict[str, Price]:
    """The bundled price table, overridden by the entries of the TOML file `extra`."""
    text = resources.files("paperbrief.data").joinpath("prices.toml").read_text(encoding="utf-8")
    tables = [tomllib.loads(text)]
    if extra:
        try:
            tables.append(tomllib.loads(Path(extra).read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read the prices in {extra} (PAPERBRIEF_PRICES): {exc}") from exc
    prices: dict[str, Price] = {}
    for table in tables:
        for name, entry in table.get("models", {}).items():
            prices[name] = Price(float(entry["input"]), float(entry["output"]))
    return prices


def price_for(settings: LLMSettings) -> Price | None:
    """The model's entry, else the longest entry its name starts with, else free on a local server."""
    prices = load_prices(os.environ.get("PAPERBRIEF_PRICES"))
    if settings.model in prices:
        return prices[settings.model]
    prefixes = [name for name in prices if settings.model.startswith(name)]
    if prefixes:
        return prices[max(prefixes, key=len)]
    return Price(0.0, 0.0) if settings.local else None


# Usage -------------------------------------------------------------------------------------------------------


@dataclass
class Usage:
    """What a run asked of the model and what it cost; goes into `Report.usage`."""

    model: str
    base_url: str
    json_mode: JsonMode
    price: Price | None
    calls: int = 0
    retries: int = 0
    cached: int = 0
    llm_briefs: int = 0
    fallbacks: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    budget_reached: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def cost_usd(self) -> float | None:
        return self.price.cost(self.input_tokens, self.output_tokens) if self.price else None

    def add_tokens(self, completion: Any) -> None:
        usage = getattr(completion, "usage", None)
        self.input_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
        self.output_tokens += int(getattr(usage, "completion_tokens", 0) or 0)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def to_dict(self) -> dict[str, Any]:
        cost = self.cost_usd
        return {
            "model": self.model,
            "base_url": self.base_url,
            "json_mode": str(self.json_mode),
            "calls": self.calls,
            "retries": self.retries,
            "cached": self.cached,
            "llm_briefs": self.llm_briefs,
            "fallbacks": self.fallbacks,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cost_usd": round(cost, 6) if cost is not None else None,
            "budget_reached": self.budget_reached,
            "notes": list(self.notes),
        }


# Rate limit and retries --------------------------------------------------------------------------------------


class TokenBucket:
    """At most `rate` calls per second on average, in bursts of at most `capacity`."""

    def __init__(
        self, rate: float, capacity: float, *, sleep: Sleep = asyncio.sleep, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.clock = clock
        self.stamp = clock()
        self.sleep = sleep
        self.lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self.lock:
            while True:
                now = self.clock()
                self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
                self.stamp = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return
                await self.sleep((1 - self.tokens) / self.rate)


def backoff_delay(attempt: int, requested: float | None, rng: random.Random) -> float:
    """Seconds to wait before retry `attempt` (1-based): the server's wish if it said, else exponential + jitter."""
    if requested is not None:
        return min(requested, _MAX_BACKOFF * 4)
    ceiling = min(_MAX_BACKOFF, 0.5 * 2.0 ** (attempt - 1))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


@dataclass(frozen=True)
class _Failure:
    """One failed attempt: what to tell the user and how long the server asked us to wait."""

    reason: str
    wait: float | None = None
    timed_out: bool = False


# The stage ---------------------------------------------------------------------------------------------------


def wants_llm_brief(paper: Paper) -> bool:
    """Papers a model should brief: readable, with material, and without a brief given by the input."""
    given = paper.brief is not None and paper.brief.origin == BriefOrigin.GIVEN
    return not paper.failed and has_material(paper) and not given


def cache_key(paper: Paper, settings: LLMSettings) -> str:
    """The paper's content as sent, the model, the endpoint and the prompt version, hashed."""
    payload = json.dumps([PROMPT_VERSION, settings.model, settings.base_url.rstrip("/"), paper_document(paper)])
    return "b1:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def iter_llm_briefs(
    papers: Sequence[Paper],
    settings: LLMSettings,
    *,
    store: Store | None = None,
    sleep: Sleep = asyncio.sleep,
    rng: random.Random | None = None,
) -> Generator[Paper, None, Usage]:
    """Brief `papers` with the model, yielding each as it is finished; the generator returns the `Usage`.

    `store` defaults to the user's cache (none with `use_cache=False`); `sleep` and `rng` are seams for tests.
    """
    own_store = store is None and settings.use_cache
    store = Store() if own_store else store
    usage = Usage(settings.model, settings.base_url, settings.json_mode, price_for(settings))
    try:
        with asyncio.Runner() as runner:
            briefer = runner.run(_open(settings, store, usage, sleep, rng or random.Random()))
            try:
                yield from _drive(runner, briefer, papers)
            finally:
                runner.run(briefer.close())
    finally:
        if own_store and store is not None:
            store.close()
    return usage


async def _open(settings: LLMSettings, store: Store | None, usage: Usage, sleep: Sleep, rng: random.Random) -> _Briefer:
    """The briefer is made inside the event loop that will use its HTTP client."""
    return _Briefer(settings, store, usage, sleep=sleep, rng=rng)


def _drive(runner: asyncio.Runner, briefer: _Briefer, papers: Sequence[Paper]) -> Generator[Paper, None, None]:
    """Run one task per paper, yielding papers as their tasks finish; stop them all if we are stopped."""
    loop = runner.get_loop()
    tasks = {loop.create_task(briefer.brief(paper)): paper for paper in papers}
    pending = set(tasks)
    try:
        while pending:
            done, pending = runner.run(asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED))
            for task in done:
                task.result()  # a problem with the whole run (e.g. a refused key) stops it here
                yield tasks[task]
    finally:
        for task in pending:
            task.cancel()
        if pending:
            runner.run(asyncio.wait(pending))


class _Briefer:
    """Briefs one paper at a time per task, sharing the client, limits, cache and usage across tasks."""

    def __init__(
        self, settings: LLMSettings, store: Store | None, usage: Usage, *, sleep: Sleep, rng: random.Random
    ) -> None:
        self.settings = settings
        self.store = store if settings.use_cache else None
        self.usage = usage
        self.sleep = sleep
        self.rng = rng
        self.json_mode = settings.json_mode
        self.key = api_key(settings)
        self.client = openai.AsyncOpenAI(
            api_key=self.key, base_url=settings.base_url, max_retries=0, timeout=settings.timeout
        )
        self.slots = asyncio.Semaphore(settings.concurrency)
        rate = settings.rpm / 60 if settings.rpm else None
        self.bucket = TokenBucket(rate, max(1.0, min(settings.concurrency, rate * 60)), sleep=sleep) if rate else None

    async def close(self) -> None:
        await self.client.close()

    async def brief(self, paper: Paper) -> None:
        key = cache_key(paper, self.settings)
        stored = self.store.get_response(key) if self.store else None
        if stored is not None:
            self.usage.cached += 1
            self._settle(paper, str(stored[0].get("content", "")), from_cache=True)
            return
        try:
            reply = await self._answer(paper)
        except LLMError as exc:
            self.usage.fallbacks += 1
            paper.warn(Code.LLM_FAILED, f"LLM brief failed ({self.scrub(str(exc))}): the offline brief was kept")
            return
        if reply is None:
            return
        if self.store:
            self.store.put_response(
                key,
                model=self.settings.model,
                base_url=self.settings.base_url,
                prompt_version=PROMPT_VERSION,
                response={"content": reply},
                usage={},
            )
        self._settle(paper, reply, from_cache=False)

    async def _answer(self, paper: Paper) -> str | None:
        """The model's reply, asked again once with the reason if it is rejected; None when over budget."""
        reply = await self._call(messages(paper), paper)
        if reply is None:
            return None
        verdict = verify_reply(reply, paper)
        if not isinstance(verdict, str):
            return reply
        return await self._call(retry_messages(paper, reply, verdict), paper) or reply

    def _settle(self, paper: Paper, reply: str, *, from_cache: bool) -> None:
        verdict = verify_reply(reply, paper)
        if isinstance(verdict, str):
            self.usage.fallbacks += 1
            where = "the cached LLM reply" if from_cache else "the LLM reply"
            paper.warn(Code.LLM_REJECTED, f"{where} was rejected ({self.scrub(verdict)}): the offline brief was kept")
            return
        self.usage.llm_briefs += 1
        paper.brief = verdict

    def _over_budget(self, paper: Paper) -> bool:
        limit, spent = self.settings.max_cost, self.usage.cost_usd
        if limit is None or spent is None or spent < limit:
            return False
        self.usage.budget_reached = True
        self.usage.note(f"--max-cost {limit} USD reached: later papers kept their offline briefs")
        paper.warn(Code.LLM_BUDGET, f"the LLM budget (--max-cost {limit} USD) was reached: the offline brief was kept")
        return True

    async def _call(self, conversation: list[ChatCompletionMessageParam], paper: Paper) -> str | None:
        """One reply (None once the budget is spent), retrying transient failures with backoff.

        Raises `LLMError` when the retries run out.
        """
        attempt = 0
        while True:
            outcome = await self._attempt(conversation, paper)
            if outcome is None or isinstance(outcome, str):
                return outcome
            if outcome is _FORMAT_CHANGED:
                continue
            attempt += 1
            if attempt > self.settings.max_retries:
                error = LLMTimeout if outcome.timed_out else LLMError
                raise error(f"{outcome.reason}; gave up after {attempt} attempts")
            self.usage.retries += 1
            await self.sleep(backoff_delay(attempt, outcome.wait, self.rng))

    async def _attempt(self, conversation: list[ChatCompletionMessageParam], paper: Paper) -> str | _Failure | None:
        async with self.slots:
            if self.bucket:
                await self.bucket.acquire()
            # checked in the slot, so that what the calls before this one cost is known
            if self._over_budget(paper):
                return None
            self.usage.calls += 1
            mode = self.json_mode
            try:
                async with asyncio.timeout(self.settings.timeout):
                    completion = await self.client.chat.completions.create(
                        model=self.settings.model, messages=conversation, **_format_arguments(mode)
                    )
            except TimeoutError:
                return _Failure(f"no reply within {self.settings.timeout:g} s", timed_out=True)
            except openai.APIStatusError as exc:
                return self._status_failure(exc, mode)
            except openai.APIError as exc:
                return _Failure(f"{type(exc).__name__}: {self.scrub(str(exc))}")
            except ValueError:  # the SDK could not decode the body: a broken reply, worth another try
                return _Failure("the server sent a malformed response")
        self.usage.add_tokens(completion)
        choices = getattr(completion, "choices", None) or []
        return str(choices[0].message.content or "") if choices else ""

    def _status_failure(self, exc: openai.APIStatusError, mode: JsonMode) -> _Failure:
        status, message = exc.status_code, self.scrub(str(exc))[:300]
        if status in (400, 422) and mode != JsonMode.TEXT and any(w in message.lower() for w in _FORMAT_WORDS):
            self._downgrade(mode)
            return _FORMAT_CHANGED
        # Raised without the SDK's error as cause: its message may quote the key back.
        if status in (401, 403):
            raise ConfigError(
                f"{self.settings.base_url} refused the API key (HTTP {status}): check {self.settings.api_key_env}"
            ) from None
        if status == 404:
            raise ConfigError(
                f"{self.settings.base_url} has no model {self.settings.model!r} (HTTP 404): check --model and "
                "--base-url"
            ) from None
        if status in _RETRY_STATUSES or status >= 500:
            return _Failure(f"HTTP {status}: {message}", wait=retry_after(exc.response.headers))
        raise LLMError(f"HTTP {status}: {message}")

    def _downgrade(self, mode: JsonMode) -> None:
        """The server does not take this response_format: every later call uses the next plainer one."""
        if self.json_mode == mode:
            self.json_mode = JsonMode.OBJECT if mode == JsonMode.SCHEMA else JsonMode.TEXT
            self.usage.json_mode = self.json_mode
            self.usage.note(f"the server rejected --json-mode {mode}: switched to {self.json_mode}")

    def scrub(self, text: str) -> str:
        """`text` with the API key blanked out, for anything shown to a user."""
        return text.replace(self.key, "***") if self.key else text


_FORMAT_CHANGED = _Failure("the response format changed")


def _format_arguments(mode: JsonMode) -> dict[str, Any]:
    if mode == JsonMode.SCHEMA:
        return {"response_format": {"type": "json_schema", "json_schema": response_schema()}}
    if mode == JsonMode.OBJECT:
        return {"response_format": {"type": "json_object"}}
    return {}
