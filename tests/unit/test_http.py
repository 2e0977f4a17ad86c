"""paperbrief.http: Retry-After, the retry policy, unreachable hosts, the rate limits, and the getter through the
transport seam (an httpx.MockTransport; the real-server tests are in tests/integration)."""

from __future__ import annotations

import asyncio
import random

import httpx
import pytest

from paperbrief.errors import NetworkError
from paperbrief.http import (
    Attempts,
    Failure,
    HttpGetter,
    RateLimiter,
    Reachability,
    RetryPolicy,
    TokenBucket,
    host_of,
    retry_after,
    user_agent,
)

URL = "http://api.example.org/query"


def test_retry_after_reads_seconds_milliseconds_and_dates() -> None:
    assert retry_after({"retry-after": "7"}) == 7
    assert retry_after({"retry-after-ms": "250", "retry-after": "7"}) == 0.25
    assert retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0  # in the past: no wait
    assert retry_after({"retry-after": "soon"}) is None
    assert retry_after({}) is None


def test_the_policy_retries_busy_statuses_and_every_5xx_but_not_client_errors() -> None:
    policy = RetryPolicy()
    assert all(policy.retries(status) for status in (408, 409, 425, 429, 500, 502, 503, 504))
    assert not any(policy.retries(status) for status in (200, 301, 400, 401, 403, 404, 422))


def test_the_default_policy_backs_off_3_6_12_24_seconds_less_up_to_half_and_caps_retry_after() -> None:
    policy, rng = RetryPolicy(), random.Random(0)
    for attempt, ceiling in enumerate((3.0, 6.0, 12.0, 24.0), start=1):
        waits = {policy.wait(attempt, Failure("HTTP 503"), rng) for _ in range(20)}
        assert all(ceiling / 2 <= w <= ceiling for w in waits) and len(waits) > 1
    assert policy.wait(1, Failure("HTTP 429", wait=7.0), rng) == 7.0
    assert policy.wait(1, Failure("HTTP 429", wait=3600.0), rng) == 300.0
    assert policy.wait(1, Failure("ConnectError", unreachable=True), rng) == 1.0


def attempts(policy: RetryPolicy | None = None) -> Attempts:
    return Attempts(policy or RetryPolicy(), random.Random(0), Reachability(), URL, setting="API_URL", service="API")


def test_a_slow_or_busy_server_gets_every_attempt_an_unreachable_one_two() -> None:
    slow = attempts()
    assert [slow.wait_after(Failure("ReadTimeout", timed_out=True)) is None for _ in range(5)] == [False] * 4 + [True]
    refused = attempts()
    unreachable = Failure("ConnectError", unreachable=True)
    assert refused.wait_after(unreachable) == 1.0
    assert refused.wait_after(unreachable) is None
    # only consecutive refusals count: a busy server that then drops the connection gets its retries
    mixed = attempts()
    assert mixed.wait_after(unreachable) is not None
    assert mixed.wait_after(Failure("HTTP 503")) is not None
    assert mixed.wait_after(unreachable) is not None


def test_giving_up_on_an_unreachable_host_marks_it_for_every_later_request() -> None:
    first = attempts()
    cause = httpx.ConnectError("[Errno 111] Connection refused")
    failure = Failure.of_error(cause, "ConnectError")
    assert failure.unreachable
    message = first.gave_up(failure)
    assert message == (
        "cannot reach api.example.org ([Errno 111] Connection refused): check your network connection or API_URL"
    )
    later = Attempts(RetryPolicy(), random.Random(0), first.hosts, URL + "?x=1", setting="API_URL", service="API")
    assert later.blocked() == message
    other = Attempts(RetryPolicy(), random.Random(0), first.hosts, "http://else.org/", setting="S", service="API")
    assert other.blocked() is None


