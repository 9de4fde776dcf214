"""Per-user lookup budget: a token bucket row in the database (anti-enumeration of dossier codes).

A registered user may look up 20 dossiers in a burst, then 20 a minute. The purpose is to make
guessing codes hopeless (~887 million possible codes a year), not to meter exactly.

Why in the database: behind a webhook several instances serve one user, and an in-process
bucket would give that user N × the budget; instances keep no state in memory that matters
(ADR 001). Lookups do not write it each time: `bot.status.lookup_budget` decides in process and
charges the row in batches (`charge_many`, bounded error; ADR 017); `take`
still serves invite attempts and `bench/ratelimit.py`. Charging is
one statement: an upsert that refills in SQL from the stored `(tokens, at)` and spends a token
only if one is there (`ON CONFLICT DO UPDATE … WHERE refilled >= 1 RETURNING`), so two
instances taking at once can never both spend the last token (PostgreSQL locks the row; SQLite
has one writer). A refused take changes nothing; a second read tells how long to wait.

Rows are never deleted: registered users are charged for lookups (guests are turned away
before) and anyone for invite attempts (`bot.chat.invites`), so the table holds one small row
per officer or would-be officer, and an idle row refills to full on its own.
Time is passed in (`now`), never read here.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from sqlalchemy import BigInteger, Float, Table, bindparam, case, cast, extract, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.elements import ColumnElement

from bot.db.coltypes import UTCDateTime
from bot.db.models_status import LookupBudget

CAPACITY = 20  # lookups in a burst
REFILL_PER_MINUTE = 20.0
RATE = REFILL_PER_MINUTE / 60.0  # tokens per second
_DUST = 1e-9  # float rounding must not turn "exactly one token" into a refusal

_TABLE: Table = LookupBudget.__table__  # type: ignore[assignment]
_NOW = bindparam("now", type_=UTCDateTime())
_USER = bindparam("user_id", type_=BigInteger())
_STATEMENTS: dict[str, Insert] = {}
_CHARGES: dict[str, Insert] = {}


async def take(session: AsyncSession, user_id: int, now: dt.datetime) -> int:
    """Spend one of `user_id`'s lookup tokens: 0 when allowed, else the seconds to wait."""
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    params: dict[str, Any] = {"user_id": user_id, "now": now}
    spent = (await session.execute(_statement(dialect), params)).first()
    if spent is not None:
        return 0
    row = (
        await session.execute(
            select(LookupBudget.tokens, LookupBudget.at).where(LookupBudget.user_id == user_id)
        )
    ).first()
    return wait_seconds(row.tokens, row.at, now) if row is not None else 1


async def charge_many(
    session: AsyncSession, counts: dict[int, int], now: dt.datetime
) -> dict[int, tuple[float, dt.datetime]]:
    """Charge each user's `count` lookups already granted (`bot.status.lookup_budget`): a
    bucket may go below zero, a debt the refill pays back. One upsert run as an executemany,
    which SQLAlchemy sends as multi-row VALUES (a round trip per batch, not per user). Returns
    each user's row after the charge (tokens, at)."""
    if not counts:
        return {}
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    params = [
        {"user_id": user, "tokens": float(CAPACITY) - float(count), "at": now}
        for user, count in sorted(counts.items())
    ]
    result = await session.execute(_charge_statement(dialect), params)
    return {row.user_id: (float(row.tokens), row.at) for row in result}


def refilled(tokens: float, at: dt.datetime, now: dt.datetime) -> float:
    """The bucket's tokens at `now`, given `tokens` as of `at` (a clock behind `at` adds none)."""
    elapsed = max((now - at).total_seconds(), 0.0)
    return min(float(CAPACITY), tokens + elapsed * RATE)


def wait_seconds(tokens: float, at: dt.datetime, now: dt.datetime) -> int:
    """Whole seconds until the bucket holds one token again (at least 1)."""
    return max(1, math.ceil(round((1.0 - refilled(tokens, at, now)) / RATE, 6)))


def _insert(dialect: str) -> postgresql.Insert | sqlite.Insert:
    """An insert into the table, in the dialect's upsert-capable form."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_TABLE)


def _available(dialect: str, now: ColumnElement[Any]) -> ColumnElement[Any]:
    """The stored bucket's tokens refilled up to `now` (capped at CAPACITY)."""
    tokens, at = _TABLE.c.tokens, _TABLE.c.at
    elapsed = _seconds_since(dialect, now, at)
    gained = tokens + case((elapsed > 0, elapsed), else_=0.0) * RATE
    return case((gained > CAPACITY, float(CAPACITY)), else_=gained)


def _statement(dialect: str) -> Insert:
    """The charging upsert for `dialect`, built once: it returns a row only when a token was
    spent (a new user starts with a full bucket, less this lookup)."""
    cached = _STATEMENTS.get(dialect)
    if cached is not None:
        return cached
    available, insert = _available(dialect, _NOW), _insert(dialect)
    at = _TABLE.c.at
    statement = (
        insert.values(user_id=_USER, tokens=float(CAPACITY - 1), at=_NOW)
        .on_conflict_do_update(
            index_elements=[_TABLE.c.user_id],
            set_={"tokens": available - 1.0, "at": case((at < _NOW, _NOW), else_=at)},
            where=available >= 1.0 - _DUST,
        )
        .returning(_TABLE.c.tokens)
    )
    _STATEMENTS[dialect] = statement
    return statement


def _charge_statement(dialect: str) -> Insert:
    """The unconditional charging upsert for `dialect`, built once, for an executemany: each row
    carries the user, `CAPACITY - count` (a new user's bucket after the charge) and now; on
    conflict the stored bucket is refilled up to that now and charged `count`. Every value comes
    from the inserted row (`excluded`), so the rows batch into one multi-row VALUES.
    RETURNING user_id, tokens, at."""
    cached = _CHARGES.get(dialect)
    if cached is not None:
        return cached
    insert = _insert(dialect)
    now, at = insert.excluded.at, _TABLE.c.at
    count = float(CAPACITY) - insert.excluded.tokens
    statement = (
        insert.on_conflict_do_update(
            index_elements=[_TABLE.c.user_id],
            set_={"tokens": _available(dialect, now) - count,
                  "at": case((at < now, now), else_=at)},
        )
        .returning(_TABLE.c.user_id, _TABLE.c.tokens, _TABLE.c.at)
    )
    _CHARGES[dialect] = statement
    return statement


def _seconds_since(
    dialect: str, now: ColumnElement[Any], at: ColumnElement[Any]
) -> ColumnElement[Any]:
    """`now - at` in seconds, as a float expression of the dialect."""
    if dialect == "postgresql":
        return cast(extract("epoch", now - at), Float)
    # SQLite stores naive UTC text. julianday() counts whole milliseconds internally but returns
    # days as a float: rounding the difference to the millisecond removes the float dust.
    return func.round((func.julianday(now) - func.julianday(at)) * 86400.0, 3)
