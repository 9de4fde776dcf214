"""Shared database fixtures: a fresh, migrated database per test, and a pinned clock.

By default each test gets its own SQLite file under `tmp_path`. When `TDKT_TEST_DATABASE_URL`
is set (CI: the local PostgreSQL), every test runs on that database instead, after all of its
tables have been dropped, so the migrations are exercised from scratch each time.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db.session import Database
from bot.db.url import to_async_url

TEST_DATABASE_ENV = "TDKT_TEST_DATABASE_URL"
# 09:00 in Hà Nội on a working Thursday in the year-end nomination season.
PINNED_NOW = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)


async def drop_all_tables(url: str) -> None:
    """Empty a PostgreSQL test database: drop every table of the current schema."""
    engine = create_async_engine(to_async_url(url))
    try:
        async with engine.begin() as conn:
            names = (
                (
                    await conn.execute(
                        text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                    )
                )
                .scalars()
                .all()
            )
            if names:
                quoted = ", ".join(f'"{name}"' for name in names)
                await conn.execute(text(f"DROP TABLE IF EXISTS {quoted} CASCADE"))
    finally:
        await engine.dispose()


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """A database URL with no tables in it (SQLite file, or the emptied PostgreSQL database)."""
    shared = os.environ.get(TEST_DATABASE_ENV, "").strip()
    if not shared:
        yield f"sqlite:///{tmp_path / 'tdkt-test.db'}"
        return
    await drop_all_tables(shared)
    yield shared


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """An upgraded `Database`, disposed after the test."""
    database = Database(database_url)
    await database.upgrade()
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def pinned_now() -> dt.datetime:
    """The test clock: an aware UTC datetime (09:00 Asia/Ho_Chi_Minh, 2026-01-15)."""
    return PINNED_NOW
