"""Who still has to act: units of a campaign that have not submitted for a deadline, and the
officers of those units who can and want to receive reminders; reviewers for the digest.

A unit has submitted for a deadline when an officer (or an import) marked it ("Đơn vị đã nộp"),
or when the unit has a dossier in the campaign that has left the unit (status `submitted` or
later, not `intake_rejected`/`withdrawn`) for an award the deadline covers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import CampaignDeadline, CampaignUnit, Dossier, Officer, Unit
from bot.db.models_reminders import ReminderPreference, ReminderSnooze, ReminderSubmission
from bot.db.upsert import insert_ignore

# Statuses of a dossier that has reached the competent body (contracts §4).
HANDED_IN = (
    "submitted", "received", "needs_supplement", "appraising", "consulting", "council_review",
    "awaiting_decision", "forwarded_up", "approved", "not_approved", "delivered",
)
REVIEWER_ROLES = ("reviewer", "admin")
# A private chat's id is the user's id: an officer who never wrote since registering still has one.
_CHAT = func.coalesce(Officer.chat_id, Officer.telegram_user_id)


@dataclass(frozen=True)
class Recipient:
    officer_id: int
    chat_id: int
    unit_id: int
    full_name: str
    # The officer's own reminder days and time (/nhac); None: the campaign's.
    days_before: tuple[int, ...] | None = None
    send_at: dt.time | None = None


async def submitted_units(session: AsyncSession, deadline: CampaignDeadline) -> set[int]:
    """Units that have submitted for `deadline` (marked, or a dossier handed in)."""
    marked = set((await session.scalars(
        select(ReminderSubmission.unit_id).where(ReminderSubmission.deadline_id == deadline.id)
    )).all())
    query = select(Dossier.unit_id).where(
        Dossier.campaign_id == deadline.campaign_id, Dossier.status.in_(HANDED_IN)
    )
    if deadline.applies_to:
        covered = list(deadline.applies_to)
        query = query.where(or_(Dossier.award.in_(covered), Dossier.basis.in_(covered)))
    handed = set((await session.scalars(query)).all())
    return marked | handed


async def pending_units(session: AsyncSession, deadline: CampaignDeadline) -> list[int]:
    """Units of the deadline's campaign that have not submitted yet, in id order."""
    concerned = (await session.scalars(
        select(CampaignUnit.unit_id).where(CampaignUnit.campaign_id == deadline.campaign_id)
    )).all()
    done = await submitted_units(session, deadline)
    return sorted(u for u in concerned if u not in done)


async def unit_names(session: AsyncSession, unit_ids: Iterable[int]) -> dict[int, str]:
    ids = list(unit_ids)
    rows = (await session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))).all()
    return {r.id: r.name for r in rows}


async def officers_to_remind(session: AsyncSession, unit_ids: Iterable[int]) -> list[Recipient]:
    """Active officers of these units with a chat and reminders on (the default)."""
    ids = list(unit_ids)
    if not ids:
        return []
    rows = (await session.execute(
        select(Officer.id, _CHAT.label("chat_id"), Officer.unit_id, Officer.full_name,
               ReminderPreference.days_before, ReminderPreference.send_at)
        .outerjoin(ReminderPreference, ReminderPreference.officer_id == Officer.id)
        .where(
            Officer.unit_id.in_(ids), Officer.active.is_(True), _CHAT.is_not(None),
            or_(ReminderPreference.enabled.is_(None), ReminderPreference.enabled.is_(True)),
        )
        .order_by(Officer.id)
    )).all()
    return [Recipient(r.id, r.chat_id, r.unit_id, r.full_name,
                      tuple(int(d) for d in r.days_before) if r.days_before else None,
                      r.send_at)
            for r in rows]


async def reviewers_for_digest(session: AsyncSession) -> list[Recipient]:
    """Active reviewers and admins with a chat and the digest on (the default)."""
    rows = (await session.execute(
        select(Officer.id, _CHAT.label("chat_id"), Officer.unit_id, Officer.full_name)
        .outerjoin(ReminderPreference, ReminderPreference.officer_id == Officer.id)
        .where(
            Officer.role.in_(REVIEWER_ROLES), Officer.active.is_(True), _CHAT.is_not(None),
            or_(ReminderPreference.digest.is_(None), ReminderPreference.digest.is_(True)),
        )
        .order_by(Officer.id)
    )).all()
    return [Recipient(r.id, r.chat_id, r.unit_id, r.full_name) for r in rows]


@dataclass(frozen=True)
class Unreachable:
    """An active officer the bot cannot message yet, and what would fix it."""

    full_name: str
    unit_name: str
    unit_code: str
    has_telegram: bool  # True: they only need to open the bot; False: they need an invite


async def unreachable_officers(session: AsyncSession, unit_ids: Iterable[int]) -> list[Unreachable]:
    """Active officers of these units whom Telegram refused (never opened the bot), or who have
    no Telegram account on record (imported without one), by unit then name."""
    ids = list(unit_ids)
    if not ids:
        return []
    rows = (await session.execute(
        select(Officer.full_name, Unit.name, Unit.code, Officer.telegram_user_id)
        .join(Unit, Unit.id == Officer.unit_id)
        .where(
            Officer.unit_id.in_(ids), Officer.active.is_(True),
            or_(Officer.unreachable_since.is_not(None), _CHAT.is_(None)),
        )
        .order_by(Unit.name, Officer.full_name, Officer.id)
    )).all()
    return [Unreachable(r[0], r[1], r[2], r[3] is not None) for r in rows]


async def snoozes(session: AsyncSession, deadline_id: int) -> dict[int, dt.datetime]:
    """officer id → end of their snooze for this deadline."""
    rows = (await session.execute(
        select(ReminderSnooze.officer_id, ReminderSnooze.until)
        .where(ReminderSnooze.deadline_id == deadline_id)
    )).all()
    return {r.officer_id: r.until for r in rows}


async def mark_submitted(session: AsyncSession, deadline_id: int, unit_id: int,
                         officer_id: int | None, source: str, now: dt.datetime) -> bool:
    """Record that the unit submitted; False when it was already recorded."""
    statement = insert_ignore(session, ReminderSubmission.__table__,  # type: ignore[arg-type]
                              ["deadline_id", "unit_id"]).values(
        deadline_id=deadline_id, unit_id=unit_id, submitted_at=now, marked_by=officer_id,
        source=source,
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))
