"""Interview state: one row per (chat, user, flow), saved with optimistic locking.

Each update loads the row, replays the answers through the pure flow, and saves with the
version it loaded; if another instance saved in between, `StaleVersion` tells the caller to
reload and replay. A version of 0 means "not stored yet" (the first save inserts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

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
            InterviewSession.__table__,  # type: ignore[arg-type]
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
