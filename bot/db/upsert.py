"""Portable "insert unless the unique key exists" (`ON CONFLICT DO NOTHING`) for both backends."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert


def insert_ignore(session: AsyncSession, table: Table, conflict_on: Sequence[str]) -> Insert:
    """An INSERT on `table` that does nothing when `conflict_on` columns already exist."""
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=list(conflict_on))
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=list(conflict_on))


async def insert_or_ignore(
    session: AsyncSession,
    table: Table,
    values: dict[str, Any],
    conflict_on: Sequence[str],
    returning: str,
) -> Any | None:
    """Insert one row unless it conflicts; return its `returning` column, or None if ignored."""
    statement = insert_ignore(session, table, conflict_on).values(**values)
    result = await session.execute(statement.returning(table.c[returning]))
    return result.scalar_one_or_none()
