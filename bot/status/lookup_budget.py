"""The lookup budget as a lookup sees it: decided in process, reconciled with the database in
batches (issue 16: no write per lookup on the hot path; ADR 017).

The database row (`bot.status.ratelimit`, one token bucket per user shared by every instance)
stays the authority. Each instance keeps, per user, the row as it last read it plus the
lookups it granted since (`pending`). A lookup is granted here, with no database touch, when
that view still holds a token; the pending spends are charged to the row by a flush that runs
in the background at most every `FLUSH_EVERY` (started by a lookup, never awaited by it), and
each flush brings back the row with what the other instances charged meanwhile.

Bounded error (documented in the ADR, checked by `tests/status/test_lookup_budget.py`): an
instance may grant at most `MAX_PENDING` lookups per user that the database does not know yet;
the next one waits for a flush (one write, in line). Another instance's view can therefore be
too generous by at most what it cannot know — the other instances' pending spends, plus the
refill it counts twice between two flushes — so with K instances a user gets at most
N + ε lookups in any minute, N = CAPACITY + REFILL_PER_MINUTE = 40 and
ε = (K − 1) × (MAX_PENDING + 1) (5 for two instances). A charge is never lost: the row may go
below zero, and the debt is paid back by the refill, so over longer periods the rate is exact.
An instance that stops loses at most its pending spends (≤ MAX_PENDING per user, in the
user's favour). A refusal is always decided locally: another instance can only have spent more.

A user is forgotten (memory stays bounded) once nothing is pending and the row has refilled to
a full bucket: a forgotten user and a never-seen one both start from a full bucket, which is
what the row would say.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import weakref
from dataclasses import dataclass

from bot.db.session import Database
from bot.status.ratelimit import CAPACITY, charge_many, refilled, wait_seconds

log = logging.getLogger("tdkt.status.budget")

MAX_PENDING = 4  # lookups per user an instance grants before the database knows of them
FLUSH_EVERY = dt.timedelta(seconds=1)
_DUST = 1e-9


@dataclass
class _View:
    tokens: float  # the row's tokens as of `at`, when last read (a full bucket when never read)
    at: dt.datetime
    pending: int = 0  # granted here, not yet charged
    flushing: int = 0  # being charged by the running flush


class LookupBudgets:
    """One instance's view of every user's lookup budget (see the module docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._views: dict[int, _View] = {}
        self._flush: asyncio.Task[None] | None = None
        self._last_flush: dt.datetime | None = None
        self._lock = asyncio.Lock()

    async def take(self, user_id: int, now: dt.datetime) -> int:
        """Spend one lookup of `user_id`: 0 when allowed, else the seconds to wait."""
        view = self._views.get(user_id)
        if view is None:
            view = self._views[user_id] = _View(float(CAPACITY), now)
        if view.pending + view.flushing >= MAX_PENDING:
            await self.flush(now)  # in line: the database must learn of them first
            view = self._views.setdefault(user_id, _View(float(CAPACITY), now))
        left = refilled(view.tokens, view.at, now) - view.pending - view.flushing
        if left < 1.0 - _DUST:
            return wait_seconds(left, now, now)
        view.pending += 1
        self._start_flush(now)
        return 0

    def _start_flush(self, now: dt.datetime) -> None:
        if self._flush is not None and not self._flush.done():
            return
        if self._last_flush is not None and now - self._last_flush < FLUSH_EVERY:
            return
        self._last_flush = now
        self._flush = asyncio.get_running_loop().create_task(self._flush_quietly(now))

    async def _flush_quietly(self, now: dt.datetime) -> None:
        try:
            await self.flush(now)
        except Exception:  # kept pending: charged by the next flush
            log.warning("lookup budget flush failed; retried later", exc_info=True)

    async def flush(self, now: dt.datetime) -> None:
        """Charge every pending spend to the database and read the rows back (one transaction,
        one upsert batched over the users: an in-line flush costs about one statement)."""
        async with self._lock:
            batch = {user: view.pending for user, view in self._views.items() if view.pending}
            for user, count in batch.items():
                self._views[user].pending -= count
                self._views[user].flushing += count
            rows: dict[int, tuple[float, dt.datetime]] = {}
            try:
                if batch:
                    async with self.db.session() as session, session.begin():
                        rows = await charge_many(session, batch, now)
            except BaseException:
                for user, count in batch.items():  # not charged: pending again
                    self._views[user].flushing -= count
                    self._views[user].pending += count
                raise
            for user, (tokens, at) in rows.items():
                view = self._views[user]
                view.flushing -= batch[user]
                view.tokens, view.at = tokens, at
            self._forget_idle(now)

    def _forget_idle(self, now: dt.datetime) -> None:
        idle = [
            user
            for user, view in self._views.items()
            if not view.pending
            and not view.flushing
            and refilled(view.tokens, view.at, now) >= CAPACITY - _DUST
        ]
        for user in idle:
            del self._views[user]


_INSTANCES: weakref.WeakKeyDictionary[Database, LookupBudgets] = weakref.WeakKeyDictionary()


def budgets(db: Database) -> LookupBudgets:
    """This process's budgets for `db` (one per Database, i.e. per bot instance)."""
    found = _INSTANCES.get(db)
    if found is None:
        found = _INSTANCES[db] = LookupBudgets(db)
    return found
