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
from bot.db.models import Dossier, DossierEvent, Officer, Unit
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


def reviewer_dedupe_key(event_id: int, officer_id: int) -> str:
    return f"review:{event_id}:{officer_id}"


async def reviewers_of(session: AsyncSession, unit_id: int) -> list[tuple[int, int]]:
    """(officer id, chat id) of the active reviewers whose scope covers `unit_id`: their scope
    (or, without one, their own unit) is the unit or one of its ancestors."""
    ancestors: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in ancestors:
        ancestors.append(current)
        current = await session.scalar(select(Unit.parent_id).where(Unit.id == current))
    rows = (await session.execute(
        select(Officer.id, Officer.chat_id, Officer.telegram_user_id, Officer.unit_id,
               Officer.scope)
        .where(Officer.role == "reviewer", Officer.active.is_(True))
    )).all()
    out: list[tuple[int, int]] = []
    for officer_id, chat_id, user_id, own_unit, scope in rows:
        roots = set(scope or [own_unit])
        target = chat_id or user_id
        if target is not None and roots & set(ancestors):
            out.append((officer_id, target))
    return out


async def plan_reviewer_notices(
    session: AsyncSession,
    renderer: Renderer,
    dossier: Dossier,
    event: DossierEvent,
    now: dt.datetime,
) -> int:
    """Push a (re)submitted dossier's summary once to each reviewer in scope (same outbox)."""
    from bot.dossier.submit_view import reviewer_summary

    text = await reviewer_summary(session, renderer, dossier, event)
    button = {
        "text": renderer.label("status.open_card"),
        "data": encode(PREFIX, "c", dossier.code),
    }
    files = {"text": renderer.label("dossier.files"), "data": encode("dh", "fl", dossier.code)}
    payload = {"text": text, "parse_mode": "HTML", "buttons": [[button, files]]}
    planned = 0
    for officer_id, target in await reviewers_of(session, dossier.unit_id):
        created = await outbox.enqueue(session, reviewer_dedupe_key(event.id, officer_id), target,
                                       payload, due_at=now, kind=KIND, officer_id=officer_id,
                                       now=now)
        planned += created is not None
    return planned
