"""Give a PostgreSQL test database a clean state: no tables, or the migrated schema with no rows.

Running the sixteen migrations costs about half a second a test on this server, and most tests
only need the schema they produce. After the first migration in a worker, `reset_to_migrated`
keeps the tables and deletes their rows instead, and restarts every sequence, which is what a
freshly migrated database holds (the migrations insert no rows into an empty database). It does
so only when the schema is still the one the migrations made: a test that downgraded, altered or
dropped something leaves a different fingerprint, and the next reset runs the migrations again.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from bot.db.session import Database
from bot.db.url import to_async_url

# Everything a test could change in the schema: the Alembic revision, the columns, the indexes and
# the constraints of the current schema, folded into one digest.
_FINGERPRINT = text(
    """
    SELECT md5(concat_ws('|',
      (SELECT string_agg(concat_ws(':', table_name, column_name, data_type, is_nullable,
                                   column_default), ',' ORDER BY table_name, column_name)
         FROM information_schema.columns WHERE table_schema = current_schema()),
      (SELECT string_agg(indexdef, ',' ORDER BY indexname)
         FROM pg_indexes WHERE schemaname = current_schema()),
      (SELECT string_agg(conname || ':' || pg_get_constraintdef(oid), ',' ORDER BY conname)
         FROM pg_constraint WHERE connamespace = current_schema()::regnamespace)))
    """
)
_HAS_VERSION_TABLE = text("SELECT to_regclass('alembic_version') IS NOT NULL")
_VERSION = text("SELECT string_agg(version_num, ',') FROM alembic_version")
_TABLES = text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
_RESTART_SEQUENCES = text(
    "SELECT setval(format('%I.%I', schemaname, sequencename), start_value, false) "
    "FROM pg_sequences WHERE schemaname = current_schema()"
)

# The fingerprint of the schema at head in this process (one database per xdist worker).
_migrated: dict[str, str] = {}


async def drop_all_tables(url: str) -> None:
    """Empty a PostgreSQL test database: drop every table of the current schema."""
    engine = create_async_engine(to_async_url(url))
    try:
        async with engine.begin() as conn:
            names = (await conn.execute(_TABLES)).scalars().all()
            if names:
                quoted = ", ".join(f'"{name}"' for name in names)
                await conn.execute(text(f"DROP TABLE IF EXISTS {quoted} CASCADE"))
    finally:
        await engine.dispose()


async def reset_to_migrated(url: str) -> None:
    """Leave `url` at the latest migration with no rows: by deleting rows when the schema allows."""
    known = _migrated.get(url)
    if known is not None and await _delete_rows_if_schema_is(url, known):
        return
    await drop_all_tables(url)
    database = Database(url)
    try:
        await database.upgrade()
    finally:
        await database.dispose()
    _migrated[url] = await _state(url)


async def _state(url: str) -> str:
    engine = create_async_engine(to_async_url(url))
    try:
        async with engine.connect() as conn:
            return await _fingerprint(conn)
    finally:
        await engine.dispose()


async def _fingerprint(conn: AsyncConnection) -> str:
    version = ""
    if await conn.scalar(_HAS_VERSION_TABLE):
        version = str(await conn.scalar(_VERSION))
    return f"{version}/{await conn.scalar(_FINGERPRINT)}"


async def _delete_rows_if_schema_is(url: str, expected: str) -> bool:
    """Delete every row but the Alembic revision; False (nothing done) if the schema changed."""
    engine = create_async_engine(to_async_url(url))
    try:
        async with engine.begin() as conn:
            if await _fingerprint(conn) != expected:
                return False
            names = [n for n in (await conn.execute(_TABLES)).scalars() if n != "alembic_version"]
            # Foreign keys are not checked while every table is emptied (superuser only: the
            # local test server's `postgres`); without the right the migrations run instead.
            await conn.execute(text("SET LOCAL session_replication_role = replica"))
            for name in names:
                await conn.execute(text(f'DELETE FROM "{name}"'))
            await conn.execute(_RESTART_SEQUENCES)
        return True
    except DBAPIError as exc:
        if "permission denied" in str(exc.orig).lower():
            return False
        raise
    finally:
        await engine.dispose()
