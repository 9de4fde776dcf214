"""Webhook dedupe: remember each Telegram `update_id` so a retried delivery is handled once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ProcessedUpdate
from bot.db.upsert import insert_or_ignore

# Telegram keeps undelivered updates for at most 24 hours; keep ids twice as long.
RETENTION = dt.timedelta(hours=48)


async def seen_update(session: AsyncSession, update_id: int, now: dt.datetime) -> bool:
    """Record `update_id`; True when it had already been recorded (skip the update)."""
    inserted = await insert_or_ignore(
        session,
        ProcessedUpdate.__table__,  # type: ignore[arg-type]
        {"update_id": update_id, "at": now},
        conflict_on=("update_id",),
        returning="update_id",
    )
    return inserted is None
