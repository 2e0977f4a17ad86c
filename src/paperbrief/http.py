"""HTTP for every API paperbrief calls (arXiv, OpenAlex, the model server): one retry policy, rate limits,
the User-Agent, the transport seam, and the translation of httpx's errors into `NetworkError`.

    Transports       what the clients send through: None is the network, tests put an httpx.MockTransport
    RetryPolicy      which failures are retried, how often, how long to wait (backoff, jitter, Retry-After)
    Attempts         one request's attempts under a policy
    Reachability     hosts no connection could be made to: later requests to them fail at once
    RateLimiter      spacing between requests (sync, arXiv's and OpenAlex's politeness)
    TokenBucket      a rate with bursts (async, the model server's `--rpm`)
    HttpGetter       GET through all of the above

A connection that cannot be made at all (DNS failure, connection refused, unreachable network) is tried
once more after a short pause; then the host is marked unreachable for the rest of the run, so a machine
without network fails a batch in seconds with one message instead of backing off for every request. A slow
server (a timeout) and a busy one (429, 503) are retried as usual. Messages name the host and the setting
to check, never a URL (it may carry an API key).
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import httpx

from .errors import NetworkError

PROJECT_URL = "https://github.com/paperbrief/paperbrief"
# Statuses that say "not now" rather than "never"; every 5xx is retried too.
RETRY_STATUSES = frozenset({408, 409, 425, 429})

AsyncSleep = Callable[[float], Awaitable[None]]


def user_agent() -> str:
    """What paperbrief calls itself: arXiv asks API users for a descriptive User-Agent with a contact."""
    try:
        own = version("paperbrief")
    except PackageNotFoundError:
        own = "0"
    return f"paperbrief/{own} (+{PROJECT_URL}; mailto:paperbrief@users.noreply.github.com)"


@dataclass(frozen=True)
class Transports:
    """The transport seam under every HTTP client: None means the network. Tests pass `httpx.MockTransport`s;
    `sync` serves arXiv and OpenAlex, `async_` the model server (through the `openai` SDK's httpx client)."""

    sync: httpx.BaseTransport | None = None
    async_: httpx.AsyncBaseTransport | None = None


NETWORK = Transports()


# What went wrong -----------------------------------------------------------------------------------------------


def retry_after(headers: Mapping[str, str]) -> float | None:
    """The server's requested wait: `retry-after-ms`, or `Retry-After` as seconds or an HTTP date."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def cannot_connect(exc: BaseException) -> httpx.TransportError | None:
    """The error in `exc`'s chain saying no connection could be made at all (the `openai` SDK wraps httpx's).

    A connect *timeout* is not one: a slow server may answer next time. A URL without http(s) is, since
    trying again cannot help either."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, httpx.ConnectError | httpx.UnsupportedProtocol):
            return seen
        seen = seen.__cause__
    return None


@dataclass(frozen=True)
class Failure:
    """One failed attempt: what to tell the user, the wait the server asked for, and what kind of failure."""

    reason: str
    wait: float | None = None
    unreachable: bool = False
    timed_out: bool = False
    cause: BaseException | None = None

    @classmethod
    def of_status(cls, status: int, headers: Mapping[str, str], detail: str = "") -> Failure:
        return cls(f"HTTP {status}: {detail}" if detail else f"HTTP {status}", wait=retry_after(headers))

    @classmethod
    def of_error(cls, exc: Exception, reason: str) -> Failure:
        """A request that got no response; `reason` says so without quoting anything secret."""
        return cls(reason, unreachable=cannot_connect(exc) is not None, cause=exc)


