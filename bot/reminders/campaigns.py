"""The campaign service: create, edit, list and read campaigns with their deadlines and units.

Campaigns (đợt xét) carry one or more deadlines per award group, the units concerned (chosen
one by one or by cluster), the source document (the province's guidance letter) and a reminder
plan. Functions flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import audit
from bot.db.models import Campaign, CampaignDeadline, CampaignUnit, Unit
from bot.errors import TdktError
from bot.province import unit_province
from bot.reminders.plan import DEFAULT_TIMEZONE, ReminderPlan
from bot.text.normalize import fold
from knowledge.dossier_schema import DossierKB

KINDS = ("year_end", "thematic", "state", "other")
MAX_NAME = 255
MAX_GROUP = 64


class CampaignError(TdktError):
    """A campaign cannot be saved as given; `key` names the template under errors/."""


@dataclass(frozen=True)
class DeadlineSpec:
    award_group: str
    deadline: dt.date
    applies_to: tuple[str, ...] | None = None


@dataclass(frozen=True)
class CampaignSpec:
    """Everything needed to create a campaign (from chat or from an import row group)."""

    name: str
    year: int
    kind: str = "year_end"
    source_document: str | None = None
    deadlines: tuple[DeadlineSpec, ...] = ()
    unit_ids: tuple[int, ...] = ()
    plan: ReminderPlan = field(default_factory=ReminderPlan)
    code: str | None = None


@dataclass(frozen=True)
class CampaignView:
    """A campaign as the chat and the tick see it."""

    id: int
    code: str
    name: str
    year: int
    kind: str
    source_document: str | None
    active: bool
    plan: ReminderPlan
    deadlines: tuple[CampaignDeadline, ...]
    unit_ids: frozenset[int]
    created_at: dt.datetime | None = None


def plan_to_json(plan: ReminderPlan) -> dict[str, object]:
    return {"days_before": list(plan.offsets), "hour": plan.send_at.hour,
            "minute": plan.send_at.minute}


def plan_of(campaign: Campaign, timezone: str = DEFAULT_TIMEZONE) -> ReminderPlan:
    """The campaign's plan; the default one when none (or an unreadable one) is stored."""
    raw = campaign.reminder_plan or {}
    try:
        offsets = tuple(int(d) for d in raw.get("days_before", ()))
        send_at = dt.time(int(raw.get("hour", 8)), int(raw.get("minute", 0)))
        if not offsets:
            return ReminderPlan(timezone=timezone)
        return ReminderPlan(offsets, send_at, timezone)
    except (TypeError, ValueError):
        return ReminderPlan(timezone=timezone)


def judged_year(kind: str, first_deadline: dt.date) -> int:
    """The achievement year a campaign judges when none is given: year-end rounds whose first
    deadline falls in the first half of a year judge the year before."""
    if kind == "year_end" and first_deadline.month <= 6:
        return first_deadline.year - 1
    return first_deadline.year


def _check(spec: CampaignSpec) -> None:
    if not spec.name.strip() or len(spec.name) > MAX_NAME:
        raise CampaignError("campaign_bad_name")
    if spec.kind not in KINDS:
        raise CampaignError("campaign_bad_kind", kind=spec.kind)
    if not spec.deadlines:
        raise CampaignError("campaign_no_deadline")
    if not spec.unit_ids:
        raise CampaignError("campaign_no_units")
    for d in spec.deadlines:
        if not d.award_group.strip() or len(d.award_group) > MAX_GROUP:
            raise CampaignError("campaign_bad_group", group=d.award_group)


# The award groups a standing year-end deadline covers (knowledge/dossier/groups.yaml).
STANDING_GROUPS = ("danh_hieu_thi_dua", "hinh_thuc_khen_thuong")


