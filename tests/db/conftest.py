"""Fixtures for the database-layer tests: a unit to attach officers and invites to."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from bot.db.models import Unit
from bot.db.session import Database


@pytest.fixture
async def unit_id(db: Database, pinned_now: dt.datetime) -> int:
    async with db.session() as session, session.begin():
        unit = Unit(
            code="SYT",
            name="Sở Y tế",
            name_folded="so y te",
            level="tinh_agency",
            created_at=pinned_now,
        )
        session.add(unit)
        await session.flush()
        return unit.id


@pytest.fixture
async def second_db(database_url: str, db: Database) -> AsyncIterator[Database]:
    """Another engine on the same database: stands for a second bot instance."""
    other = Database(database_url)
    yield other
    await other.dispose()
