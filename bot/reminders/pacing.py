"""Pacing shared by every instance, on top of `bot.db.budget`'s token bucket:

- `pause_all`: after a 429, empty the shared bucket and date it `retry_after` seconds ahead, so
  no instance takes a token before Telegram's wait is over (the bucket refills from that moment);
- `next_token_in`: how long until the bucket holds a whole token (so a drainer sleeps exactly
  that long instead of polling, and tokens are not lost to the bucket's small capacity);
- `defer_quiet`: during quiet hours (21:00–07:00), pending reminder rows that fell due are moved
  to the morning instead of being claimed (status notices are not touched).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import outbox as ob
from bot.db.budget import BudgetSpec
from bot.db.models import OutboxMessage, SendBudget
from bot.db.upsert import insert_or_ignore
from bot.reminders.messages import KIND_DIGEST, KIND_REMINDER
from bot.reminders.plan import QuietHours

QUIET_KINDS = (KIND_REMINDER, KIND_DIGEST)


async def pause_all(session: AsyncSession, spec: BudgetSpec, seconds: float,
                    now: dt.datetime) -> None:
    """No tokens for anyone until now + seconds (never shortens a longer pause)."""
    seed = {"name": spec.name, "tokens": 0.0, "updated_at": now, "revision": 0}
    await insert_or_ignore(session, SendBudget.__table__, seed, ("name",), "name")  # type: ignore[arg-type]
    resume = now + dt.timedelta(seconds=seconds)
    await session.execute(
        update(SendBudget)
        .where(SendBudget.name == spec.name, SendBudget.updated_at < resume)
        .values(tokens=0.0, updated_at=resume, revision=SendBudget.revision + 1)
        .execution_options(synchronize_session=False)
    )


async def defer_quiet(session: AsyncSession, now: dt.datetime, tz: ZoneInfo,
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


async def next_token_in(session: AsyncSession, spec: BudgetSpec, now: dt.datetime) -> float:
    """Seconds until `bot.db.budget.take` would grant one token (0 when it would now)."""
    row = (await session.execute(
        select(SendBudget.tokens, SendBudget.updated_at).where(SendBudget.name == spec.name)
    )).first()
    if row is None or spec.rate <= 0:
        return 0.0
    tokens, updated_at = row
    paused = max(0.0, (updated_at - now).total_seconds())
    refill = max(0.0, (now - updated_at).total_seconds()) * spec.rate
    available = min(spec.capacity, tokens + refill)
    return paused + max(0.0, 1.0 - available) / spec.rate
