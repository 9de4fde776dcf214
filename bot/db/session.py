"""The `Database` handle: one async engine, sessions, schema upgrade, a reachability check.

SQLite connections get WAL, foreign keys and a busy timeout; PostgreSQL connections a connect
timeout. `upgrade()` runs Alembic programmatically (no alembic.ini) on the async engine and is
safe when several processes start at once: an advisory lock on PostgreSQL, a file lock beside the
SQLite file.
"""

from __future__ import annotations

import asyncio
import contextlib
import zlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import StaticPool

from bot.db.errors import DatabaseUnavailable
from bot.db.url import to_async_url

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# A fixed 64-bit key for pg_advisory_xact_lock: crc32 of a project-specific name.
_MIGRATION_LOCK_KEY = zlib.crc32(b"tdkt-bot:alembic-upgrade")
SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_CONNECT_TIMEOUT_S = 5


class Database:
    """Owns the engine; hand out sessions with `async with db.session() as s:`."""

    def __init__(self, url: str) -> None:
        self.url = to_async_url(url)
        parsed = make_url(self.url)
        self.backend = parsed.get_backend_name()
        self.sqlite_path: Path | None = None
        kwargs: dict[str, Any] = {}
        if self.backend == "sqlite":
            database = parsed.database or ""
            if database in ("", ":memory:") or database.startswith("file:"):
                kwargs["poolclass"] = StaticPool
            else:
                self.sqlite_path = Path(database)
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
            self.host = database or ":memory:"
        else:
            kwargs["connect_args"] = {"timeout": PG_CONNECT_TIMEOUT_S}
            kwargs["pool_pre_ping"] = True
            self.host = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.backend == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_postgres(self) -> bool:
        return self.backend == "postgresql"

    def session(self) -> AsyncSession:
        """A new session (use as an async context manager; `session.begin()` for a transaction)."""
        return self._sessions()

    async def ping(self) -> None:
        """Raise `DatabaseUnavailable` (naming the host) unless a trivial query succeeds."""
        async with self._reachable():
            self._prepare_sqlite_dir()
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))

    async def upgrade(self) -> None:
        """Bring the schema to the latest migration; a no-op when it is already there."""
        async with self._reachable():
            self._prepare_sqlite_dir()
            if self.sqlite_path is not None:
                lock_path = self.sqlite_path.with_name(self.sqlite_path.name + ".migrate.lock")
                with await asyncio.to_thread(_file_lock_enter, lock_path) as _:
                    await self._upgrade_locked()
            else:
                await self._upgrade_locked()

    async def dispose(self) -> None:
        await self.engine.dispose()

    def _prepare_sqlite_dir(self) -> None:
        """Create the SQLite file's folder (a failure is an OSError: "unavailable")."""
        if self.sqlite_path is not None:
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)

    async def _upgrade_locked(self) -> None:
        async with self.engine.connect() as conn:
            if self.is_postgres:
                # Released at commit; a second process waits here, then finds the schema at head.
                lock = text("SELECT pg_advisory_xact_lock(:k)")
                await conn.execute(lock, {"k": _MIGRATION_LOCK_KEY})
            await conn.run_sync(_run_alembic_upgrade)
            await conn.commit()

    @contextlib.asynccontextmanager
    async def _reachable(self) -> AsyncIterator[None]:
        try:
            yield
        except (OSError, TimeoutError) as exc:
            raise DatabaseUnavailable(self.host, type(exc).__name__) from exc
        except (OperationalError, DBAPIError) as exc:
            if exc.connection_invalidated or _is_connect_error(exc):
                raise DatabaseUnavailable(self.host, type(exc.orig).__name__) from exc
            raise


def alembic_config(connection: Connection | None = None) -> Any:
    """An Alembic `Config` pointing at our migrations, optionally bound to `connection`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _run_alembic_upgrade(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "head")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _is_connect_error(exc: DBAPIError) -> bool:
    """Errors that mean "cannot reach / open the database", not "your SQL is wrong"."""
    message = str(exc.orig).lower()
    if "database" in message and "does not exist" in message:
        return True
    return any(
        marker in message
        for marker in (
            "unable to open database",
            "connection refused",
            "could not connect",
            "connect call failed",
            "timeout",
            "name or service not known",
        )
    )


@contextlib.contextmanager
def _file_lock_held(handle: Any) -> Iterator[None]:
    import fcntl

    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _file_lock_enter(path: Path) -> contextlib.AbstractContextManager[None]:
    """Block until we hold an exclusive lock on `path`; the returned context releases it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: single-process use only
        return contextlib.nullcontext()
    handle = path.open("a")
    fcntl.flock(handle, fcntl.LOCK_EX)
    return _file_lock_held(handle)
