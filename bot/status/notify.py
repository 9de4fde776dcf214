"""Plan the notices of a status change: one outbox message per active officer of the unit.

The dedupe key is `status:<event id>:<officer id>`, so planning twice (a retried transaction,
a replayed update) never sends twice; delivery is the outbox tick's job (`bot.db.delivery`).
The text is rendered now, in Vietnamese, with the reason and the next step.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat.callbacks import encode
from bot.db import outbox
from bot.db.models import Dossier, DossierEvent, Officer
from bot.render import Renderer

KIND = "status"
PREFIX = "st"


def dedupe_key(event_id: int, officer_id: int) -> str:
    return f"status:{event_id}:{officer_id}"


async def plan_status_notices(
    session: AsyncSession,
    renderer: Renderer,
    dossier: Dossier,
    event: DossierEvent,
    next_step: str,
    due_on: dt.date | None,
    now: dt.datetime,
) -> int:
    """Enqueue the notices of `event`; returns how many were newly planned."""
    officers = (
        await session.execute(
            select(Officer.id, Officer.chat_id, Officer.telegram_user_id).where(
                Officer.unit_id == dossier.unit_id, Officer.active.is_(True)
            )
        )
    ).all()
    missing = list((event.data or {}).get("missing", []))
    text = renderer.render(
        "status/notice.j2", code=dossier.code, award=dossier.award, to_status=event.to_status,
        from_status=event.from_status, note=event.note, missing=missing, next_step=next_step,
        due_on=due_on,
    )
    button = {
        "text": renderer.label("status.open_card"),
        "data": encode(PREFIX, "c", dossier.code),
    }
    payload = {"text": text, "parse_mode": "HTML", "buttons": [[button]]}
    planned = 0
    for officer_id, chat_id, user_id in officers:
        target = chat_id or user_id
        if target is None:
            continue
        created = await outbox.enqueue(session, dedupe_key(event.id, officer_id), target, payload,
                                       due_at=now, kind=KIND, officer_id=officer_id, now=now)
        planned += created is not None
    return planned
