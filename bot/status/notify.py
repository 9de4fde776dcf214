"""Plan the notices of a status change, to the other side and never to the one who acted.

A unit's move (submit, resubmit, withdraw) is pushed to the active reviewers whose scope covers
the unit; a reviewer's move to the unit's active officers; the actor is left out either way.
The dedupe key is `status:<event id>:<officer id>`, so planning twice (a retried transaction,
a replayed update) never sends twice. Several changes of one dossier within `COALESCE` go out
as one push: the first plans it `COALESCE` from now under `dossier:<id>:<officer id>`, later
ones rewrite that still-pending message to list every change (the payload keeps them under
"changes"). Delivery is the outbox tick's job (`bot.db.delivery`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.callbacks import encode
from bot.db import outbox
from bot.db.models import Dossier, DossierEvent, Nominee, Officer, Unit
from bot.render import Renderer
from bot.status.expected import Expected
from bot.status.submit_view import reviewer_summary

KIND = "status"
PREFIX = "st"
# Changes of one dossier closer together than this reach each person as one push.
COALESCE = dt.timedelta(seconds=60)


def dedupe_key(event_id: int, officer_id: int) -> str:
    return f"status:{event_id}:{officer_id}"


def coalesce_key(dossier_id: int, officer_id: int) -> str:
    return f"dossier:{dossier_id}:{officer_id}"


async def unit_officers(session: AsyncSession, unit_id: int) -> list[tuple[int, int]]:
    """(officer id, chat id) of the unit's active officers who can be reached."""
    rows = (
        await session.execute(
            select(Officer.id, Officer.chat_id, Officer.telegram_user_id).where(
                Officer.unit_id == unit_id, Officer.active.is_(True)
            )
        )
    ).all()
    out: list[tuple[int, int]] = []
    for officer_id, chat_id, user_id in rows:
        target = chat_id or user_id
        if target is not None:
            out.append((officer_id, target))
    return out


async def plan_status_notices(
    session: AsyncSession,
    renderer: Renderer,
    dossier: Dossier,
    event: DossierEvent,
    next_step: str,
    expected: Expected | None,
    now: dt.datetime,
    *,
    to_reviewers: bool = False,
) -> int:
    """Enqueue (or merge) the notices of `event` for the other side; returns how many people
    will be told. `to_reviewers`: the unit acted, so the reviewers in scope are told."""
    if to_reviewers:
        recipients = await reviewers_of(session, dossier.unit_id)
    else:
        recipients = await unit_officers(session, dossier.unit_id)
    recipients = [(o, chat) for o, chat in recipients if o != event.actor_officer_id]
    data = event.data or {}
    change = {
        "from": event.from_status,
        "to": event.to_status,
        "note": event.note,
        "missing": list(data.get("missing", [])),
        "supplement_due": data.get("supplement_due"),
        "requested_by": data.get("requested_by"),
        "requested_by_user": data.get("requested_by_user"),
    }
    names = list((await session.scalars(
        select(Nominee.name).where(Nominee.dossier_id == dossier.id).order_by(Nominee.id).limit(4)
    )).all())
    context = {
        "unit_name": await session.scalar(select(Unit.name).where(Unit.id == dossier.unit_id)),
        "nominees": names,
        "code": dossier.code,
        "award": dossier.award,
        "next_step": next_step,
        "expected": None if expected is None else {
            "due_on": expected.due_on.isoformat(), "stage": expected.stage,
            "overdue": expected.overdue,
        },
    }
    planned = 0
    for officer_id, target in recipients:
        key = coalesce_key(dossier.id, officer_id)
        pending = await outbox.pending_with(session, key)
        if pending is not None:
            message_id, payload = pending
            changes = [*payload.get("changes", []), change]
            merged = _payload(renderer, dossier.code, changes, context)
            if await outbox.replace_pending(session, message_id, merged):
                planned += 1
                continue
        payload = _payload(renderer, dossier.code, [change], context)
        created = await outbox.enqueue(session, dedupe_key(event.id, officer_id), target, payload,
                                       due_at=now + COALESCE, kind=KIND, officer_id=officer_id,
                                       now=now, coalesce_key=key)
        planned += created is not None
    return planned


def _payload(renderer: Renderer, code: str, changes: list[dict[str, Any]],
             context: dict[str, Any]) -> dict[str, Any]:
    expected = context["expected"]
    text = renderer.render(
        "status/notice.j2", code=code, changes=changes, last=changes[-1],
        unit_name=context.get("unit_name"), nominees=context.get("nominees") or [],
        next_step=context["next_step"],
        expected=None if expected is None else Expected(
            dt.date.fromisoformat(expected["due_on"]), expected["stage"], expected["overdue"]),
        supplement_due=_day(changes[-1].get("supplement_due")),
    )
    button = {"text": renderer.label("status.open_card"), "data": encode(PREFIX, "c", code)}
    return {"text": text, "parse_mode": "HTML", "buttons": [[button]], "changes": changes,
            "context": context}


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


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
    text = await reviewer_summary(session, renderer, dossier, event)
    button = {
        "text": renderer.label("status.open_card"),
        "data": encode(PREFIX, "c", dossier.code),
    }
    files = {"text": renderer.label("dossier.files"), "data": encode("dh", "fl", dossier.code)}
    payload = {"text": text, "parse_mode": "HTML", "buttons": [[button, files]]}
    planned = 0
    for officer_id, target in await reviewers_of(session, dossier.unit_id):
        if officer_id == event.actor_officer_id:
            continue
        created = await outbox.enqueue(session, reviewer_dedupe_key(event.id, officer_id), target,
                                       payload, due_at=now, kind=KIND, officer_id=officer_id,
                                       now=now)
        planned += created is not None
    return planned