async def standing_spec(session: AsyncSession, spec: CampaignSpec, kb: DossierKB) -> CampaignSpec:
    """A year-end campaign with no deadline: the standing deadline of its units' province (e.g.
    Bắc Ninh QĐ 86/2025 Art. 6: 10/12, schools 10/07), when every unit is in one province and
    the same entry applies to all of them; else the spec unchanged (and the usual error)."""
    if spec.deadlines or spec.kind != "year_end" or not spec.unit_ids:
        return spec
    rows = await session.execute(select(Unit.id, Unit.sector).where(Unit.id.in_(spec.unit_ids)))
    sectors: dict[int, str | None] = {unit_id: sector for unit_id, sector in rows}
    provinces = {await unit_province(session, unit_id) for unit_id in sectors}
    if len(provinces) != 1 or None in provinces:
        return spec
    scope = f"province:{provinces.pop()}"
    rules = [r for r in kb.standing_deadline
             if r.scope == scope and "cong_trang" in r.bases and r.month is not None]
    chosen = set()
    for sector in sectors.values():
        fitting = [r for r in rules if sector and sector in r.sectors] or [
            r for r in rules if not r.sectors]
        in_force = [r for r in fitting
                    if (day := r.deadline_in(spec.year)) is not None and r.applies_on(day)]
        if not in_force:
            return spec
        chosen.add(in_force[0].key)
    if len(chosen) != 1:
        return spec
    rule = next(r for r in rules if r.key in chosen)
    deadline = rule.deadline_in(spec.year)
    if deadline is None:
        return spec
    return replace(
        spec,
        deadlines=tuple(DeadlineSpec(group, deadline) for group in STANDING_GROUPS),
        source_document=spec.source_document or rule.citation.text,
    )


async def _unique_code(session: AsyncSession, spec: CampaignSpec) -> str:
    if spec.code:
        taken = await session.scalar(select(func.count()).where(Campaign.code == spec.code))
        if taken:
            raise CampaignError("campaign_code_taken", code=spec.code)
        return spec.code
    initials = "".join(w[0] for w in fold(spec.name).split() if w[:1].isalpha())[:6].upper()
    base = f"{initials or 'DOT'}-{spec.year}"
    code, n = base, 1
    while await session.scalar(select(func.count()).where(Campaign.code == code)):
        n += 1
        code = f"{base}-{n}"
    return code


async def create_campaign(
    session: AsyncSession, spec: CampaignSpec, created_by: int | None, now: dt.datetime
) -> Campaign:
    """Insert a campaign with its deadlines and units; raises CampaignError on bad input.
    A year-end campaign given no deadline has none: take its province's standing one first with
    `standing_spec` (the chat wizard and imports always give deadlines)."""
    _check(spec)
    known = set(
        (await session.scalars(select(Unit.id).where(Unit.id.in_(spec.unit_ids)))).all()
    )
    missing = sorted(set(spec.unit_ids) - known)
    if missing:
        raise CampaignError("campaign_unknown_unit", unit=missing[0])
    campaign = Campaign(
        code=await _unique_code(session, spec), name=spec.name.strip(), year=spec.year,
        kind=spec.kind, source_document=(spec.source_document or "").strip() or None,
        reminder_plan=plan_to_json(spec.plan), active=True, created_by=created_by, created_at=now,
    )
    session.add(campaign)
    await session.flush()
    for d in spec.deadlines:
        session.add(CampaignDeadline(
            campaign_id=campaign.id, award_group=d.award_group.strip(), deadline=d.deadline,
            applies_to=list(d.applies_to) if d.applies_to else None,
        ))
    session.add_all(CampaignUnit(campaign_id=campaign.id, unit_id=u) for u in sorted(known))
    await session.flush()
    await audit.record(session, created_by, "campaign.create", ("campaign", campaign.id), None,
                       {"code": campaign.code}, now)
    return campaign


async def get_campaign(session: AsyncSession, campaign_id: int,
                       timezone: str = DEFAULT_TIMEZONE) -> CampaignView | None:
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None:
        return None
    return (await _views(session, [campaign], timezone))[0]


async def list_campaigns(session: AsyncSession, active_only: bool = True,
                         timezone: str = DEFAULT_TIMEZONE) -> list[CampaignView]:
    query = select(Campaign).order_by(Campaign.created_at.desc(), Campaign.id.desc())
    if active_only:
        query = query.where(Campaign.active.is_(True))
    return await _views(session, list((await session.scalars(query)).all()), timezone)


async def _views(session: AsyncSession, campaigns: Sequence[Campaign],
                 timezone: str) -> list[CampaignView]:
    ids = [c.id for c in campaigns]
    deadlines = (await session.scalars(
        select(CampaignDeadline).where(CampaignDeadline.campaign_id.in_(ids))
        .order_by(CampaignDeadline.deadline, CampaignDeadline.id)
    )).all()
    units = (await session.execute(
        select(CampaignUnit.campaign_id, CampaignUnit.unit_id)
        .where(CampaignUnit.campaign_id.in_(ids))
    )).all()
    return [
        CampaignView(
            c.id, c.code, c.name, c.year, c.kind, c.source_document, c.active,
            plan_of(c, timezone),
            tuple(d for d in deadlines if d.campaign_id == c.id),
            frozenset(u for cid, u in units if cid == c.id),
            c.created_at,
        )
        for c in campaigns
    ]


