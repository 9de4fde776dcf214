"""Migration 0016 drops `send_budget.tokens` and its downgrade puts it back, keeping the pace rows
(SQLite through batch mode, PostgreSQL with plain ALTERs)."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Connection

from bot.db.models import SendBudget
from bot.db.session import Database, alembic_config
from bot.reminders.pacing import Pace, pause_all, reserve

BEFORE = "0015_rollup_report_counts"


def _downgrade(connection: Connection) -> None:
    command.downgrade(alembic_config(connection), BEFORE)


def _columns(connection: Connection) -> dict[str, dict[str, object]]:
    return {c["name"]: c for c in inspect(connection).get_columns("send_budget")}


async def test_the_pace_survives_dropping_and_restoring_tokens(
    db: Database, pinned_now: dt.datetime
) -> None:
    pace = Pace()
    async with db.session() as session, session.begin():
        await reserve(session, pace, 3, pinned_now, 60.0)
        await pause_all(session, pace, 5.0, pinned_now)
    async with db.session() as session:
        rows = (await session.execute(select(SendBudget.name, SendBudget.updated_at,
                                             SendBudget.revision).order_by(SendBudget.name))).all()
    assert len(rows) == 2
    async with db.engine.connect() as conn:
        assert "tokens" not in await conn.run_sync(_columns)
        if not db.is_postgres:
            await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        await conn.run_sync(_downgrade)
        await conn.commit()
        restored = await conn.run_sync(_columns)
        tokens = (await conn.execute(
            text("SELECT name, tokens FROM send_budget ORDER BY name"))).all()
    assert restored["tokens"]["nullable"] is False
    assert restored["tokens"]["default"] is None  # as revision 0001 created it
    assert tokens == [(name, 0.0) for name, _, _ in rows]
    await db.upgrade()
    async with db.session() as session:
        again = (await session.execute(select(SendBudget.name, SendBudget.updated_at,
                                              SendBudget.revision).order_by(SendBudget.name))).all()
    assert again == rows
