"""Upgrading a database with data from any earlier revision keeps the derived tables filled:
the name search finds the nominees that were there before the upgrade."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from bot.db.models import Nominee
from bot.db.models_status import NomineeSearch
from bot.db.session import Database, alembic_config
from bot.status.search import search_names
from tdkt.seed import seed_demo

EARLIER_REVISIONS = [
    "0001",
    "0002_status",
    "0003_reminders",
    "0004_reports",
    "0005_status_search",
    "0006_report_indexes",
    "0007_lookup_budget",
]
SAMPLE = 5


def _downgrade(connection: Connection, target: str) -> None:
    command.downgrade(alembic_config(connection), target)


@pytest.mark.parametrize("revision", EARLIER_REVISIONS)
async def test_upgrade_from_an_earlier_revision_keeps_name_search(
    database_url: str, pinned_now: dt.datetime, revision: str
) -> None:
    db = Database(database_url)
    try:
        await db.upgrade()
        await seed_demo(db, pinned_now)
        async with db.session() as session:
            nominees = (
                await session.execute(
                    select(Nominee.id, Nominee.name)
                    .where(Nominee.kind == "individual")
                    .order_by(Nominee.id)
                    .limit(SAMPLE)
                )
            ).all()
            indexed_before = await session.scalar(select(func.count()).select_from(NomineeSearch))
        assert len(nominees) == SAMPLE
        async with db.engine.connect() as conn:
            if not db.is_postgres:
                # As the `alembic` command line runs: SQLite's batch downgrades rebuild tables.
                await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await conn.run_sync(_downgrade, revision)
            await conn.commit()
        await db.upgrade()
        async with db.engine.connect() as conn:
            indexed_after = (
                await conn.execute(text("SELECT count(*) FROM nominee_search"))
            ).scalar_one()
        assert indexed_after == indexed_before
        for nominee_id, name in nominees:
            hits = await db.read(search_names, name, None, 20)
            assert nominee_id in [hit.nominee_id for hit in hits], name
    finally:
        await db.dispose()
