"""Messages are planned once, claimed by exactly one worker, and recovered when a worker dies."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.db import outbox
from bot.db.session import Database

LEASE = dt.timedelta(seconds=60)


async def _enqueue(db: Database, key: str, due_at: dt.datetime, chat_id: int = 7) -> int | None:
    async with db.session() as session, session.begin():
        payload = {"text": f"nhắc {key}", "parse_mode": "HTML"}
        return await outbox.enqueue(session, key, chat_id, payload, due_at, "reminder")


async def _claim(db: Database, now: dt.datetime, worker: str, limit: int) -> list[int]:
    async with db.session() as session, session.begin():
        return [m.id for m in await outbox.claim_due(session, now, worker, limit, LEASE)]


async def test_same_dedupe_key_is_planned_once(
    db: Database, second_db: Database, pinned_now: dt.datetime
) -> None:
    first = await _enqueue(db, "campaign:1:unit:3:d-3", pinned_now)
    again = await _enqueue(second_db, "campaign:1:unit:3:d-3", pinned_now)
    assert first is not None and again is None
    assert await _claim(db, pinned_now, "w1", 10) == [first]


async def test_only_due_messages_are_claimed(db: Database, pinned_now: dt.datetime) -> None:
    due = await _enqueue(db, "due", pinned_now)
    await _enqueue(db, "later", pinned_now + dt.timedelta(hours=1))
    assert await _claim(db, pinned_now, "w1", 10) == [due]
    assert await _claim(db, pinned_now, "w2", 10) == []


async def test_two_workers_claim_each_message_exactly_once(
    db: Database, second_db: Database, pinned_now: dt.datetime
) -> None:
    async with db.session() as session, session.begin():
        for n in range(300):
            await outbox.enqueue(session, f"k{n}", 1000 + n, {"text": "x"}, pinned_now, "reminder")

    async def worker(database: Database, name: str) -> list[int]:
        mine: list[int] = []
        while batch := await _claim(database, pinned_now, name, 7):
            mine.extend(batch)
            await asyncio.sleep(0)
        return mine

    a, b = await asyncio.gather(worker(db, "A"), worker(second_db, "B"))
    assert len(a) + len(b) == 300
    assert set(a).isdisjoint(b)


async def test_expired_lease_is_reclaimed_and_stale_worker_cannot_record(
    db: Database, pinned_now: dt.datetime
) -> None:
    message_id = await _enqueue(db, "k", pinned_now)
    assert await _claim(db, pinned_now, "dead-worker", 10) == [message_id]
    assert await _claim(db, pinned_now + LEASE / 2, "w2", 10) == []
    later = pinned_now + LEASE + dt.timedelta(seconds=1)
    assert await _claim(db, later, "w2", 10) == [message_id]
    async with db.session() as session, session.begin():
        assert message_id is not None
        assert await outbox.mark_sent(session, message_id, "dead-worker", 1, later) is False
        assert await outbox.mark_sent(session, message_id, "w2", 555, later) is True
    assert await _claim(db, later + 2 * LEASE, "w3", 10) == []


async def test_claim_takes_no_more_than_the_limit(db: Database, pinned_now: dt.datetime) -> None:
    async with db.session() as session, session.begin():
        for n in range(20):
            await outbox.enqueue(session, f"k{n}", n, {"text": "x"}, pinned_now, "reminder")
    first = await _claim(db, pinned_now, "w1", 5)
    assert len(first) == 5
    assert len(await _claim(db, pinned_now, "w2", 100)) == 15