async def set_deadline(session: AsyncSession, deadline_id: int, day: dt.date,
                       actor: int | None, now: dt.datetime) -> None:
    """Move one deadline (reminders already planned for the old date keep their slot keys)."""
    await session.execute(
        update(CampaignDeadline).where(CampaignDeadline.id == deadline_id).values(deadline=day)
    )
    await audit.record(session, actor, "campaign.deadline", ("campaign_deadline", deadline_id),
                       None, {"deadline": day.isoformat()}, now)


async def add_deadline(session: AsyncSession, campaign_id: int, spec: DeadlineSpec,
                       actor: int | None, now: dt.datetime) -> CampaignDeadline:
    if not spec.award_group.strip() or len(spec.award_group) > MAX_GROUP:
        raise CampaignError("campaign_bad_group", group=spec.award_group)
    row = CampaignDeadline(campaign_id=campaign_id, award_group=spec.award_group.strip(),
                           deadline=spec.deadline,
                           applies_to=list(spec.applies_to) if spec.applies_to else None)
    session.add(row)
    await session.flush()
    await audit.record(session, actor, "campaign.deadline_add", ("campaign", campaign_id), None,
                       {"deadline": spec.deadline.isoformat()}, now)
    return row


async def set_plan(session: AsyncSession, campaign_id: int, plan: ReminderPlan,
                   actor: int | None, now: dt.datetime) -> None:
    await session.execute(
        update(Campaign).where(Campaign.id == campaign_id).values(reminder_plan=plan_to_json(plan))
    )
    await audit.record(session, actor, "campaign.plan", ("campaign", campaign_id), None,
                       {"plan": plan.to_text()}, now)


async def set_active(session: AsyncSession, campaign_id: int, active: bool,
                     actor: int | None, now: dt.datetime) -> None:
    """Closing a campaign stops its reminders and digests at the next tick."""
    await session.execute(update(Campaign).where(Campaign.id == campaign_id).values(active=active))
    await audit.record(session, actor, "campaign.active", ("campaign", campaign_id), None,
                       {"active": active}, now)


async def set_units(session: AsyncSession, campaign_id: int, unit_ids: Iterable[int],
                    actor: int | None, now: dt.datetime) -> None:
    wanted = set(unit_ids)
    if not wanted:
        raise CampaignError("campaign_no_units")
    await session.execute(delete(CampaignUnit).where(CampaignUnit.campaign_id == campaign_id))
    session.add_all(CampaignUnit(campaign_id=campaign_id, unit_id=u) for u in sorted(wanted))
    await session.flush()
    await audit.record(session, actor, "campaign.units", ("campaign", campaign_id), None,
                       {"count": len(wanted)}, now)


@dataclass(frozen=True)
class UnitChoice:
    """Units picked from what a reviewer typed: by code, by cluster name, or by name."""

    unit_ids: tuple[int, ...]
    unknown: tuple[str, ...]


_SPLIT = re.compile(r"[;\n]+")


async def resolve_units(session: AsyncSession, text: str, everything: bool = False) -> UnitChoice:
    """Every active unit (`everything`), or the items of `text` separated by ";" or new lines,
    each a unit code, a cluster (cụm/khối) name or a unit name (diacritics optional)."""
    rows = (await session.execute(
        select(Unit.id, Unit.code, Unit.name_folded, Unit.cluster).where(Unit.active.is_(True))
    )).all()
    if everything:
        return UnitChoice(tuple(sorted(r.id for r in rows)), ())
    chosen: set[int] = set()
    unknown: list[str] = []
    for item in (i.strip() for i in _SPLIT.split(text)):
        if not item:
            continue
        key = fold(item)
        hits = {r.id for r in rows if r.code.lower() == item.lower() or r.name_folded == key}
        hits |= {r.id for r in rows if r.cluster and fold(r.cluster) == key}
        if hits:
            chosen |= hits
        else:
            unknown.append(item)
    return UnitChoice(tuple(sorted(chosen)), tuple(unknown))
