"""Hot reads on PostgreSQL as plain asyncpg prepared statements (issue 16, ADR 023).

A lookup run by `Database.read` on PostgreSQL goes through SQLAlchemy's async layer: a pool
checkout with its events, a greenlet switch per driver call, the result machinery. For the few
reads every `/hoso CODE` makes (who asks, the dossier's card) that was about half of the CPU of
an update. `Database.read_fast(lookup, ...)` runs `lookup.pg` on one of a few asyncpg
connections of its own instead (`FastConnections`; no transaction: autocommit, as
`Database.read`; nothing to reset on release: these reads leave no session state), and
`lookup.sync` as `Database.read` runs it elsewhere (SQLite: plain sqlite3 in the loop).

The SQL is not written twice: `PgStatement` compiles the very SQLAlchemy statement the sync
path executes, once, for the asyncpg dialect, and applies that statement's result processors
(aware UTC datetimes), so both paths return the same values. JSON is decoded by the
connections themselves (`json_codecs`), as SQLAlchemy's asyncpg dialect does it.
"""

from __future__ import annotations

import asyncio
import json
from collections import namedtuple
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement

P = ParamSpec("P")
R = TypeVar("R")

_DIALECT = asyncpg_dialect.dialect()


class PgStatement:
    """A SQLAlchemy SELECT compiled once for asyncpg: SQL text with `$n` parameters, the order
    of its named parameters, and a result processor per column (None when a value passes as is).
    Expanding (`IN` list) parameters are not supported: write `= ANY(:ids)` with an ARRAY type.
    """

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled = False
        self.sql = ""
        self._layout: list[tuple[str, Any]] = []  # (name, None) to fill, or ("", literal value)
        self._processors: list[Callable[[Any], Any] | None] = []
        self._row: Any = None

    def _compile(self) -> None:
        compiled: Any = self.statement.compile(dialect=_DIALECT)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("PgStatement: expanding or literal-execute parameters")
        binds = {name: bind for bind, name in compiled.bind_names.items()}
        self.sql = compiled.string
        for name in compiled.positiontup:
            bind = binds[name]
            fixed = bind.value is not None or bind.callable is not None
            self._layout.append(("", bind.effective_value) if fixed else (name, None))
            if bind.type._cached_bind_processor(_DIALECT) is not None:
                raise ValueError(f"PgStatement: parameter {name} needs a bind processor")
        names = []
        for key, _name, _objects, kind in compiled._result_columns:
            names.append(key)
            self._processors.append(kind._cached_result_processor(_DIALECT, None))
        self._row = namedtuple("PgRow", names, rename=True)  # type: ignore[misc]
        self._compiled = True

    def args(self, params: dict[str, Any]) -> list[Any]:
        if not self._compiled:
            self._compile()
        return [params[name] if name else value for name, value in self._layout]

    def rows(self, records: Sequence[Any]) -> list[Any]:
        """The records as named tuples (attribute access, as a SQLAlchemy Row), processed."""
        make, processors = self._row, self._processors
        if not any(processors):
            return [make(*record) for record in records]
        return [
            make(*[value if f is None or value is None else f(value)
                   for f, value in zip(processors, record, strict=True)])
            for record in records
        ]


async def json_codecs(connection: Any) -> None:
    """Decode json / jsonb to Python values on `connection`, as SQLAlchemy's asyncpg dialect
    sets its connections up (its JSON type then has no result processor of its own)."""
    for name in ("json", "jsonb"):
        await connection.set_type_codec(
            name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
        )


class FastConnections:
    """At most `size` asyncpg connections for `Database.read_fast`, opened when first needed.

    Leaner than `asyncpg.Pool` (whose checkout and release cost a third of a fast read): a
    semaphore and a stack of idle connections. A connection comes back to the stack unless its
    read failed in a way that may leave it mid-conversation (cancelled, a driver or socket
    error); then it is closed and a new one opened on demand. A server error (SQL) or a domain
    exception of the lookup leaves it usable: the reads run outside any transaction.
    """

    def __init__(self, options: dict[str, Any], size: int) -> None:
        self._options = options
        self._idle: list[Any] = []
        self._free = asyncio.Semaphore(size)
        self._closed = False

    async def acquire(self) -> Any:
        await self._free.acquire()
        try:
            while self._idle:
                connection = self._idle.pop()
                if not connection.is_closed():
                    return connection
            return await self._connect()
        except BaseException:
            self._free.release()
            raise

    def release(self, connection: Any, error: BaseException | None) -> None:
        import asyncpg

        broken = isinstance(error, (asyncpg.InterfaceError, asyncpg.InternalClientError, OSError,
                                    asyncio.CancelledError, TimeoutError,
                                    asyncpg.ConnectionDoesNotExistError))
        if self._closed or broken or connection.is_closed():
            connection.terminate()
        else:
            self._idle.append(connection)
        self._free.release()

    async def close(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.close(timeout=5)

    def terminate(self) -> None:
        """Close without waiting (another loop's connections, at exit)."""
        self._closed = True
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.terminate()

    async def _connect(self) -> Any:
        import asyncpg

        connection = await asyncpg.connect(**self._options)
        try:
            await json_codecs(connection)
        except BaseException:
            connection.terminate()
            raise
        return connection


class PgReader:
    """One connection of `FastConnections`, lent to a `FastLookup.pg` for its read."""

    __slots__ = ("connection",)

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    async def rows(self, statement: PgStatement, params: dict[str, Any]) -> list[Any]:
        args = statement.args(params)
        return statement.rows(await self.connection.fetch(statement.sql, *args))

    async def column(self, sql: str, *args: Any) -> list[Any]:
        """The first column of a plain SQL read (values that need no processing)."""
        return [record[0] for record in await self.connection.fetch(sql, *args)]


@dataclass(frozen=True)
class FastLookup(Generic[P, R]):
    """One read in two forms returning the same: `sync` on a sync `Session` (as `Database.read`
    takes it) and `pg` on a `PgReader` (PostgreSQL)."""

    sync: Callable[Concatenate[Session, P], R]
    pg: Callable[Concatenate[PgReader, P], Awaitable[R]]
