"""Webhook dedupe: remember each Telegram `update_id` so a retried delivery is handled once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

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


_TABLE: Table = ProcessedUpdate.__table__  # type: ignore[assignment]
# The gate's one statement, built once per dialect (`record_update`, on every webhook update).
_RECORD = {
    name: dialect.insert(_TABLE)
    .values(update_id=bindparam("p_update_id"), at=bindparam("p_at", type_=_TABLE.c.at.type))
    .on_conflict_do_nothing(index_elements=["update_id"])
    .returning(_TABLE.c.update_id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def record_update(session: Session, update_id: int, now: dt.datetime) -> bool:
    """`seen_update` as one statement on a sync session (`Database.write`): True when the id
    had already been recorded."""
    if not 0 <= update_id <= MAX_UPDATE_ID:
        return False
    connection = session.connection()
    dialect = "postgresql" if connection.dialect.name == "postgresql" else "sqlite"
    inserted = connection.execute(
        _RECORD[dialect], {"p_update_id": update_id, "p_at": now}
    ).scalar_one_or_none()
    return inserted is None
