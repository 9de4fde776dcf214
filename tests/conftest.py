"""Shared database fixtures: a fresh database per test, and a pinned clock.

By default each test gets its own SQLite file under `tmp_path`. When `TDKT_TEST_DATABASE_URL`
is set (CI: the local PostgreSQL), every test runs on that database instead. A test that uses
`db` starts at the latest migration with no rows (a copy of a SQLite file migrated once per
worker; on PostgreSQL, `schema_reset.reset_to_migrated`); a test that asks only for
`database_url` starts with no tables and runs the migrations itself. Under pytest-xdist each
worker gets a database of its own on that server (`<name>_gw0`, `<name>_gw1`, …), created on
first use, so workers never touch each other's tables.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from schema_reset import drop_all_tables, reset_to_migrated
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


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the latest migration, built once per worker and copied into each test."""
    path = tmp_path_factory.mktemp("migrated") / "template.db"
    asyncio.run(upgrade_and_dispose(f"sqlite:///{path}"))
    journals = [p.name for p in path.parent.glob("template.db-*")]
    assert not journals, f"the template must be one closed file, found {journals}"
    return path


async def upgrade_and_dispose(url: str) -> None:
    database = Database(url)
    try:
        await database.upgrade()
    finally:
        await database.dispose()


@pytest.fixture
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_sqlite_template: Path
) -> AsyncIterator[str]:
    """A database URL: empty, or already at the latest migration when the test uses `db`.

    Running the migrations costs about half a second a test, so a test that uses `db` (directly
    or through another fixture) gets the schema without them: on SQLite a copy of a file migrated
    once per worker, on PostgreSQL the worker's database with its rows deleted
    (`schema_reset.reset_to_migrated`). A test that asks only for `database_url` gets an empty
    database, to run the migrations itself.
    """
    shared = os.environ.get(TEST_DATABASE_ENV, "").strip()
    migrated = "db" in request.fixturenames
    if not shared:
        path = tmp_path / "tdkt-test.db"
        if migrated:
            shutil.copyfile(migrated_sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    if migrated:
        await reset_to_migrated(shared)
    else:
        await drop_all_tables(shared)
    yield shared


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A `Database` at the latest migration (see `database_url`), disposed after the test."""
    database = Database(database_url)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def pinned_now() -> dt.datetime:
    """The test clock: an aware UTC datetime (09:00 Asia/Ho_Chi_Minh, 2026-01-15)."""
    return PINNED_NOW
