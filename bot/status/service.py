"""Writes to dossiers: create with a fresh code, and change status under the workflow's rules.

`change_status` is one transaction: authorise (the transition's side decides the action),
check the workflow, bump the dossier's `version` with a conditional UPDATE (optimistic
locking — of two concurrent reviewers exactly one wins; the loser gets `ConcurrentChange` with
the state that won), append the event (who, when, note, missing items), refresh the SLA due
date, write the audit entry and plan the notices of the other side in the outbox (a unit's
move to the reviewers in scope, a reviewer's to the unit's officers; never to the actor).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from random import Random
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import audit
from bot.db import report_rollup as rollup
from bot.db.codes import new_dossier_code
from bot.db.decided import decision_day, is_decision
from bot.db.models import Dossier, DossierEvent, Nominee, Officer, Unit
from bot.db.nominee_counts import recount_nominees
from bot.errors import AccessDenied
from bot.render import Renderer
from bot.status import notify
from bot.status.access import Action, Principal, require
from bot.status.errors import (
    ConcurrentChange,
    DossierNotFound,
    ReasonRequired,
    TransitionNotAllowed,
)
from bot.status.expected import expected_date
from bot.status.search import index_nominees
from bot.status.sla import StatusPoint, compute_sla
from knowledge.loader import KnowledgeBase
from knowledge.workflow_schema import Reason, Side

# A typed note is one Telegram message (≤ 4096 characters): kept whole, split on display.
MAX_NOTE = 4096
CODE_ATTEMPTS = 8
# A deadline the reviewer writes in a supplement request, once folded: "han 20 12 2026".
_DEADLINE = re.compile(r"\bhan(?: bo sung)? (\d{1,2}) (\d{1,2}) (\d{4})\b")


@dataclass(frozen=True)
class NewNominee:
    name: str
    kind: str = "individual"
    subject_id: int | None = None


@dataclass(frozen=True)
class StatusChanged:
    """The outcome of a successful change."""

    dossier_id: int
    code: str
    unit_id: int
    from_status: str
    to_status: str
    version: int
    event_id: int
    notices: int
    sla_due_on: dt.date | None
    told_reviewers: bool = False  # the notices went to the reviewers (a unit's move)


async def unique_code(session: AsyncSession, year: int, rng: Random | None = None) -> str:
    """A dossier code not used yet (random; collisions are rare and simply retried)."""
    for _ in range(CODE_ATTEMPTS):
        code = new_dossier_code(year, rng)
        taken = await session.scalar(select(Dossier.id).where(Dossier.code == code))
        if taken is None:
            return code
    raise RuntimeError("could not draw a free dossier code")


async def create_dossier(
    session: AsyncSession,
    unit_id: int,
    award: str,
    nominees: Sequence[NewNominee],
    now: dt.datetime,
    *,
    actor: int | None = None,
    campaign_id: int | None = None,
    basis: str | None = None,
    procedure: str = "regular",
    code: str | None = None,
    status: str = "draft",
) -> Dossier:
    """Insert a dossier (and its nominees, indexed for search) with its first event."""
    dossier = Dossier(
        code=code or await unique_code(session, now.year),
        unit_id=unit_id, campaign_id=campaign_id, award=award, basis=basis, procedure=procedure,
        status=status, version=1, created_by=actor, created_at=now, updated_at=now,
        submitted_at=now if status == "submitted" else None,
    )
    dossier.decided_on = decision_day(None, status, now, None)  # type: ignore[attr-defined]
    session.add(dossier)
    await session.flush()
    rows = [Nominee(dossier_id=dossier.id, name=n.name, name_folded=_fold(n.name), kind=n.kind,
                    subject_id=n.subject_id) for n in nominees]
    session.add_all(rows)
    session.add(DossierEvent(dossier_id=dossier.id, from_status=None, to_status=status,
                             actor_officer_id=actor, at=now, note=None, data=None))
    await session.flush()
    await rollup.added(session, [dossier.id])  # nominee counts follow in recount_nominees
    await index_nominees(session, [(n.id, dossier.id, unit_id, n.name) for n in rows])
    await recount_nominees(session, [dossier.id])
    await audit.record(session, actor, "dossier.create", ("dossier", dossier.code), unit_id,
                       {"status": status}, now)
    return dossier


async def change_status(
    session: AsyncSession,
    principal: Principal,
    code: str,
    to_status: str,
    now: dt.datetime,
    tz: ZoneInfo,
    renderer: Renderer,
    *,
    kb: KnowledgeBase,
    note: str | None = None,
    expected_version: int | None = None,
    missing: Sequence[str] = (),
    notify_other_side: bool = True,
) -> StatusChanged:
    """Move dossier `code` to `to_status`; the caller commits (or rolls back) the session.

    The other side is told (`bot.status.notify`), never the actor; `notify_other_side=False`
    when the caller plans its own notice (a resubmission's summary with its files)."""
    dossier = await _load(session, principal, code)
    if expected_version is not None and dossier.version != expected_version:
        # The user acted on a screen that is no longer current: show them what changed.
        raise ConcurrentChange(dossier.code, dossier.status, dossier.version)
    workflow = kb.workflow.on(now.astimezone(tz).date())
    transition = workflow.transition(dossier.status, to_status)
    if transition is None:
        raise TransitionNotAllowed(dossier.status, to_status)
    action = Action.ACT_FOR_UNIT if transition.by is Side.UNIT else Action.REVIEW
    try:
        require(principal, action, dossier.unit_id)
    except AccessDenied:
        raise TransitionNotAllowed(dossier.status, to_status) from None
    note = (note or "").strip()[:MAX_NOTE] or None
    if transition.reason is Reason.REQUIRED and not note and not missing:
        raise ReasonRequired(to_status)
    version = dossier.version if expected_version is None else expected_version
    from_status = dossier.status
    stamps: dict[str, object] = {"updated_at": now}
    if to_status == "submitted":
        stamps["submitted_at"] = now
    if to_status == "received" and dossier.received_at is None:
        stamps["received_at"] = now
    decided = getattr(dossier, "decided_on", None)
    if decided is None and is_decision(from_status, to_status):
        stamps["decided_on"] = decision_day(from_status, to_status, now, None, tz)
    due, new_version, event = await _move(session, principal, dossier, from_status, to_status,
                                          version, stamps, now, tz, note, missing, kb)
    await audit.record(session, principal.officer_id, "dossier.status", ("dossier", dossier.code),
                       dossier.unit_id, {"from": from_status, "to": to_status, "note": note}, now)
    today = now.astimezone(tz).date()
    notices = 0
    if notify_other_side:
        notices = await notify.plan_status_notices(
            session, renderer, dossier, event, workflow.state(to_status).next_step,
            expected_date(to_status, due, today, workflow=workflow), now,
            to_reviewers=transition.by is Side.UNIT,
        )
    return StatusChanged(dossier.id, dossier.code, dossier.unit_id, from_status, to_status,
                         new_version, event.id, notices, due, transition.by is Side.UNIT)


async def _move(
    session: AsyncSession,
    principal: Principal,
    dossier: Dossier,
    from_status: str,
    to_status: str,
    version: int,
    stamps: dict[str, object],
    now: dt.datetime,
    tz: ZoneInfo,
    note: str | None,
    missing: Sequence[str],
    kb: KnowledgeBase,
) -> tuple[dt.date | None, int, DossierEvent]:
    """The move itself: the guarded UPDATE, its event, the SLA day, and the report rollup from
    the row the UPDATE returns (read under its lock) and the events the SLA reads."""
    won = await session.execute(
        update(Dossier)
        .where(Dossier.id == dossier.id, Dossier.version == version, Dossier.status == from_status)
        .values(status=to_status, version=Dossier.version + 1, **stamps)
        .returning(Dossier.version, *rollup.row_columns())
        .execution_options(synchronize_session=False)
    )
    returned_row = won.one_or_none()
    if returned_row is None:
        fresh = await session.execute(
            select(Dossier.status, Dossier.version).where(Dossier.id == dossier.id)
            .execution_options(populate_existing=True)
        )
        status_now, version_now = fresh.one()
        raise ConcurrentChange(dossier.code, status_now, version_now)
    data: dict[str, object] = {"missing": list(missing)} if missing else {}
    if to_status == "needs_supplement":
        data.update(await _supplement_terms(session, principal, now.astimezone(tz).date(), note,
                                           kb))
    event = DossierEvent(dossier_id=dossier.id, from_status=from_status, to_status=to_status,
                         actor_officer_id=principal.officer_id, at=now, note=note,
                         data=data or None)
    session.add(event)
    await session.flush()
    due, statuses = await _refresh_sla(session, dossier.id, dossier.award, now, tz, kb)
    after = dict(zip(rollup.ROW_COLUMNS, returned_row[1:], strict=True))
    before = after | {"status": from_status} | {
        name: getattr(dossier, name) for name in stamps if name in rollup.ROW_COLUMNS}
    after["sla_due_on"] = due
    returns = sum(status in rollup.RETURNED for status in statuses)  # this move's event included
    await rollup.moved(session, before, after,
                       returns > (1 if to_status in rollup.RETURNED else 0), returns > 0)
    return due, int(returned_row[0]), event


async def _supplement_terms(
    session: AsyncSession, principal: Principal, today: dt.date, note: str | None,
    kb: KnowledgeBase,
) -> dict[str, object]:
    """A supplement request's deadline and who asks. The deadline is the one the reviewer wrote
    in the note ("hạn 20/12/2026", "hạn bổ sung: 20/12/2026"; not in the past), else the default
    of `knowledge/workflow/sla.yaml` (`kb.sla`)."""
    terms: dict[str, object] = {}
    deadline = _written_deadline(note, today) or kb.sla.supplement_deadline(today, kb.calendar)
    if deadline is not None:
        terms["supplement_due"] = deadline.isoformat()
    if principal.officer_id is not None:
        row = (await session.execute(
            select(Officer.full_name, Unit.name, Officer.telegram_user_id)
            .join(Unit, Unit.id == Officer.unit_id)
            .where(Officer.id == principal.officer_id))).first()
        if row is not None:
            terms["requested_by"] = f"{row[0]} – {row[1]}"
            if row[2] is not None:  # the unit can write to them in Telegram (tg://user link)
                terms["requested_by_user"] = int(row[2])
    return terms


def _written_deadline(note: str | None, today: dt.date) -> dt.date | None:
    from bot.text.normalize import fold

    match = _DEADLINE.search(fold(note or ""))
    if match is None:
        return None
    try:
        day = dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return day if day >= today else None


async def refresh_sla(
    session: AsyncSession, dossier_id: int, award: str, now: dt.datetime, tz: ZoneInfo,
    kb: KnowledgeBase, *, keep_rollup: bool = True,
) -> dt.date | None:
    """Recompute and store the dossier's SLA due date from its history (and the report
    rollup with it, unless the caller tracks a larger change: `keep_rollup=False`)."""
    if keep_rollup:
        async with rollup.tracking(session, [dossier_id]):
            return (await _refresh_sla(session, dossier_id, award, now, tz, kb))[0]
    return (await _refresh_sla(session, dossier_id, award, now, tz, kb))[0]


async def _refresh_sla(
    session: AsyncSession, dossier_id: int, award: str, now: dt.datetime, tz: ZoneInfo,
    kb: KnowledgeBase,
) -> tuple[dt.date | None, list[str]]:
    """Store the SLA due date; return it with the statuses of the dossier's events."""
    rows = await session.execute(
        select(DossierEvent.at, DossierEvent.to_status)
        .where(DossierEvent.dossier_id == dossier_id)
        .order_by(DossierEvent.at, DossierEvent.id)
    )
    events = [StatusPoint(at, status) for at, status in rows.all()]
    today = now.astimezone(tz).date()
    state = compute_sla(events, award, today, tz, kb.workflow.on(today), kb.calendar, kb.sla)
    await session.execute(
        update(Dossier).where(Dossier.id == dossier_id).values(sla_due_on=state.due_on)
        .execution_options(synchronize_session=False)
    )
    return state.due_on, [point.status for point in events]


async def _load(session: AsyncSession, principal: Principal, code: str) -> Dossier:
    dossier = (
        await session.execute(
            select(Dossier).where(Dossier.code == code).execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if dossier is None:
        raise DossierNotFound(code)
    require(principal, Action.VIEW, dossier.unit_id)
    return dossier


def _fold(name: str) -> str:
    from bot.text.normalize import fold

    return fold(name)[:255]
