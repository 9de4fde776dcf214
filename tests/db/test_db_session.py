"""The database starts cleanly: upgrade is idempotent and concurrent, failures are typed."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import StatementError

from bot.db import session as session_module
from bot.db.coltypes import NaiveDatetime
from bot.db.errors import DatabaseUnavailable
from bot.db.metadata import full_metadata, head_revision
from bot.db.models import Unit
from bot.db.session import Database


def _schema_diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, full_metadata()))


async def test_migrations_create_exactly_the_models(db: Database) -> None:
    async with db.engine.connect() as conn:
        assert await conn.run_sync(_schema_diff) == []


async def test_upgrade_twice_and_concurrently_is_harmless(db: Database, database_url: str) -> None:
    others = [Database(database_url) for _ in range(2)]
    try:
        await asyncio.gather(db.upgrade(), *(o.upgrade() for o in others))
    finally:
        for other in others:
            await other.dispose()
    async with db.engine.connect() as conn:
        versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
    assert versions == [(head_revision(),)]


async def test_upgrade_from_empty_under_two_processes(database_url: str) -> None:
    first, second = Database(database_url), Database(database_url)
    try:
        await asyncio.gather(first.upgrade(), second.upgrade())
        async with first.engine.connect() as conn:
            versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
            units = (await conn.execute(text("SELECT count(*) FROM units"))).scalar_one()
        assert (versions, units) == ([(head_revision(),)], 0)
    finally:
        await first.dispose()
        await second.dispose()


async def test_unreachable_postgres_names_the_host() -> None:
    db = Database("postgresql://nobody@127.0.0.1:1/tdkt")
    with pytest.raises(DatabaseUnavailable) as info:
        await db.ping()
    await db.dispose()
    assert info.value.key == "database_unreachable"
    assert info.value.host == "127.0.0.1:1"


async def test_sqlite_file_that_cannot_be_opened_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    db = Database(f"sqlite:///{blocker}/tdkt.db")
    with pytest.raises(DatabaseUnavailable):
        await db.ping()
    await db.dispose()


async def test_datetimes_come_back_aware_utc(db: Database) -> None:
    hanoi = dt.timezone(dt.timedelta(hours=7))
    created = dt.datetime(2026, 1, 15, 9, 0, tzinfo=hanoi)
    async with db.session() as session, session.begin():
        session.add(Unit(code="X", name="X", name_folded="x", level="unit", created_at=created))
    async with db.session() as session:
        stored = await session.scalar(select(Unit.created_at).where(Unit.code == "X"))
    assert stored == created
    assert stored is not None and stored.utcoffset() == dt.timedelta(0)


async def test_naive_datetime_is_refused(db: Database) -> None:
    async with db.session() as session:
        session.add(
            Unit(
                code="Y",
                name="Y",
                name_folded="y",
                level="unit",
                created_at=dt.datetime(2026, 1, 1),
            )
        )
        with pytest.raises(StatementError) as info:
            await session.flush()
    assert isinstance(info.value.orig, NaiveDatetime)


async def test_sqlite_runs_in_wal_with_foreign_keys(db: Database) -> None:
    if db.is_postgres:
        pytest.skip("SQLite pragmas")
    async with db.engine.connect() as conn:
        journal = await conn.scalar(text("PRAGMA journal_mode"))
        foreign_keys = await conn.scalar(text("PRAGMA foreign_keys"))
    assert (journal, foreign_keys) == ("wal", 1)


async def test_a_restarted_server_costs_no_failed_read(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL drops every connection (a restart); the next lookup after the pool sat idle
    still answers, because an idle connection is checked before it is handed out."""
    if not db.is_postgres:
        pytest.skip("a PostgreSQL server restart")
    async with db.read_session() as session:
        pid = await session.scalar(text("SELECT pg_backend_pid()"))
    async with Database(db.url).session() as admin:
        await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    monkeypatch.setattr(session_module, "PING_AFTER_IDLE_S", 0.0)
    async with db.read_session() as session:
        assert await session.scalar(text("SELECT pg_backend_pid()")) != pid


async def test_read_sessions_see_what_others_committed(db: Database) -> None:
    async with db.session() as writer, writer.begin():
        writer.add(
            Unit(
                code="R",
                name="R",
                name_folded="r",
                level="unit",
                created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            )
        )
    async with db.read_session() as reader:
        assert await reader.scalar(select(Unit.code).where(Unit.code == "R")) == "R"
