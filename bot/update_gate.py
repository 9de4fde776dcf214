"""Telegram may deliver one update twice (webhook retries, two instances): handle it once."""

from __future__ import annotations

import datetime as dt

from bot.db.session import Database
from bot.db.updates import record_update


async def first_delivery(db: Database, update_id: int, now: dt.datetime) -> bool:
    """True the first time `update_id` is seen by any instance sharing this database: one
    statement (`Database.write`: in the loop on a SQLite file, autocommit on PostgreSQL)."""
    return not await db.write(record_update, update_id, now)
