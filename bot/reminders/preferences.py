"""What an officer can do about reminders: snooze one deadline for a day, mark the unit as
having submitted ("Đơn vị đã nộp"), turn reminders or the reviewers' digest on and off, and
choose their own reminder days and time of day (/nhac), which the planner honours in place of
the campaign's plan (`own_plan`).

Functions take a session (the caller commits) and `now`; results are plain values or
`ReminderActionError` with a template key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Campaign, CampaignDeadline, CampaignUnit
from bot.db.models_reminders import ReminderPreference, ReminderSnooze, ReminderSubmission
from bot.db.upsert import insert_ignore
from bot.errors import TdktError
from bot.reminders import audience
from bot.reminders.plan import DEFAULT_TIMEZONE, BadPlan, QuietHours, ReminderPlan

SNOOZE = dt.timedelta(days=1)


class ReminderActionError(TdktError):
    """deadline_gone | not_your_unit | bad_choice | no_days_left."""


# What /nhac offers: days before a deadline (0 = on the day) and times of day (outside quiet
# hours). The planner looks this far ahead for officers who chose more days than the campaign.
DAY_CHOICES: tuple[int, ...] = (14, 7, 3, 1, 0)
TIME_CHOICES: tuple[dt.time, ...] = (dt.time(7, 30), dt.time(8, 0), dt.time(9, 0),
                                     dt.time(10, 0), dt.time(14, 0), dt.time(16, 0))
MAX_OWN_OFFSET = max(DAY_CHOICES)


@dataclass(frozen=True)
class Preferences:
    enabled: bool = True
    digest: bool = True
    days_before: tuple[int, ...] | None = None  # None: the campaign's days
    send_at: dt.time | None = None  # None: the campaign's time

    @property
    def personal(self) -> bool:
        return self.days_before is not None or self.send_at is not None


def own_plan(campaign: ReminderPlan, days_before: Sequence[int] | None,
             send_at: dt.time | None) -> ReminderPlan:
    """The plan one officer's reminders follow: their days and time where they chose them."""
    if not days_before and send_at is None:
        return campaign
    try:
        return ReminderPlan(tuple(days_before) if days_before else campaign.offsets,
                            send_at or campaign.send_at, campaign.timezone)
    except BadPlan:  # stored values that no longer fit the rules: the campaign's plan
        return campaign


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
    if row is None:
        return Preferences()
    days = tuple(int(d) for d in row.days_before) if row.days_before else None
    return Preferences(row.enabled, row.digest, days, row.send_at)


async def set_preferences(session: AsyncSession, officer_id: int, now: dt.datetime,
                          enabled: bool | None = None, digest: bool | None = None) -> Preferences:
    current = await get_preferences(session, officer_id)
    return await _store(session, officer_id, now, replace(
        current, enabled=current.enabled if enabled is None else enabled,
        digest=current.digest if digest is None else digest))


async def toggle_day(session: AsyncSession, officer_id: int, now: dt.datetime,
                     day: int) -> Preferences:
    """Add or remove one of `DAY_CHOICES` from the officer's reminder days (starting from the
    default days); removing the last one is refused (`ReminderActionError("no_days_left")`)."""
    if day not in DAY_CHOICES:
        raise ReminderActionError("bad_choice")
    current = await get_preferences(session, officer_id)
    days = set(current.days_before or ReminderPlan().offsets)
    days ^= {day}
    if not days:
        raise ReminderActionError("no_days_left")
    return await _store(session, officer_id, now,
                        replace(current, days_before=tuple(sorted(days, reverse=True))))


async def set_time(session: AsyncSession, officer_id: int, now: dt.datetime,
                   send_at: dt.time) -> Preferences:
    if send_at not in TIME_CHOICES:
        raise ReminderActionError("bad_choice")
    current = await get_preferences(session, officer_id)
    return await _store(session, officer_id, now, replace(current, send_at=send_at))


async def follow_campaigns(session: AsyncSession, officer_id: int,
                           now: dt.datetime) -> Preferences:
    """Back to each campaign's own days and time."""
    current = await get_preferences(session, officer_id)
    return await _store(session, officer_id, now,
                        replace(current, days_before=None, send_at=None))


async def _store(session: AsyncSession, officer_id: int, now: dt.datetime,
                 new: Preferences) -> Preferences:
    days = list(new.days_before) if new.days_before is not None else None
    await session.execute(insert_ignore(session, ReminderPreference.__table__,  # type: ignore[arg-type]
                                        ["officer_id"]).values(
        officer_id=officer_id, enabled=new.enabled, digest=new.digest, updated_at=now,
        days_before=days, send_at=new.send_at))
    row = await session.get(ReminderPreference, officer_id, populate_existing=True)
    if row is not None:
        row.enabled, row.digest, row.updated_at = new.enabled, new.digest, now
        row.days_before, row.send_at = days, new.send_at
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
