"""The worker pool: results as items finish, failures by kind, replaced workers, start methods, memory cap."""

from __future__ import annotations

import builtins
import multiprocessing
import os
import sys
import time
from typing import Any

import pytest

from paperbrief import workers
from paperbrief.workers import Failed, Failure, in_order, run


def square(n: int) -> int:
    return n * n


def misbehave(n: int) -> int:
    """0 hangs, 1 raises, 2 kills its own process, anything else squares; module-level, so it pickles."""
    if n == 0:
        time.sleep(60)
    if n == 1:
        raise ValueError("one is bad")
    if n == 2:
        os._exit(3)
    return n * n


def later_first(n: int) -> int:
    time.sleep(0.6 if n == 0 else 0)
    return n


def test_every_item_gets_its_result_with_its_index() -> None:
    results = dict(run(square, list(range(20)), jobs=2, timeout=30))
    assert results == {i: i * i for i in range(20)}


def test_results_come_as_items_finish_and_in_order_puts_them_back() -> None:
    results = list(run(later_first, [0, 1, 2, 3], jobs=2, timeout=30))
    assert results[-1] == (0, 0)  # the slow first item finishes last
    assert list(in_order(results)) == [(0, 0), (1, 1), (2, 2), (3, 3)]


def test_a_hang_a_raise_and_a_crash_are_failures_and_the_rest_goes_on() -> None:
    started = time.monotonic()
    results = dict(run(misbehave, [0, 1, 2, 3, 4], jobs=2, timeout=1.0))
    assert time.monotonic() - started < 20
    assert results[0] == Failure(Failed.TIMED_OUT)
    assert results[1] == Failure(Failed.RAISED, "ValueError: one is bad")
    assert results[2] == Failure(Failed.CRASHED)
    assert (results[3], results[4]) == (9, 16)


class SlowToLoad:
    """A function that takes 1.5 s to unpickle in a new worker, as a heavy import would."""

    def __call__(self, n: int) -> int:
        return n

    def __getstate__(self) -> dict[str, bool]:
        return {"slow": True}

    def __setstate__(self, state: dict[str, bool]) -> None:
        time.sleep(1.5)


def test_starting_a_worker_does_not_count_against_the_item() -> None:
    assert dict(run(SlowToLoad(), [5], jobs=1, timeout=1.0)) == {0: 5}


def test_no_items_start_no_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "_context", lambda preload: pytest.fail("a worker was started"))
    assert list(run(square, [], timeout=1)) == []


def imported(name: str) -> bool:
    return name in sys.modules


def test_spawn_where_there_is_no_forkserver(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has only spawn: the pool picks it, and its workers import `preload` themselves."""
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert workers._context([]).get_start_method() == "spawn"
    assert dict(run(imported, ["colorsys", "wave"], jobs=1, timeout=60, preload=["colorsys"])) == {0: True, 1: False}


def allocate(size: int) -> int:
    return len(bytearray(size))


def test_a_worker_is_capped_in_memory() -> None:
    [(_, result)] = run(allocate, [8 * 2**30], jobs=1, timeout=30, memory=2**30)
    assert isinstance(result, Failure) and result.why == Failed.RAISED and result.error.startswith("MemoryError")


def limit_of_worker(_: object) -> int | None:
    return workers.memory_limit()


def test_the_cap_is_the_workers_own_limit() -> None:
    assert dict(run(limit_of_worker, [None], jobs=1, timeout=30, memory=2**30)) == {0: 2**30}
    assert dict(run(limit_of_worker, [None], jobs=1, timeout=30, memory=None)) == {0: workers.memory_limit()}


def test_without_resource_there_is_no_cap_and_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no `resource` module: no limit to read, none to set."""
    real_import = builtins.__import__

    def no_resource(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "resource":
            raise ImportError("No module named 'resource'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_resource)
    assert workers.memory_limit() is None
    workers._cap_memory(2**30)  # returns without touching the limit
