"""Migration 0005: nominees indexed before the middle name joined the key are found by it."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.db.session import Database, alembic_config
from bot.status.search import search_names

NOW = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)


def _upgrade(connection: Connection, target: str) -> None:
    command.upgrade(alembic_config(connection), target)


async def test_upgrade_fills_the_middle_names_of_indexed_nominees(database_url: str) -> None:
    db = Database(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_upgrade, "0004_reports")
            await conn.execute(
                text(
                    "INSERT INTO units (id, code, name, name_folded, level, active, created_at) "
                    "VALUES (1, 'SYT', 'So Y te', 'so y te', 'tinh_agency', true, :now)"
                ),
                {"now": NOW},
            )
            await conn.execute(
                text(
                    "INSERT INTO dossiers (id, code, unit_id, award, procedure, status, version, "
                    "created_at, updated_at) VALUES (1, 'KT-2026-ABCDEF', 1, 'giay_khen', "
                    "'regular', 'draft', 1, :now, :now)"
                ),
                {"now": NOW},
            )
            for nominee_id, folded in ((1, "nguyen thi thu hang"), (2, "le mai")):
                family, given = folded.split()[0], folded.split()[-1]
                await conn.execute(
                    text(
                        "INSERT INTO nominees (id, dossier_id, name, name_folded, kind) "
                        "VALUES (:id, 1, :name, :name, 'individual')"
                    ),
                    {"id": nominee_id, "name": folded},
                )
                await conn.execute(
                    text(
                        "INSERT INTO nominee_search (nominee_id, dossier_id, unit_id, family, "
                        "given, folded) VALUES (:id, 1, 1, :family, :given, :folded)"
                    ),
                    {"id": nominee_id, "family": family, "given": given, "folded": folded},
                )
        await db.upgrade()
        async with db.engine.connect() as conn:
            middles = (
                (await conn.execute(text("SELECT middle FROM nominee_search ORDER BY nominee_id")))
                .scalars()
                .all()
            )
            vocab = (
                (await conn.execute(text("SELECT token FROM name_vocab WHERE kind = 'm'")))
                .scalars()
                .all()
            )
        assert middles == ["thi thu", ""]
        assert vocab == ["thi thu"]
        # A typo in the middle name, read through the key.
        hits = await db.read(search_names, "nguyen thi th hang", None)
        assert [h.nominee_id for h in hits][:1] == [1]
    finally:
        await db.dispose()
