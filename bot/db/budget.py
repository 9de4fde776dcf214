"""A bot-wide sending budget shared by every instance: a token bucket row in the database.

Telegram allows about 30 messages per second per bot, whatever the number of instances, so
the budget cannot live in process memory. Each taker reads the row and writes it back with a
compare-and-set on `revision`; a lost race is retried a few times, then takes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import SendBudget
from bot.db.upsert import insert_or_ignore

_CAS_TRIES = 5


@dataclass(frozen=True)
class BudgetSpec:
    """Refill `rate` tokens per second up to `capacity` (defaults leave room for replies)."""

    name: str = "telegram"
    rate: float = 25.0
    capacity: float = 25.0


async def take(session: AsyncSession, spec: BudgetSpec, want: int, now: dt.datetime) -> int:
    """Take up to `want` tokens; return how many were granted (0 when the bucket is empty)."""
    if want <= 0:
        return 0
    for _ in range(_CAS_TRIES):
        row = (
            await session.execute(
                select(SendBudget.tokens, SendBudget.updated_at, SendBudget.revision).where(
                    SendBudget.name == spec.name
                )
            )
        ).first()
        if row is None:
            seed = {"name": spec.name, "tokens": spec.capacity, "updated_at": now, "revision": 0}
            await insert_or_ignore(session, SendBudget.__table__, seed, ("name",), "name")  # type: ignore[arg-type]
            continue
        tokens, updated_at, revision = row
        elapsed = max(0.0, (now - updated_at).total_seconds())
        available = min(spec.capacity, tokens + elapsed * spec.rate)
        granted = min(want, int(available))
        written = await session.execute(
            update(SendBudget)
            .where(SendBudget.name == spec.name, SendBudget.revision == revision)
            .values(
                tokens=available - granted,
                updated_at=max(now, updated_at),
                revision=revision + 1,
            )
            .returning(SendBudget.name)
            .execution_options(synchronize_session=False)
        )
        if written.first() is not None:
            return granted
    return 0


async def give_back(session: AsyncSession, spec: BudgetSpec, count: int) -> None:
    """Return unused tokens (never above capacity)."""
    if count <= 0:
        return
    refilled = SendBudget.tokens + count
    await session.execute(
        update(SendBudget)
        .where(SendBudget.name == spec.name)
        .values(
            tokens=case((refilled > spec.capacity, spec.capacity), else_=refilled),
            revision=SendBudget.revision + 1,
        )
        .execution_options(synchronize_session=False)
    )
