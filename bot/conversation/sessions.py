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

from sqlalchemy import delete

from bot.db.errors import StaleVersion
from bot.db.interviews import (
    NEW,
    InterviewValues,
    delete_interview,
    read_latest_state,
    read_state,
    write_state,
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
    """The stored state (one read: plain sqlite3 on a SQLite file, ADR 006)."""
    row = await db.read(read_state, chat_id, user_id, flow)
    if row is None:
        return None
    answers, as_of, data, version = row
    return FlowState(dict(answers), as_of, dict(data or {}), version)


async def latest_flow_state(
    db: Database, chat_id: int, user_id: int
) -> tuple[str, FlowState] | None:
    """The flow this user touched last and its state, in one read (free text goes to it)."""
    row = await db.read(read_latest_state, chat_id, user_id)
    if row is None:
        return None
    flow, answers, as_of, data, version = row
    return flow, FlowState(dict(answers), as_of, dict(data or {}), version)


async def save_flow(
    db: Database,
    chat_id: int,
    user_id: int,
    flow: str,
    new: FlowState,
    expected_version: int,
    now: dt.datetime,
) -> FlowState:
    """Store `new` if the stored state is still at `expected_version` (`NEW`: not stored yet):
    the update's one write (ADR 022). Raises `StaleVersion` otherwise."""
    values = InterviewValues(chat_id, user_id, flow, new.answers, new.as_of, new.data)
    version = await db.write(write_state, values, expected_version, now)
    return FlowState(new.answers, new.as_of, new.data, version)


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
        try:
            return await save_flow(
                db, chat_id, user_id, flow, new, current.version if current else NEW, now
            )
        except StaleVersion:
            continue
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
    found = await latest_flow_state(db, chat_id, user_id)
    return found[0] if found else None


__all__ = [
    "FlowState",
    "close_all",
    "end_flow",
    "latest_flow",
    "latest_flow_state",
    "load_flow",
    "save_flow",
    "update_flow",
]
