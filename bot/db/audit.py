"""The audit log: who did what to which record, appended in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditLog

Target = tuple[str, int | str]


async def record(
    session: AsyncSession,
    actor: int | None,
    action: str,
    target: Target | None,
    unit_id: int | None,
    data: dict[str, Any] | None,
    now: dt.datetime,
) -> AuditLog:
    """Append one entry; `actor` is an officer id (None: CLI/system); `target` is (type, id)."""
    entry = AuditLog(
        at=now,
        actor_officer_id=actor,
        action=action,
        target_type=target[0] if target else None,
        target_id=str(target[1]) if target else None,
        unit_id=unit_id,
        data=data,
    )
    session.add(entry)
    await session.flush()
    return entry
