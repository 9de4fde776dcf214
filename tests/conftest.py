"""Shared database fixtures: a fresh, migrated database per test, and a pinned clock.

By default each test gets its own SQLite file under `tmp_path`. When `TDKT_TEST_DATABASE_URL`
is set (CI: the local PostgreSQL), every test runs on that database instead, after all of its
tables have been dropped, so the migrations are exercised from scratch each time. Under
pytest-xdist each worker gets a database of its own on that server (`<name>_gw0`, `<name>_gw1`, …),
created on first use, so workers never drop each other's tables.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db.session import Database
from bot.db.url import to_async_url

TEST_DATABASE_ENV = "TDKT_TEST_DATABASE_URL"
# 09:00 in Hà Nội on a working Thursday in the year-end nomination season.
PINNED_NOW = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)


XDIST_WORKER_ENV = "PYTEST_XDIST_WORKER"


def pytest_configure(config: pytest.Config) -> None:
    """Give this xdist worker its own PostgreSQL database (before any test module is imported)."""
    shared = os.environ.get(TEST_DATABASE_ENV, "").strip()
    worker = os.environ.get(XDIST_WORKER_ENV, "").strip()
    if not shared or not worker:
        return
    os.environ[TEST_DATABASE_ENV] = asyncio.run(worker_database(shared, worker))


async def worker_database(shared: str, worker: str) -> str:
    """The URL of `<database>_<worker>` on the server of `shared`, created when missing."""
    url = make_url(shared)
    name = f"{url.database}_{worker}"
    engine = create_async_engine(to_async_url(shared), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            exists = await conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                await conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


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