def test_a_timeout_is_not_unreachable() -> None:
    assert not Failure.of_error(httpx.ConnectTimeout("slow"), "ConnectTimeout").unreachable
    assert not Failure.of_error(httpx.ReadTimeout("slow"), "ReadTimeout").unreachable


def test_host_of_never_shows_credentials_or_the_query() -> None:
    assert host_of("https://user:secret@api.example.org:8443/v1?api_key=k") == "api.example.org:8443"
    assert host_of("localhost:8000/v1?api_key=k") == "localhost:8000/v1"


def test_the_rate_limiter_spaces_calls() -> None:
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(3.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait()
    now[0] += 1.0
    limiter.wait()
    limiter.wait()
    assert sleeps == [2.0, 3.0]


def test_the_token_bucket_allows_a_burst_then_the_rate() -> None:
    now = [0.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    async def take(n: int) -> None:
        bucket = TokenBucket(rate=2.0, capacity=3, sleep=sleep, clock=lambda: now[0])
        for _ in range(n):
            await bucket.acquire()

    asyncio.run(take(7))
    assert now[0] == pytest.approx(2.0)  # 3 at once, then 4 more at 2 per second
    assert len(waits) == 4


def getter(handler: httpx.MockTransport, sleeps: list[float]) -> HttpGetter:
    """A getter without spacing whose retries only record how long they would wait."""
    limiter = RateLimiter(0.0, sleep=sleeps.append)
    return HttpGetter("API", limiter, RetryPolicy(), transport=handler, rng=random.Random(0))


def test_the_getter_fails_fast_once_a_host_refuses_connections() -> None:
    calls: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    sleeps: list[float] = []
    http = getter(httpx.MockTransport(refuse), sleeps)
    with pytest.raises(NetworkError, match=r"cannot reach api\.example\.org .*or API_URL") as first:
        http.get(URL, setting="API_URL")
    assert isinstance(first.value.__cause__, httpx.ConnectError)
    assert len(calls) == 2 and sleeps == [1.0]
    for _ in range(50):
        with pytest.raises(NetworkError, match=r"cannot reach api\.example\.org"):
            http.get(URL, {"id": "x"}, setting="API_URL")
    assert len(calls) == 2 and sleeps == [1.0]  # no more connections, no more waiting


def test_the_getter_retries_timeouts_and_busy_answers_and_sends_its_user_agent() -> None:
    answers: list[httpx.Response | Exception] = [
        httpx.ReadTimeout("slow"),
        httpx.Response(503, headers={"Retry-After": "7"}),
        httpx.Response(200, text="ok"),
    ]
    agents: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        agents.append(request.headers["User-Agent"])
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    sleeps: list[float] = []
    assert getter(httpx.MockTransport(handler), sleeps).get(URL, setting="API_URL").text == "ok"
    assert 1.5 <= sleeps[0] <= 3.0 and sleeps[1] == 7.0
    assert set(agents) == {user_agent()}


def test_the_getter_gives_up_after_five_attempts_and_says_why() -> None:
    sleeps: list[float] = []
    http = getter(httpx.MockTransport(lambda request: httpx.Response(503)), sleeps)
    with pytest.raises(NetworkError, match=r"API kept failing \(HTTP 503\) after 5 attempts: try again later"):
        http.get(URL, setting="API_URL")
    assert len(sleeps) == 4


def test_client_errors_and_bad_urls_fail_at_once_without_the_url() -> None:
    sleeps: list[float] = []
    http = getter(httpx.MockTransport(lambda request: httpx.Response(404)), sleeps)
    with pytest.raises(NetworkError, match="API answered HTTP 404"):
        http.get(URL, setting="API_URL")
    assert http.get(URL, setting="API_URL", accept=frozenset({404})).status_code == 404
    with pytest.raises(NetworkError, match="the API URL is not valid: check API_URL") as raised:
        http.get("http://[::1/?api_key=secret", setting="API_URL")
    assert "secret" not in str(raised.value)
    assert sleeps == []
