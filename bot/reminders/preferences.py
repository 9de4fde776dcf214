"""What an officer can do about reminders: snooze one deadline for a day, mark the unit as
having submitted ("Đơn vị đã nộp"), turn reminders or the reviewers' digest on and off (/nhac).

Functions take a session (the caller commits) and `now`; results are plain values or
`ReminderActionError` with a template key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Campaign, CampaignDeadline, CampaignUnit
from bot.db.models_reminders import ReminderPreference, ReminderSnooze, ReminderSubmission
from bot.db.upsert import insert_ignore
from bot.errors import TdktError
from bot.reminders import audience
from bot.reminders.plan import DEFAULT_TIMEZONE, QuietHours, ReminderPlan

SNOOZE = dt.timedelta(days=1)


class ReminderActionError(TdktError):
    """deadline_gone | not_your_unit."""


@dataclass(frozen=True)
class Preferences:
    enabled: bool = True
    digest: bool = True


@dataclass(frozen=True)
class DeadlineInfo:
    deadline_id: int
    campaign_name: str
    campaign_code: str
    award_group: str
    deadline: dt.date
    submitted: bool


async def get_preferences(session: AsyncSession, officer_id: int) -> Preferences:
    row = await session.get(ReminderPreference, officer_id)
    return Preferences(row.enabled, row.digest) if row else Preferences()


async def set_preferences(session: AsyncSession, officer_id: int, now: dt.datetime,
                          enabled: bool | None = None, digest: bool | None = None) -> Preferences:
    current = await get_preferences(session, officer_id)
    new = Preferences(current.enabled if enabled is None else enabled,
                      current.digest if digest is None else digest)
    await session.execute(insert_ignore(session, ReminderPreference.__table__,  # type: ignore[arg-type]
                                        ["officer_id"]).values(
        officer_id=officer_id, enabled=new.enabled, digest=new.digest, updated_at=now))
    row = await session.get(ReminderPreference, officer_id, populate_existing=True)
    if row is not None:
        row.enabled, row.digest, row.updated_at = new.enabled, new.digest, now
    await session.flush()
    return new


async def _deadline_for_unit(session: AsyncSession, deadline_id: int,
                             unit_id: int | None) -> tuple[CampaignDeadline, Campaign]:
    deadline = await session.get(CampaignDeadline, deadline_id)
    campaign = await session.get(Campaign, deadline.campaign_id) if deadline else None
    if deadline is None or campaign is None or not campaign.active:
        raise ReminderActionError("deadline_gone")
    member = unit_id is not None and await session.get(
        CampaignUnit, (campaign.id, unit_id)
    ) is not None
    if not member:
        raise ReminderActionError("not_your_unit")
    return deadline, campaign


async def deadline_for_unit(session: AsyncSession, deadline_id: int,
                            unit_id: int | None) -> CampaignDeadline:
    """The deadline of an active campaign the unit takes part in (else `ReminderActionError`)."""
    deadline, _ = await _deadline_for_unit(session, deadline_id, unit_id)
    return deadline


async def snooze(session: AsyncSession, officer_id: int, unit_id: int | None, deadline_id: int,
                 now: dt.datetime, timezone: str = DEFAULT_TIMEZONE
                 ) -> tuple[CampaignDeadline, dt.datetime]:
    """No reminder for this deadline before a day from now (moved out of quiet hours)."""
    deadline, _ = await _deadline_for_unit(session, deadline_id, unit_id)
    until = QuietHours().next_allowed(now + SNOOZE, ReminderPlan(timezone=timezone).tz)
    row = await session.get(ReminderSnooze, (officer_id, deadline_id))
    if row is None:
        session.add(ReminderSnooze(officer_id=officer_id, deadline_id=deadline_id, until=until))
    else:
        row.until = until
    await session.flush()
    return deadline, until


async def mark_done(session: AsyncSession, officer_id: int, unit_id: int | None,
                    deadline_id: int, now: dt.datetime) -> tuple[CampaignDeadline, bool]:
    """Record that the officer's unit submitted; (deadline, False) when already recorded."""
    deadline, _ = await _deadline_for_unit(session, deadline_id, unit_id)
    assert unit_id is not None
    created = await audience.mark_submitted(session, deadline_id, unit_id, officer_id,
                                            "officer", now)
    return deadline, created


async def unit_deadlines(session: AsyncSession, unit_id: int, today: dt.date) -> list[DeadlineInfo]:
    """Deadlines from today on of the active campaigns the unit takes part in."""
    rows = (await session.execute(
        select(CampaignDeadline, Campaign)
        .join(Campaign, Campaign.id == CampaignDeadline.campaign_id)
        .join(CampaignUnit, CampaignUnit.campaign_id == Campaign.id)
        .where(CampaignUnit.unit_id == unit_id, Campaign.active.is_(True),
               CampaignDeadline.deadline >= today)
        .order_by(CampaignDeadline.deadline, CampaignDeadline.id)
    )).all()
    done = set((await session.scalars(
        select(ReminderSubmission.deadline_id).where(ReminderSubmission.unit_id == unit_id)
    )).all())
    return [DeadlineInfo(d.id, c.name, c.code, d.award_group, d.deadline, d.id in done)
            for d, c in rows]
