"""The PostgreSQL reset between tests leaves what a fresh migration leaves (CI's database only)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from schema_reset import reset_to_migrated
from sqlalchemy import text

from bot.db.models import Unit
from bot.db.session import Database

pytestmark = pytest.mark.skipif(
    not os.environ.get("TDKT_TEST_DATABASE_URL"), reason="PostgreSQL test database only"
)


async def _insert_unit(url: str, code: str) -> int:
    database = Database(url)
    try:
        async with database.session() as session, session.begin():
            unit = Unit(
                code=code,
                name="Sở Y tế",
                name_folded="so y te",
                level="tinh_agency",
                created_at=dt.datetime(2026, 1, 15, tzinfo=dt.UTC),
            )
            session.add(unit)
            await session.flush()
            return unit.id
    finally:
        await database.dispose()


async def _scalar(url: str, sql: str) -> object:
    database = Database(url)
    try:
        async with database.engine.connect() as conn:
            return await conn.scalar(text(sql))
    finally:
        await database.dispose()


async def test_rows_go_and_ids_start_again(database_url: str, db: Database) -> None:
    first = await _insert_unit(database_url, "SYT")
    await _insert_unit(database_url, "SGD")

    await reset_to_migrated(database_url)

    assert await _scalar(database_url, "SELECT count(*) FROM units") == 0
    assert await _insert_unit(database_url, "SYT") == first
    assert await _scalar(database_url, "SELECT version_num FROM alembic_version") is not None


async def test_a_changed_schema_is_migrated_again(database_url: str, db: Database) -> None:
    database = Database(database_url)
    try:
        async with database.engine.begin() as conn:
            await conn.execute(text("ALTER TABLE units ADD COLUMN leftover integer"))
            await conn.execute(text("CREATE TABLE stray (id integer)"))
    finally:
        await database.dispose()

    await reset_to_migrated(database_url)

    columns = await _scalar(
        database_url,
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'units' AND column_name = 'leftover'",
    )
    assert columns == 0
    assert await _scalar(database_url, "SELECT to_regclass('stray')") is None
