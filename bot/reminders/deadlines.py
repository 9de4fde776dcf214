"""Which campaign deadline applies to a dossier, and which campaigns a unit may still submit to.

A campaign has deadlines per award group (`campaign_deadlines.award_group`). A group applies to
an award when it is the award's id or a dossier award group containing it (`knowledge/dossier/
groups.yaml`, e.g. `danh_hieu_thi_dua`); an exact id wins over a group. When no group names the
award (or the award is unknown), the campaign's latest deadline applies: never a false alarm.
Functions only read; the caller owns the session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Campaign, CampaignDeadline, CampaignUnit
from bot.db.session import Database
from knowledge.dossier_schema import DossierKB


@dataclass(frozen=True)
class ApplicableDeadline:
    """The deadline a dossier of one award must meet in one campaign."""

    code: str
    name: str
    deadline: dt.date
    applies_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpenCampaign:
    """A campaign a unit takes part in whose last deadline has not passed."""

    id: int
    code: str
    name: str
    last_deadline: dt.date


def pick_deadline(rows: Sequence[CampaignDeadline], award: str | None,
                  kb: DossierKB) -> CampaignDeadline | None:
    """The row for `award`: its own group, else a group containing it, else the latest one."""
    if not rows:
        return None
    exact = [r for r in rows if award and r.award_group == award]
    grouped = [r for r in rows if award and award in kb.groups.get(r.award_group, ())]
    return max(exact or grouped or rows, key=lambda r: r.deadline)


async def find_campaign(session: AsyncSession, code: str) -> Campaign | None:
    return (await session.execute(
        select(Campaign).where(Campaign.code == code.strip())
    )).scalar_one_or_none()


async def _takes_part(session: AsyncSession, campaign_id: int, unit_id: int) -> bool:
    found = await session.scalar(select(func.count()).where(
        CampaignUnit.campaign_id == campaign_id, CampaignUnit.unit_id == unit_id))
    return bool(found)


async def applicable_deadline(session: AsyncSession, campaign_code: str, award: str | None,
                              unit_id: int | None, kb: DossierKB) -> ApplicableDeadline | None:
    """The deadline for `award` in the campaign `campaign_code`; None when the campaign is
    unknown, has no deadline, or `unit_id` (when given) does not take part in it."""
    campaign = await find_campaign(session, campaign_code)
    if campaign is None:
        return None
    if unit_id is not None and not await _takes_part(session, campaign.id, unit_id):
        return None
    rows = (await session.scalars(
        select(CampaignDeadline).where(CampaignDeadline.campaign_id == campaign.id)
    )).all()
    row = pick_deadline(rows, award, kb)
    if row is None:
        return None
    return ApplicableDeadline(campaign.code, campaign.name, row.deadline,
                              tuple(row.applies_to or ()))


async def deadline_for(session: AsyncSession, campaign_code: str, award: str | None,
                       unit_id: int | None, kb: DossierKB) -> dt.date | None:
    """The deadline that applies to `award` (and `unit_id`, when given) in a campaign, or None."""
    found = await applicable_deadline(session, campaign_code, award, unit_id, kb)
    return found.deadline if found is not None else None


async def open_campaigns(session: AsyncSession, unit_id: int, day: dt.date) -> list[OpenCampaign]:
    """Active campaigns `unit_id` takes part in whose last deadline is `day` or later,
    the soonest first."""
    last = func.max(CampaignDeadline.deadline)
    rows = await session.execute(
        select(Campaign.id, Campaign.code, Campaign.name, last)
        .join(CampaignDeadline, CampaignDeadline.campaign_id == Campaign.id)
        .join(CampaignUnit, CampaignUnit.campaign_id == Campaign.id)
        .where(CampaignUnit.unit_id == unit_id, Campaign.active.is_(True))
        .group_by(Campaign.id, Campaign.code, Campaign.name)
        .having(last >= day)
        .order_by(last, Campaign.id)
    )
    return [OpenCampaign(i, code, name, deadline) for i, code, name, deadline in rows.all()]


async def campaign_year(db: Database, unit_id: int | None, today: dt.date) -> int | None:
    """The achievement year of the unit's open campaign (đợt xét): the soonest-closing one whose
    last deadline is today or later; None without a unit or an open campaign."""
    if unit_id is None:
        return None
    async with db.session() as session:
        found = await open_campaigns(session, unit_id, today)
        if not found:
            return None
        return await session.scalar(select(Campaign.year).where(Campaign.id == found[0].id))
