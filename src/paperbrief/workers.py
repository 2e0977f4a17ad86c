"""Run a function over many items in worker processes that can be stopped.

`run` gives each item to one of a few worker processes and yields `(index, result)` as items finish. An
item that takes longer than the time limit gets its worker terminated, and a worker that dies (a crash in
native code, the system's OOM killer) is noticed; either way the item's result is a `Failure` and a fresh
worker takes the dead one's place, so one pathological item cannot stall a batch. On POSIX systems each
worker may also be capped in memory (address space), so one item cannot exhaust the machine either.

Workers fork from a forkserver that imported `preload` once, where the system has one (Linux, macOS);
elsewhere (Windows) they are spawned and import `preload` themselves before they take an item. The
function and the items must therefore be picklable (a module-level function, or a `functools.partial` of
one), and with spawn a script that calls `run` needs the usual `if __name__ == "__main__":` guard.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")
R = TypeVar("R")

# Items handed out per worker ahead of the oldest unfinished one: enough to keep every worker busy, few
# enough that results waiting to be put back in order (`in_order`) stay a handful.
_AHEAD = 4
# Seconds a new worker may take to start (fork or spawn, import, unpickle the function) before its item
# counts as timed out.
_START_LIMIT = 60.0


class Failed(StrEnum):
    """Why an item has no result."""

    RAISED = "raised"  # the function raised an exception
    TIMED_OUT = "timed out"  # it ran longer than the time limit (or its worker never started): terminated
    CRASHED = "crashed"  # its worker died


@dataclass(frozen=True, slots=True)
class Failure:
    """An item's outcome when the function did not return; `error` names the exception it raised."""

    why: Failed
    error: str = ""


def run(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int | None = None,
    timeout: float,
    memory: int | None = None,
    preload: Sequence[str] = (),
) -> Iterator[tuple[int, R | Failure]]:
    """`func(item)` for every item, in up to `jobs` worker processes (`None`: one per core), even for one
    job, since only a process can be stopped. Yields `(index in items, result or Failure)` as items
    finish. An item gets `timeout` seconds; a worker may map at most `memory` bytes (`None`: no cap, and no
    cap where the system cannot set one). `preload` names modules the forkserver imports once for all
    workers (the heavy ones `func` needs), so that a replaced worker starts warm."""
    if not items:
        return
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    count = min(max(1, workers), len(items))
    yield from _Pool(func, items, count, timeout, memory, preload).results()


def in_order(results: Iterable[tuple[int, R]]) -> Iterator[tuple[int, R]]:
    """`run`'s results in input order, each as soon as every one before it has arrived."""
    waiting: dict[int, R] = {}
    next_index = 0
    for index, result in results:
        waiting[index] = result
        while next_index in waiting:
            yield next_index, waiting.pop(next_index)
            next_index += 1


def memory_limit() -> int | None:
    """This process's address-space limit in bytes; None without one (or on a system without limits)."""
    try:
        import resource  # POSIX only
    except ImportError:
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else soft


def _cap_memory(limit: int | None) -> None:
    if limit is None:
        return
    try:
        import resource  # POSIX only: elsewhere (Windows) workers run without a cap
    except ImportError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    with contextlib.suppress(ValueError, OSError):  # some systems (macOS) refuse: no cap there
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _context(preload: Sequence[str]) -> Any:
    import multiprocessing  # here, not at the top: a run with no PDF to read (a listing's screening) never needs it

    # forkserver: workers fork from a clean server with `preload` imported (fast to replace after a
    # timeout, and safe when the parent runs threads). Windows has spawn only.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
        return ctx
    return multiprocessing.get_context("spawn")


def _worker(conn: Connection, func: Callable[[Any], Any], memory: int | None, preload: Sequence[str]) -> None:
    """Worker process: say it is ready (None), then run one item at a time until told to stop (None) or
    the parent goes away."""
    _cap_memory(memory)
    for name in preload:  # already imported when forked from the forkserver; spawned workers do it here
        importlib.import_module(name)
    conn.send(None)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, item = task
        try:
            result = func(item)
        except Exception as exc:  # the item's failure, not the worker's: report it and take the next one
            result = Failure(Failed.RAISED, f"{type(exc).__name__}: {exc}")
        conn.send((index, result))


