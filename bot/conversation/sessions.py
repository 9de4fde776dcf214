"""Per-chat flow state in the database (ADR 001): load, change, save with optimistic locking.

A flow's state is a row of `interview_sessions` (answers + free-form data + version). Journeys
call `update_flow` with a pure function from the stored state to the new one; when another
instance saved first, the function is re-applied to the fresh state (a double tap on two
instances never forks a session).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select

from bot.db.errors import StaleVersion
from bot.db.interviews import (
    NEW,
    InterviewValues,
    delete_interview,
    load_interview,
    save_interview,
)
from bot.db.models import InterviewSession
from bot.db.session import Database

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class FlowState:
    """What a flow keeps: answers by question id, the consideration date, anything else."""

    answers: dict[str, Any] = field(default_factory=dict)
    as_of: dt.date | None = None
    data: dict[str, Any] = field(default_factory=dict)
    version: int = NEW


async def load_flow(db: Database, chat_id: int, user_id: int, flow: str) -> FlowState | None:
    async with db.session() as session:
        row = await load_interview(session, chat_id, user_id, flow)
    if row is None:
        return None
    return FlowState(dict(row.answers), row.as_of, dict(row.data or {}), row.version)


async def update_flow(
    db: Database,
    chat_id: int,
    user_id: int,
    flow: str,
    change: Callable[[FlowState | None], FlowState],
    now: dt.datetime,
) -> FlowState:
    """Apply `change` to the stored state and save it; retried on a lost race."""
    for _ in range(MAX_ATTEMPTS):
        current = await load_flow(db, chat_id, user_id, flow)
        new = change(current)
        values = InterviewValues(chat_id, user_id, flow, new.answers, new.as_of, new.data)
        try:
            async with db.session() as session, session.begin():
                version = await save_interview(
                    session, values, current.version if current else NEW, now
                )
        except StaleVersion:
            continue
        return FlowState(new.answers, new.as_of, new.data, version)
    raise StaleVersion("interview_sessions", -1)


async def end_flow(db: Database, chat_id: int, user_id: int, flow: str) -> None:
    async with db.session() as session, session.begin():
        await delete_interview(session, chat_id, user_id, flow)


async def close_all(db: Database, chat_id: int, user_id: int) -> bool:
    """Forget every open flow of this user in this chat; True if there was any."""
    async with db.session() as session, session.begin():
        result = await session.execute(
            delete(InterviewSession).where(
                InterviewSession.chat_id == chat_id, InterviewSession.user_id == user_id
            )
        )
    return bool(getattr(result, "rowcount", 0))


async def latest_flow(db: Database, chat_id: int, user_id: int) -> str | None:
    """The flow this user touched last: free text goes to it."""
    async with db.session() as session:
        return (
            await session.execute(
                select(InterviewSession.flow)
                .where(InterviewSession.chat_id == chat_id, InterviewSession.user_id == user_id)
                .order_by(InterviewSession.updated_at.desc(), InterviewSession.id.desc())
                .limit(1)
            )
        ).scalar_one_or_none()


__all__ = ["FlowState", "close_all", "end_flow", "latest_flow", "load_flow", "update_flow"]
