"""The `Database` handle: one async engine, sessions, schema upgrade, a reachability check.

SQLite connections get WAL, foreign keys and a busy timeout; PostgreSQL connections a connect
timeout and a liveness check when they leave the pool after being idle (`_ping_if_idle`), so a
restarted server costs no failed update. `read()` runs a lookup in one hop and `read_session()`
reads without a transaction on PostgreSQL (ADR 006). `upgrade()` runs Alembic programmatically
(no alembic.ini) on the async engine and is safe when several processes start at once: an
advisory lock on PostgreSQL, a file lock beside the SQLite file.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from bot.db.errors import DatabaseUnavailable
from bot.db.fast_read import FastConnections, FastLookup, PgReader
from bot.db.url import to_async_url

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# A fixed 64-bit key for pg_advisory_xact_lock: crc32 of a project-specific name.
_MIGRATION_LOCK_KEY = zlib.crc32(b"tdkt-bot:alembic-upgrade")
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Writes run in the loop on plain sqlite3 do not wait for the lock: busy → retried in a thread.
SQLITE_BUSY = 5
# The in-loop writer never checkpoints on commit (a checkpoint fsyncs); every this many of its
# commits a passive checkpoint runs in a thread instead (ADR 022).
CHECKPOINT_EVERY_WRITES = 200
PG_CONNECT_TIMEOUT_S = 5
# A pooled PostgreSQL connection idle longer than this is pinged before use. A busy pool is not
# pinged at all: a ping costs three round trips (BEGIN, ";", ROLLBACK), more than a lookup.
PING_AFTER_IDLE_S = 10.0
# The asyncpg connections of `read_fast` (hot lookups, ADR 023): beside the engine's pool,
# so a process holds at most this many more connections.
FAST_POOL_SIZE = 4
P = ParamSpec("P")
R = TypeVar("R")


def _gone_errors() -> tuple[type[BaseException], ...]:
    """A pooled connection the server closed (restart, idle timeout): `read_fast` reads again."""
    try:
        import asyncpg
    except ImportError:  # pragma: no cover - SQLite-only installs
        return ()
    return (asyncpg.ConnectionDoesNotExistError, asyncpg.AdminShutdownError,
            asyncpg.InternalClientError)  # the server's goodbye read as the reply to a query


_GONE = _gone_errors()


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
            self.host = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
        # Parameters are user text (names, answers): never in logs or error messages.
        self.engine: AsyncEngine = create_async_engine(self.url, hide_parameters=True, **kwargs)
        if self.backend == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            reads: AsyncEngine = self.engine  # a SELECT opens no transaction in pysqlite
        else:
            event.listen(self.engine.sync_engine.pool, "checkin", _mark_idle)
            event.listen(self.engine.sync_engine.pool, "checkout", _ping_if_idle)
            reads = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(reads, expire_on_commit=False)
        # SQLite file: lookups run on plain sqlite3 connections, since aiosqlite pays a thread
        # hop for every cursor call (ADR 006).
        self._local_engine: Engine | None = None
        self._local_sessions: sessionmaker[Session] | None = None
        self._write_engine: Engine | None = None
        self._write_sessions: sessionmaker[Session] | None = None
        self._writes_since_checkpoint = 0
        self._checkpoint: asyncio.Future[None] | None = None
        # PostgreSQL: the asyncpg connections of `read_fast`, for the loop they were opened in.
        self._fast: FastConnections | None = None
        self._fast_loop: asyncio.AbstractEventLoop | None = None
        if self.sqlite_path is not None:
            sync_url = make_url(self.url).set(drivername="sqlite")
            self._local_engine = create_engine(
                sync_url,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            )
            event.listen(self._local_engine, "connect", _sqlite_pragmas)
            self._local_sessions = sessionmaker(self._local_engine, expire_on_commit=False)
            # Short writes in the loop (`write`): never wait for the lock, never checkpoint.
            self._write_engine = create_engine(
                sync_url, connect_args={"timeout": 0, "check_same_thread": False}
            )
            event.listen(self._write_engine, "connect", _sqlite_writer_pragmas)
            self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)

    @property
    def is_postgres(self) -> bool:
        return self.backend == "postgresql"

    def session(self) -> AsyncSession:
        """A new session (use as an async context manager; `session.begin()` for a transaction)."""
        return self._sessions()

    def read_session(self) -> AsyncSession:
        """A session for lookups that write nothing. On PostgreSQL it runs without a transaction
        (no BEGIN / ROLLBACK round trips): each statement sees what was committed when it ran,
        so a read that needs one consistent snapshot of several statements uses `session()`."""
        return self._read_sessions()

    async def read(
        self, lookup: Callable[Concatenate[Session, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Run `lookup(session, *args, **kwargs)`, a function that only reads, in one go.

        On a SQLite file it runs right here on plain sqlite3: a lookup is a few reads of pages
        the OS has cached, cheaper than handing it to a thread (0.33 ms median, 1.7 ms p99 on
        our machines), and WAL readers never wait for writers. On PostgreSQL (and in-memory
        SQLite, which a second engine could not see) it runs under the driver's greenlet
        without a transaction (ADR 006)."""
        if self._local_sessions is not None:
            with self._local_sessions() as session:
                return lookup(session, *args, **kwargs)
        async with self._read_sessions() as session:
            return await session.run_sync(lookup, *args, **kwargs)

    async def read_fast(
        self, lookup: FastLookup[P, R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """A hot lookup (who asks, a dossier's card: `/hoso CODE`): on PostgreSQL `lookup.pg` on
        one of a few asyncpg connections of its own, with no transaction and none of
        SQLAlchemy's async machinery (ADR 023); elsewhere `lookup.sync` as `read` runs it.
        Both forms return the same. A connection the server closed meanwhile is replaced and
        the read run once more (it only reads)."""
        if not self.is_postgres:
            return await self.read(lookup.sync, *args, **kwargs)
        connections = self._fast_connections()
        for attempt in (1, 2):
            async with self._reachable():
                connection = await connections.acquire()
            error: BaseException | None = None
            try:
                return await lookup.pg(PgReader(connection), *args, **kwargs)
            except BaseException as exc:
                error = exc
                if attempt == 2 or not (isinstance(exc, _GONE) or connection.is_closed()):
                    raise
            finally:
                connections.release(connection, error)
        raise AssertionError("unreachable")

    def _fast_connections(self) -> FastConnections:
        loop = asyncio.get_running_loop()
        if self._fast is None or self._fast_loop is not loop:
            if self._fast is not None:
                self._fast.terminate()  # another event loop's (a test's, a bench run's)
            _, options = self.engine.dialect.create_connect_args(make_url(self.url))
            self._fast = FastConnections({**options, "timeout": PG_CONNECT_TIMEOUT_S},
                                         FAST_POOL_SIZE)
            self._fast_loop = loop
        return self._fast

    async def write(
        self, change: Callable[Concatenate[Session, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Run `change(session, *args, **kwargs)`, one short write of ONE statement (e.g. a flow
        state's versioned update), committed on its own.

        On a SQLite file it runs right here on plain sqlite3 when the write lock is free (a WAL
        append, no fsync), like `read`; when another writer holds the lock it does not wait in
        the loop but runs on the async engine, whose thread waits. On PostgreSQL it is one
        autocommit statement (no BEGIN / COMMIT round trips), on in-memory SQLite a transaction
        of the async engine (ADR 022). Exceptions raised by `change` roll
        back what it did."""
        if self._write_sessions is not None:
            try:
                with self._write_sessions.begin() as local:
                    result = change(local, *args, **kwargs)
            except OperationalError as exc:
                if not _is_busy(exc):
                    raise
            else:
                self._count_write()
                return result
        if self.is_postgres:
            async with self._read_sessions() as autocommit:
                return await autocommit.run_sync(change, *args, **kwargs)
        async with self._sessions() as session, session.begin():
            return await session.run_sync(change, *args, **kwargs)

    def _count_write(self) -> None:
        """Every `CHECKPOINT_EVERY_WRITES` in-loop commits, a passive checkpoint in a thread."""
        self._writes_since_checkpoint += 1
        if self._writes_since_checkpoint < CHECKPOINT_EVERY_WRITES:
            return
        if self._checkpoint is not None and not self._checkpoint.done():
            return
        self._writes_since_checkpoint = 0
        self._checkpoint = asyncio.get_running_loop().run_in_executor(None, self._checkpoint_now)

    def _checkpoint_now(self) -> None:
        assert self._local_engine is not None
        with contextlib.suppress(OperationalError), self._local_engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

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
        if self._checkpoint is not None:
            await self._checkpoint
        fast, self._fast = self._fast, None
        if fast is not None and self._fast_loop is asyncio.get_running_loop():
            await fast.close()
        elif fast is not None:
            fast.terminate()
        await self.engine.dispose()
        if self._local_engine is not None:
            self._local_engine.dispose()
        if self._write_engine is not None:
            self._write_engine.dispose()

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


def _sqlite_writer_pragmas(dbapi_connection: Any, record: Any) -> None:
    """The in-loop writer: as any connection, but a busy lock fails at once (the write is then
    retried in a thread) and its commits never run a checkpoint (`Database._count_write`)."""
    _sqlite_pragmas(dbapi_connection, record)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("PRAGMA wal_autocheckpoint=0")
    finally:
        cursor.close()


def _is_busy(exc: OperationalError) -> bool:
    """SQLite's "database is locked" (another connection holds the write lock)."""
    code = getattr(exc.orig, "sqlite_errorcode", None)
    if code is not None:
        return bool(code & 0xFF == SQLITE_BUSY)
    return "locked" in str(exc.orig).lower()


def _mark_idle(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Check a connection that sat idle in the pool; a dead one is replaced by the pool (it
    retries the checkout on `DisconnectionError`), so the caller never sees it."""
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
        return
    try:
        dbapi_connection.ping()
    except Exception as exc:  # any failure of the ping means: do not hand this one out
        raise DisconnectionError(f"stale connection: {type(exc).__name__}") from exc


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
