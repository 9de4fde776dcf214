"""What a report covers: a year or one campaign, and every unit / one unit / one cluster.

`resolve_scope` checks the request against the viewer's access (`bot.status.access`): an officer
sees their own unit only (plus sub-units when allowed), a reviewer the units of their scope, an
admin everything. A unit is reported with its sub-units; a cluster (cụm, khối thi đua) is every
unit carrying that cluster name. The year of a report is the emulation year of its campaigns;
dossiers filed outside any campaign count in the year they were created (local time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.viewer import Role
from bot.db.models import Campaign, Unit
from bot.errors import AccessDenied
from bot.reports.errors import ReportError
from bot.status.access import Principal

MIN_YEAR = 2000
MAX_YEAR = 2100


@dataclass(frozen=True)
class ReportScope:
    """The resolved report target. `unit_ids is None` means every unit of the province."""

    year: int
    kind: str  # all | unit | cluster
    unit_ids: frozenset[int] | None
    campaign_ids: tuple[int, ...] = ()
    campaign_code: str | None = None
    # Dossiers with no campaign, created in the year, are included (not for a campaign report).
    with_uncampaigned: bool = True
    title: str | None = None  # the unit's or cluster's name
    unit_code: str | None = None
    cluster: str | None = None
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))

    def year_bounds_utc(self) -> tuple[dt.datetime, dt.datetime]:
        """[1 January of the year, 1 January of the next) in local time, as aware UTC."""
        start = dt.datetime(self.year, 1, 1, tzinfo=self.tz).astimezone(dt.UTC)
        end = dt.datetime(self.year + 1, 1, 1, tzinfo=self.tz).astimezone(dt.UTC)
        return start, end

    def to_json(self) -> dict[str, object]:
        return {
            "year": self.year,
            "kind": self.kind,
            "campaign": self.campaign_code,
            "unit": self.unit_code,
            "cluster": self.cluster,
            "title": self.title,
            "units": None if self.unit_ids is None else len(self.unit_ids),
        }


async def resolve_scope(
    session: AsyncSession,
    principal: Principal,
    year: int | None,
    tz: ZoneInfo,
    *,
    campaign_code: str | None = None,
    unit_id: int | None = None,
    unit_code: str | None = None,
    cluster: str | None = None,
) -> ReportScope:
    """The scope for a request, or `ReportError` (unknown campaign/unit/cluster, bad year) or
    `AccessDenied` (a guest, or a unit outside the viewer's units)."""
    if principal.role is Role.GUEST:
        raise AccessDenied("access_denied", action="report", unit_id=unit_id)
    campaign_ids: tuple[int, ...] = ()
    with_uncampaigned = True
    if campaign_code:
        campaign = (
            await session.execute(select(Campaign).where(Campaign.code == campaign_code.strip()))
        ).scalar_one_or_none()
        if campaign is None:
            raise ReportError("report_unknown_campaign", campaign=campaign_code)
        if year is not None and year != campaign.year:
            raise ReportError("report_campaign_year", campaign=campaign.code, year=year,
                              campaign_year=campaign.year)
        year, campaign_ids, with_uncampaigned = campaign.year, (campaign.id,), False
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        raise ReportError("report_bad_year", year=year if year is not None else "")
    if not campaign_ids:
        found = await session.execute(select(Campaign.id).where(Campaign.year == year))
        campaign_ids = tuple(sorted(found.scalars()))
    base = ReportScope(
        year=year, kind="all", unit_ids=principal.units, campaign_ids=campaign_ids,
        campaign_code=campaign_code.strip() if campaign_code else None,
        with_uncampaigned=with_uncampaigned, tz=tz,
    )
    if unit_id is not None or unit_code:
        unit = await _find_unit(session, unit_id, unit_code)
        if not principal.covers(unit.id):
            raise AccessDenied("access_denied", action="report", unit_id=unit.id)
        units = await _with_descendants(session, unit.id)
        if principal.units is not None:
            units &= principal.units
        return replace(base, kind="unit", unit_ids=units, title=unit.name, unit_code=unit.code)
    if cluster:
        rows = await session.execute(select(Unit.id).where(Unit.cluster == cluster))
        units = frozenset(rows.scalars())
        if not units:
            raise ReportError("report_unknown_cluster", cluster=cluster)
        if principal.units is not None:
            units &= principal.units
            if not units:
                raise AccessDenied("access_denied", action="report", unit_id=None)
        return replace(base, kind="cluster", unit_ids=units, title=cluster, cluster=cluster)
    return base


async def clusters_in(session: AsyncSession, principal: Principal) -> list[str]:
    """Cluster names the viewer may report on, sorted (the order buttons refer to)."""
    query = select(Unit.cluster).where(Unit.cluster.is_not(None)).distinct()
    if principal.units is not None:
        query = query.where(Unit.id.in_(sorted(principal.units)))
    return sorted(c for c in (await session.execute(query)).scalars() if c)


async def _find_unit(session: AsyncSession, unit_id: int | None, unit_code: str | None) -> Unit:
    if unit_id is not None:
        unit = await session.get(Unit, unit_id)
    else:
        code = (unit_code or "").strip()
        unit = (await session.execute(select(Unit).where(Unit.code == code))).scalar_one_or_none()
    if unit is None:
        raise ReportError("unknown_unit", unit=unit_code or unit_id, candidates=[])
    return unit


async def _with_descendants(session: AsyncSession, root: int) -> frozenset[int]:
    seen = {root}
    frontier = [root]
    while frontier:
        rows = await session.execute(select(Unit.id).where(Unit.parent_id.in_(frontier)))
        frontier = [u for u in rows.scalars() if u not in seen]
        seen.update(frontier)
    return frozenset(seen)
