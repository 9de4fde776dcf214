"""A webhook update delivered twice (even to two instances) is processed once."""

from __future__ import annotations

import datetime as dt

from bot.db.session import Database
from bot.db.updates import seen_update


async def _seen(db: Database, update_id: int, now: dt.datetime) -> bool:
    async with db.session() as session, session.begin():
        return await seen_update(session, update_id, now)


async def test_second_delivery_is_recognised(
    db: Database, second_db: Database, pinned_now: dt.datetime
) -> None:
    assert await _seen(db, 900_000_001, pinned_now) is False
    assert await _seen(second_db, 900_000_001, pinned_now) is True
    assert await _seen(db, 900_000_002, pinned_now) is False
