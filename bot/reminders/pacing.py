"""Pacing shared by every instance: send slots reserved in the database, quiet hours.

- `reserve`: the bot-wide sending pace (~30 msg/s per bot, whatever the number of instances)
  as a virtual schedule (GCRA): one `send_budget` row holds the next free send time; a worker
  reserves k slots `1/rate` apart with a compare-and-set, then sends each at its time. Unlike a
  token bucket with a small capacity, no capacity is lost when a worker wakes a little late,
  and any one-second window holds at most ⌈rate⌉ + 1 reserved slots.
- `pause_all`: after a 429, push the next free slot `retry_after` seconds ahead, so no
  instance sends before Telegram's wait is over.
- `defer_quiet`: during quiet hours (21:00–07:00), pending reminder rows that fell due are moved
  to the morning instead of being claimed (status notices are not touched).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import outbox as ob
from bot.db.delivery import Notifier, SendResult
from bot.db.models import OutboxMessage, SendBudget
from bot.db.upsert import insert_or_ignore
from bot.reminders.messages import KIND_DIGEST, KIND_REMINDER
from bot.reminders.plan import QuietHours

QUIET_KINDS = (KIND_REMINDER, KIND_DIGEST)
_CAS_TRIES = 5


@dataclass(frozen=True)
class Pace:
    """`rate` sends per second for the whole bot, in row `name` of `send_budget`."""

    name: str = "outbox-pace"
    rate: float = 25.0


async def _seed(session: AsyncSession, pace: Pace, now: dt.datetime) -> None:
    seed = {"name": pace.name, "tokens": 0.0, "updated_at": now, "revision": 0}
    await insert_or_ignore(session, SendBudget.__table__, seed, ("name",), "name")  # type: ignore[arg-type]


async def reserve(session: AsyncSession, pace: Pace, want: int, now: dt.datetime,
                  horizon: float) -> list[dt.datetime]:
    """Up to `want` send times, `1/rate` apart, none later than now + horizon seconds."""
    if want <= 0 or pace.rate <= 0:
        return []
    step = dt.timedelta(seconds=1.0 / pace.rate)
    limit = now + dt.timedelta(seconds=horizon)
    for _ in range(_CAS_TRIES):
        row = (await session.execute(
            select(SendBudget.updated_at, SendBudget.revision).where(SendBudget.name == pace.name)
        )).first()
        if row is None:
            await _seed(session, pace, now)
            continue
        next_free, revision = row
        first = max(next_free, now)
        slots = [first + step * i for i in range(want) if first + step * i <= limit]
        if not slots:
            return []
        written = await session.execute(
            update(SendBudget)
            .where(SendBudget.name == pace.name, SendBudget.revision == revision)
            .values(updated_at=slots[-1] + step, revision=revision + 1)
            .returning(SendBudget.name)
            .execution_options(synchronize_session=False)
        )
        if written.first() is not None:
            return slots
    return []


async def pause_all(session: AsyncSession, pace: Pace, seconds: float,
                    now: dt.datetime) -> None:
    """No slot for anyone before now + seconds (never shortens a longer pause)."""
    await _seed(session, pace, now)
    resume = now + dt.timedelta(seconds=seconds)
    await session.execute(
        update(SendBudget)
        .where(SendBudget.name == pace.name, SendBudget.updated_at < resume)
        .values(updated_at=resume, revision=SendBudget.revision + 1)
        .execution_options(synchronize_session=False)
    )


class PacedNotifier:
    """Sends each message at its reserved slot (sleeping until then when a clock is given)."""

    def __init__(self, inner: Notifier, slots: list[dt.datetime],
                 clock: Callable[[], dt.datetime] | None) -> None:
        self.inner, self.slots, self.clock = inner, list(slots), clock

    async def send(self, chat_id: int, payload: dict[str, Any]) -> SendResult:
        if self.slots:
            at = self.slots.pop(0)
            if self.clock is not None:
                wait = (at - self.clock()).total_seconds()
                if wait > 0:
                    await asyncio.sleep(wait)
        return await self.inner.send(chat_id, payload)


async def defer_quiet(session: AsyncSession, now: dt.datetime, tz: dt.tzinfo,
                      quiet: QuietHours | None = None) -> int:
    """Move due reminder rows to the end of the quiet window; the number moved."""
    morning = (quiet or QuietHours()).next_allowed(now, tz)
    if morning == now:
        return 0
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == ob.PENDING, OutboxMessage.kind.in_(QUIET_KINDS),
               OutboxMessage.due_at < morning)
        .values(due_at=morning)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
