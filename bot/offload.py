"""Heavy work off the event loop: each job in its own child process, with time and memory budgets.

Reading an upload, building a draft, the dossier check, the findings workbook, imports and
reports are CPU-bound pure Python. Run on the event loop (or in a thread, which the GIL keeps
from running in parallel with the loop) they stall every other user (review H1). Here each job
runs in a child forked from a `forkserver` whose modules are already imported, so a job costs a
fork, not an interpreter start; the child has an address-space limit, and the parent kills it
when the time budget runs out. Admission is bounded: at most `processes` jobs run at once and
`queue` more wait; a user has at most one job at a time. See ADR 007.

Every refusal is a `WorkRefused` whose `reason` keys a Vietnamese message (templates
`work/refused.j2`): `busy_user`, `busy`, `too_slow`, `too_big`, `failed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

log = logging.getLogger("tdkt.offload")
T = TypeVar("T")
# Modules the fork server imports once, so that a job's child starts warm.
PRELOAD = ["bot.jobs_warm"]
# How often the "typing…" indicator is renewed while a job runs (Telegram shows it ~5 s).
HEARTBEAT_SECONDS = 4.0


class WorkRefused(Exception):
    """A heavy job that was not run, or did not finish; `reason` keys the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class WorkLimits:
    seconds: float = 60.0
    memory_mb: int = 1024
    processes: int = 2
    queue: int = 8
    inline: bool = False  # run in the calling process (no fork): only for debugging


class Workers:
    """Admission (per user, overall) and the child processes that run jobs."""

    def __init__(self, limits: WorkLimits) -> None:
        self.limits = limits
        self._lock = threading.Lock()
        self._users: set[int] = set()
        self._admitted = 0
        self._running = threading.BoundedSemaphore(limits.processes)

    def _admit(self, user: int) -> None:
        with self._lock:
            if user in self._users:
                raise WorkRefused("busy_user")
            if self._admitted >= self.limits.processes + self.limits.queue:
                raise WorkRefused("busy")
            self._users.add(user)
            self._admitted += 1

    def _release(self, user: int) -> None:
        with self._lock:
            self._users.discard(user)
            self._admitted -= 1

    async def run(self, user: int, fn: Callable[..., T], *args: Any,
                  heartbeat: Callable[[], Awaitable[None]] | None = None) -> T:
        """`fn(*args)` in a child process; raises WorkRefused instead of waiting forever.

        `fn` and its arguments must be picklable (module-level functions in `bot.jobs`).
        """
        self._admit(user)
        beat = asyncio.create_task(_beat(heartbeat)) if heartbeat is not None else None
        try:
            if self.limits.inline:
                return fn(*args)
            loop = asyncio.get_running_loop()
            started = loop.time()
            got = await loop.run_in_executor(None, self._running.acquire, True,
                                             self.limits.seconds)
            if not got:
                raise WorkRefused("busy")
            try:
                left = max(self.limits.seconds - (loop.time() - started), 1.0)
                value: T = await _in_child(fn, args, left, self.limits.memory_mb)
                return value
            finally:
                self._running.release()
        finally:
            if beat is not None:
                beat.cancel()
            self._release(user)


async def _beat(heartbeat: Callable[[], Awaitable[None]]) -> None:
    while True:
        try:
            await heartbeat()
        except Exception:  # an indicator that fails must never fail the job
            log.debug("heartbeat failed", exc_info=True)
        await asyncio.sleep(HEARTBEAT_SECONDS)


_CONTEXT: Any = None


def _context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        _CONTEXT = context
    return _CONTEXT


def _child(conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...],
           memory_mb: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit already applies
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        outcome: tuple[str, Any] = ("ok", fn(*args))
    except MemoryError:
        outcome = ("too_big", None)
    except Exception as exc:
        logging.getLogger("tdkt.offload").exception("job %s failed", getattr(fn, "__name__", fn))
        outcome = ("failed", type(exc).__name__)
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(("too_big", None))
    finally:
        conn.close()


async def _in_child(fn: Callable[..., T], args: tuple[Any, ...], seconds: float,
                    memory_mb: int) -> T:
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, fn, args, memory_mb), daemon=True)
    loop = asyncio.get_running_loop()
    try:
        await loop.run_in_executor(None, process.start)
        sender.close()
        ready = await loop.run_in_executor(None, receiver.poll, seconds)
        if not ready:
            raise WorkRefused("too_slow")
        try:
            status, value = await loop.run_in_executor(None, receiver.recv)
        except EOFError:  # the child died without answering: killed for memory
            raise WorkRefused("too_big") from None
        if status != "ok":
            raise WorkRefused(status)
        result: T = value
        return result
    finally:
        if process.is_alive():
            process.kill()
        if process.pid is not None:
            await loop.run_in_executor(None, process.join)
        receiver.close()


_WORKERS: dict[WorkLimits, Workers] = {}


def workers_for(limits: WorkLimits) -> Workers:
    """One admission state per set of limits in this process (shared by every Services)."""
    found = _WORKERS.get(limits)
    if found is None:
        found = _WORKERS[limits] = Workers(limits)
    return found


def warm_up() -> None:
    """Start the fork server now (a few seconds, once per process) rather than on a user's turn."""
    from multiprocessing import forkserver

    context = _context()
    forkserver.ensure_running()
    # One empty job: returns once the server has imported its preloads (seconds, once).
    probe = context.Process(target=_noop, daemon=True)
    probe.start()
    probe.join()


def _noop() -> None:
    return None