# How hard to try -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    """The one retry policy; each client picks its numbers (the defaults are arXiv's and OpenAlex's).

    Retried: `RETRY_STATUSES`, every 5xx, timeouts, dropped connections and malformed bodies, up to `attempts`
    attempts in all. Before attempt n+1 the wait is the server's `Retry-After` (at most `max_wait`), else
    exponential backoff with "equal jitter": between half and all of `backoff · 2ⁿ⁻¹` (at most `max_backoff`),
    so many requests retried at once spread out. A host no connection could be made to gets
    `connect_attempts` in all, `connect_pause` apart.
    """

    attempts: int = 5
    backoff: float = 3.0
    max_backoff: float = 30.0
    max_wait: float = 300.0
    connect_attempts: int = 2
    connect_pause: float = 1.0

    def retries(self, status: int) -> bool:
        return status in RETRY_STATUSES or status >= 500

    def wait(self, attempt: int, failure: Failure, rng: random.Random) -> float:
        """Seconds to wait after failed attempt `attempt` (1-based) before the next one."""
        if failure.unreachable:
            return self.connect_pause
        if failure.wait is not None:
            return min(failure.wait, self.max_wait)
        ceiling = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


class Attempts:
    """The attempts at one request to `url`: whether its host is known to be down, how long to wait after each
    failure, and what to say when it is time to give up. `setting` names what sets `url` and `service` what
    answers there, for the messages."""

    def __init__(
        self, policy: RetryPolicy, rng: random.Random, hosts: Reachability, url: str, *, setting: str, service: str
    ) -> None:
        self.policy = policy
        self.rng = rng
        self.hosts = hosts
        self.url = url
        self.setting = setting
        self.service = service
        self.count = 0
        self._refused = 0  # consecutive attempts that could not connect

    def blocked(self) -> str | None:
        """The message to fail with at once when the host is known to be unreachable."""
        return self.hosts.down(self.url, self.setting)

    def wait_after(self, failure: Failure) -> float | None:
        """Seconds to wait before the next attempt, or None when no attempt is left."""
        self.count += 1
        self._refused = self._refused + 1 if failure.unreachable else 0
        if self.count >= self.policy.attempts or self._refused >= self.policy.connect_attempts:
            return None
        return self.policy.wait(self.count, failure, self.rng)

    def gave_up(self, failure: Failure) -> str:
        """Why the request failed for good; an unreachable host is remembered as such."""
        if failure.unreachable:
            return self.hosts.mark(self.url, failure, self.setting)
        plural = "" if self.count == 1 else "s"
        return f"{self.service} kept failing ({failure.reason}) after {self.count} attempt{plural}: try again later"


class Reachability:
    """Hosts no connection could be made to, with why; a request to one of them fails at once."""

    def __init__(self) -> None:
        self._down: dict[str, str] = {}

    def down(self, url: str, setting: str) -> str | None:
        """The message for a request to `url` if its host is unreachable, else None."""
        host = host_of(url)
        return _unreachable(host, self._down[host], setting) if host in self._down else None

    def mark(self, url: str, failure: Failure, setting: str) -> str:
        """Remember that `url`'s host cannot be reached; returns the message every request to it gets."""
        host = host_of(url)
        error = cannot_connect(failure.cause) if failure.cause else None
        self._down[host] = (str(error) or type(error).__name__) if error else failure.reason
        return _unreachable(host, self._down[host], setting)


def _unreachable(host: str, why: str, setting: str) -> str:
    return f"cannot reach {host} ({why}): check your network connection or {setting}"


def host_of(url: str) -> str:
    """`host[:port]` of `url`, without user or password; the URL without its query when it has no host."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:  # not a URL at all: the request itself will fail and say so
        host = port = None
    if not host:
        return url.split("?")[0]
    return f"{host}:{port}" if port else host


# How fast to go ------------------------------------------------------------------------------------------------


class RateLimiter:
    """At most one call to `wait` per `interval` seconds; `clock` and `sleep` are injectable for tests."""

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._last: float | None = None

    def wait(self) -> None:
        if self._last is not None:
            delay = self._last + self.interval - self.clock()
            if delay > 0:
                self.sleep(delay)
        self._last = self.clock()


class TokenBucket:
    """At most `rate` calls per second on average, in bursts of at most `capacity` (for asyncio tasks)."""

    def __init__(
        self,
        rate: float,
        capacity: float,
        *,
        sleep: AsyncSleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
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


# The sync client -----------------------------------------------------------------------------------------------


class HttpGetter:
    """GET through a rate limiter and the retry policy, with paperbrief's User-Agent; shared by the arXiv and
    OpenAlex clients. `service` names the API in error messages."""

    def __init__(
        self,
        service: str,
        limiter: RateLimiter,
        policy: RetryPolicy,
        *,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.service = service
        self.limiter = limiter
        self.policy = policy
        self.rng = rng or random.Random()
        self.hosts = Reachability()
        self.http = httpx.Client(
            headers={"User-Agent": user_agent()}, timeout=timeout, follow_redirects=True, transport=transport
        )

    def close(self) -> None:
        self.http.close()

    def get(
        self,
        url: str,
        params: dict[str, str] | None = None,
        *,
        setting: str,
        accept: frozenset[int] = frozenset(),
    ) -> httpx.Response:
        """The response; an error status not in `accept` raises `NetworkError`, as do failures once retries are
        spent. `setting` names what sets `url` (an environment variable), for the message when it is wrong."""
        attempts = Attempts(self.policy, self.rng, self.hosts, url, setting=setting, service=self.service)
        while True:
            down = attempts.blocked()
            if down:
                raise NetworkError(down)
            self.limiter.wait()
            outcome = self._attempt(url, params, accept, setting)
            if isinstance(outcome, httpx.Response):
                return outcome
            wait = attempts.wait_after(outcome)
            if wait is None:
                raise NetworkError(attempts.gave_up(outcome)) from outcome.cause
            self.limiter.sleep(wait)

    def _attempt(
        self, url: str, params: dict[str, str] | None, accept: frozenset[int], setting: str
    ) -> httpx.Response | Failure:
        try:
            response = self.http.get(url, params=params)
        except httpx.InvalidURL as exc:
            raise NetworkError(f"the {self.service} URL is not valid: check {setting}") from exc
        except httpx.RequestError as exc:
            return Failure.of_error(exc, type(exc).__name__)
        if self.policy.retries(response.status_code):
            return Failure.of_status(response.status_code, response.headers)
        if response.is_error and response.status_code not in accept:
            raise NetworkError(f"{self.service} answered HTTP {response.status_code}")
        return response
