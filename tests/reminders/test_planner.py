"""Planning writes in small chunks: every due reminder lands once, whatever the chunk size, and
an instance planning the same rows again adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.models import OutboxMessage
from bot.db.session import Database
from bot.reminders.planner import plan_due, store
from bot.render import Renderer

from .support import small_province, vn


async def test_chunked_planning_writes_each_reminder_once(db: Database) -> None:
    await small_province(db)
    now = vn(2026, 1, 17, 8, 1)
    rows = await plan_due(db, Renderer(), now, dry_run=True)
    assert len(rows) == 3
    first = await store(db, rows, now, chunk=2)
    again = await store(db, rows, now, chunk=2)  # a second instance planned the same tick
    async with db.session() as s:
        stored = await s.scalar(select(func.count()).select_from(OutboxMessage))
    assert [r.dedupe_key for r in first] == [r.dedupe_key for r in rows]
    assert again == [] and stored == 3
