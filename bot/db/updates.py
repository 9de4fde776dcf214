"""Webhook dedupe: remember each Telegram `update_id` so a retried delivery is handled once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ProcessedUpdate
from bot.db.upsert import insert_or_ignore

# Telegram keeps undelivered updates for at most 24 hours; keep ids twice as long.
RETENTION = dt.timedelta(hours=48)
# The column is a signed 64-bit integer; Telegram's ids are far smaller.
MAX_UPDATE_ID = 2**63 - 1


async def seen_update(session: AsyncSession, update_id: int, now: dt.datetime) -> bool:
    """Record `update_id`; True when it had already been recorded (skip the update).

    An id the column cannot hold (negative, or over 2^63 - 1) never comes from Telegram: it is
    handled as a first delivery without being recorded, rather than failing the update."""
    if not 0 <= update_id <= MAX_UPDATE_ID:
        return False
    inserted = await insert_or_ignore(
        session,
        ProcessedUpdate.__table__,  # type: ignore[arg-type]
        {"update_id": update_id, "at": now},
        conflict_on=("update_id",),
        returning="update_id",
    )
    return inserted is None
