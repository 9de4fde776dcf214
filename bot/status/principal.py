"""Identify + resolve in one read: the `Principal` behind a turn, as `resolve(identify(turn))`
gives it, from one `Database.read` (issue 16: one read instead of two sessions per lookup).

The officer row (joined to its unit, as `identify` does) and, when the role needs it, the unit
tree below the officer's unit or scope are read in one go (`Database.read_fast`) — on a SQLite
file on plain sqlite3, on PostgreSQL as asyncpg prepared statements without a transaction (ADR
006, ADR 023): the same statement, the same rows. When the update must record something about the
officer's chat (`officers.needs_seen`: a new chat, "unreachable" to clear, a blocked officer
writing again), or on the local console, it falls back to `identify` + `resolve`, which write
that record; that happens once per such change, not per lookup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.conversation.turn import Turn
from bot.conversation.viewer import Role
from bot.db.fast_read import FastLookup, PgReader, PgStatement
from bot.db.models import Officer, Unit
from bot.db.officers import needs_seen
from bot.identify import identify
from bot.status.access import Principal, resolve, with_descendants, with_descendants_pg


@dataclass(frozen=True)
class _Officer:
    """The officer columns a principal needs, read as one Core row (no ORM entity)."""

    id: int
    unit_id: int
    role: str
    scope: list[int] | None
    can_see_subunits: bool
    active: bool
    chat_id: int | None
    blocked_at: dt.datetime | None
    unreachable_since: dt.datetime | None


_COLUMNS = (Officer.id, Officer.unit_id, Officer.role, Officer.scope, Officer.can_see_subunits,
            Officer.active, Officer.chat_id, Officer.blocked_at, Officer.unreachable_since)


@dataclass(frozen=True)
class _Found:
    officer: _Officer | None
    units: frozenset[int] | None  # the units an active officer or reviewer covers


async def principal_for(turn: Turn) -> Principal:
    """The turn's principal; the same as `resolve(session, await identify(turn))`."""
    if not turn.local_console:
        found = await turn.services.db.read_fast(READ, turn.user_id)
        officer = found.officer
        if officer is None or not (turn.chat_id == turn.user_id
                                   and needs_seen(officer, turn.chat_id)):
            return _principal(turn, found)
    viewer = await identify(turn)
    async with turn.services.db.read_session() as session:
        return await resolve(session, viewer)


def _principal(turn: Turn, found: _Found) -> Principal:
    officer = found.officer
    if officer is not None and officer.active:
        role = Role(officer.role)
        if role is Role.ADMIN:
            return Principal(Role.ADMIN, officer.id, officer.unit_id, None)
        if role in (Role.OFFICER, Role.REVIEWER):
            return Principal(role, officer.id, officer.unit_id, found.units)
        return Principal(Role.GUEST, None, None, frozenset())
    if turn.user_id in turn.services.settings.admin_id_set:
        return Principal(Role.ADMIN, None, None, None)
    return Principal(Role.GUEST, None, None, frozenset())


# Built once; run as Core on the session's connection (no ORM compile step per lookup).
_READ = (
    select(*_COLUMNS)
    .join(Unit, Unit.id == Officer.unit_id)
    .where(Officer.telegram_user_id == bindparam("p_user_id"))
)


def _read(session: Session, user_id: int) -> _Found:
    row = session.connection().execute(_READ, {"p_user_id": user_id}).one_or_none()
    officer = _Officer(*row) if row is not None else None
    if officer is None or not officer.active:
        return _Found(officer, frozenset())
    if officer.role == Role.REVIEWER.value:
        return _Found(officer, with_descendants(session, officer.scope or [officer.unit_id]))
    if officer.role == Role.OFFICER.value and officer.can_see_subunits:
        return _Found(officer, with_descendants(session, [officer.unit_id]))
    return _Found(officer, frozenset({officer.unit_id}))


_READ_PG = PgStatement(_READ)


async def _read_pg(pg: PgReader, user_id: int) -> _Found:
    """`_read` on PostgreSQL (`Database.read_fast`)."""
    rows = await pg.rows(_READ_PG, {"p_user_id": user_id})
    officer = _Officer(*rows[0]) if rows else None
    if officer is None or not officer.active:
        return _Found(officer, frozenset())
    if officer.role == Role.REVIEWER.value:
        return _Found(officer, await with_descendants_pg(pg, officer.scope or [officer.unit_id]))
    if officer.role == Role.OFFICER.value and officer.can_see_subunits:
        return _Found(officer, await with_descendants_pg(pg, [officer.unit_id]))
    return _Found(officer, frozenset({officer.unit_id}))


# The turn's officer and the units they cover, in one read (`Database.read_fast`).
READ = FastLookup(_read, _read_pg)