class _Slot:
    """One worker process and the item it is busy with.

    An item's time runs from when both it was handed over and the worker was ready: starting a worker
    (a fresh process importing what `func` needs) is not the item's doing, and has its own limit."""

    def __init__(self, ctx: Any, func: Callable[[Any], Any], memory: int | None, preload: Sequence[str]) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, func, memory, preload), daemon=True)
        self.born = time.monotonic()
        self.proc.start()
        child.close()
        self.ready_at: float | None = None
        self.index: int | None = None
        self.given = 0.0

    def give(self, index: int, item: Any) -> None:
        self.index = index
        self.given = time.monotonic()
        self.conn.send((index, item))

    def deadline(self, timeout: float) -> float:
        if self.ready_at is None:
            return self.born + _START_LIMIT
        return max(self.given, self.ready_at) + timeout

    def receive(self) -> tuple[int, Any] | None:
        """The finished item's result; None for the ready signal, or when the worker died instead."""
        try:
            message: tuple[int, Any] | None = self.conn.recv()
        except (EOFError, OSError):
            self.proc.join(0.5)  # let it be seen as dead
            return None
        if message is None:
            self.ready_at = time.monotonic()
        else:
            self.index = None
        return message

    def kill(self) -> None:
        self.proc.terminate()
        self.proc.join(1.0)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.proc.join(2.0)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


class _Pool(Generic[T, R]):
    def __init__(
        self,
        func: Callable[[T], R],
        items: Sequence[T],
        workers: int,
        timeout: float,
        memory: int | None,
        preload: Sequence[str],
    ) -> None:
        self.func, self.items, self.timeout, self.memory, self.preload = func, items, timeout, memory, preload
        self.ctx = _context(preload)
        self.slots = [self._slot() for _ in range(workers)]
        self.next_item = 0

    def _slot(self) -> _Slot:
        return _Slot(self.ctx, self.func, self.memory, self.preload)

    def results(self) -> Iterator[tuple[int, R | Failure]]:
        done = 0
        try:
            while done < len(self.items):
                self._hand_out()
                for result in [*self._collect(), *self._replace_failed()]:
                    done += 1
                    yield result
        finally:
            for slot in self.slots:
                if slot.index is None:
                    slot.stop()
                else:
                    slot.kill()

    def _hand_out(self) -> None:
        busy = [s.index for s in self.slots if s.index is not None]
        oldest = min(busy, default=self.next_item)
        for slot in self.slots:
            ahead = self.next_item - oldest < _AHEAD * len(self.slots)
            if slot.index is None and self.next_item < len(self.items) and ahead:
                slot.give(self.next_item, self.items[self.next_item])
                self.next_item += 1

    def _collect(self) -> list[tuple[int, R | Failure]]:
        """Wait for the first result or the nearest deadline; a dead worker is left to `_replace_failed`."""
        busy = [s for s in self.slots if s.index is not None]
        if not busy:
            return []
        wait_for = max(0.0, min(s.deadline(self.timeout) for s in busy) - time.monotonic()) + 0.01
        from multiprocessing.connection import wait

        ready = wait([s.conn for s in busy], timeout=wait_for)
        received = (slot.receive() for slot in busy if slot.conn in ready)
        return [result for result in received if result is not None]

    def _replace_failed(self) -> list[tuple[int, R | Failure]]:
        failed: list[tuple[int, R | Failure]] = []
        for i, slot in enumerate(self.slots):
            why = self._failed(slot)
            if why is not None and slot.index is not None:
                failed.append((slot.index, Failure(why)))
                slot.kill()
                self.slots[i] = self._slot()
        return failed

    def _failed(self, slot: _Slot) -> Failed | None:
        if slot.index is None:
            return None
        if not slot.proc.is_alive():
            return Failed.CRASHED
        if time.monotonic() > slot.deadline(self.timeout):
            return Failed.TIMED_OUT
        return None
