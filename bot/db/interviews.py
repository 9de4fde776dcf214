"""Interview state: one row per (chat, user, flow), saved with optimistic locking.

Each update loads the row, replays the answers through the pure flow, and saves with the
version it loaded; if another instance saved in between, `StaleVersion` tells the caller to
reload and replay. A version of 0 means "not stored yet" (the first save inserts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.db.errors import StaleVersion
from bot.db.models import InterviewSession
from bot.db.upsert import insert_or_ignore

NEW = 0  # the expected version of an interview that has never been saved


@dataclass(frozen=True)
class InterviewValues:
    """What is saved: the key (chat, user, flow) and the state (answers, as_of, data)."""

    chat_id: int
    user_id: int
    flow: str
    answers: dict[str, Any] = field(default_factory=dict)
    as_of: dt.date | None = None
    data: dict[str, Any] | None = None

    @classmethod
    def of(cls, row: InterviewSession) -> InterviewValues:
        return cls(row.chat_id, row.user_id, row.flow, dict(row.answers), row.as_of, row.data)


async def load_interview(
    session: AsyncSession, chat_id: int, user_id: int, flow: str
) -> InterviewSession | None:
    """The stored interview, freshly read (never a stale copy from the identity map)."""
    return (
        await session.execute(
            select(InterviewSession)
            .where(
                InterviewSession.chat_id == chat_id,
                InterviewSession.user_id == user_id,
                InterviewSession.flow == flow,
            )
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()


# The hot path (`Database.read` / `Database.write`, once per update): Core statements built once,
# run on the session's connection (no ORM compile step, no statement built per call).
_T: Table = InterviewSession.__table__  # type: ignore[assignment]
_KEY = (_T.c.chat_id == bindparam("p_chat_id")) & (_T.c.user_id == bindparam("p_user_id"))
_STATE = (_T.c.answers, _T.c.as_of, _T.c.data, _T.c.version)
_READ = select(*_STATE).where(_KEY & (_T.c.flow == bindparam("p_flow")))
_READ_LATEST = (
    select(_T.c.flow, *_STATE).where(_KEY).order_by(_T.c.updated_at.desc(), _T.c.id.desc()).limit(1)
)
_NEW_STATE = {
    name: bindparam(f"p_{name}", type_=_T.c[name].type)
    for name in ("answers", "as_of", "data", "updated_at")
}
_UPDATE = (
    update(_T)
    .where(_KEY & (_T.c.flow == bindparam("p_flow")) & (_T.c.version == bindparam("p_expected")))
    .values(**_NEW_STATE, version=_T.c.version + 1)
    .returning(_T.c.version)
)


def _inserts() -> dict[str, Any]:
    values = {
        "chat_id": bindparam("p_chat_id"),
        "user_id": bindparam("p_user_id"),
        "flow": bindparam("p_flow"),
        "version": 1,
        **_NEW_STATE,
    }
    key = ["chat_id", "user_id", "flow"]
    return {
        name: dialect.insert(_T)
        .values(**values)
        .on_conflict_do_nothing(index_elements=key)
        .returning(_T.c.id)
        for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
    }


_INSERT = _inserts()


def read_state(session: Session, chat_id: int, user_id: int, flow: str) -> tuple[Any, ...] | None:
    """(answers, as_of, data, version) of the stored interview, or None."""
    row = (
        session.connection()
        .execute(_READ, {"p_chat_id": chat_id, "p_user_id": user_id, "p_flow": flow})
        .first()
    )
    return tuple(row) if row is not None else None


def read_latest_state(session: Session, chat_id: int, user_id: int) -> tuple[Any, ...] | None:
    """(flow, answers, as_of, data, version) of the flow this user touched last, or None."""
    params = {"p_chat_id": chat_id, "p_user_id": user_id}
    row = session.connection().execute(_READ_LATEST, params).first()
    return tuple(row) if row is not None else None


def write_state(
    session: Session, values: InterviewValues, expected_version: int, now: dt.datetime
) -> int:
    """`save_interview` as one statement on a sync session (`Database.write`): an insert that
    does nothing on conflict, or an update guarded by the version. Raises `StaleVersion`."""
    connection = session.connection()
    params = {
        "p_chat_id": values.chat_id,
        "p_user_id": values.user_id,
        "p_flow": values.flow,
        "p_answers": values.answers,
        "p_as_of": values.as_of,
        "p_data": values.data,
        "p_updated_at": now,
    }
    if expected_version == NEW:
        dialect = "postgresql" if connection.dialect.name == "postgresql" else "sqlite"
        created = connection.execute(_INSERT[dialect], params).scalar_one_or_none()
        if created is None:
            raise StaleVersion("interview_sessions", expected_version)
        return 1
    new_version = connection.execute(
        _UPDATE, {**params, "p_expected": expected_version}
    ).scalar_one_or_none()
    if new_version is None:
        raise StaleVersion("interview_sessions", expected_version)
    return int(new_version)


async def save_interview(
    session: AsyncSession,
    values: InterviewValues | InterviewSession,
    expected_version: int,
    now: dt.datetime,
) -> int:
    """Store `values` if the row is still at `expected_version`; return the new version.

    Raises `StaleVersion` when someone else saved first (or created the row first).
    """
    if isinstance(values, InterviewSession):
        values = InterviewValues.of(values)
    state = {
        "answers": values.answers,
        "as_of": values.as_of,
        "data": values.data,
        "updated_at": now,
    }
    if expected_version == NEW:
        key = {"chat_id": values.chat_id, "user_id": values.user_id, "flow": values.flow}
        created = await insert_or_ignore(
            session,
            _T,
            {**key, **state, "version": 1},
            conflict_on=("chat_id", "user_id", "flow"),
            returning="id",
        )
        if created is None:
            raise StaleVersion("interview_sessions", expected_version)
        return 1
    result = await session.execute(
        update(InterviewSession)
        .where(
            InterviewSession.chat_id == values.chat_id,
            InterviewSession.user_id == values.user_id,
            InterviewSession.flow == values.flow,
            InterviewSession.version == expected_version,
        )
        .values(**state, version=InterviewSession.version + 1)
        .returning(InterviewSession.version)
        .execution_options(synchronize_session=False)
    )
    new_version = result.scalar_one_or_none()
    if new_version is None:
        raise StaleVersion("interview_sessions", expected_version)
    return int(new_version)


async def delete_interview(session: AsyncSession, chat_id: int, user_id: int, flow: str) -> bool:
    """Forget the interview (finished or cancelled); True if there was one."""
    result = await session.execute(
        delete(InterviewSession)
        .where(
            InterviewSession.chat_id == chat_id,
            InterviewSession.user_id == user_id,
            InterviewSession.flow == flow,
        )
        .returning(InterviewSession.id)
        .execution_options(synchronize_session=False)
    )
    return result.first() is not None
