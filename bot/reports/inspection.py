"""The inspection sample for reviewers, and recording an inspection's findings.

`inspection_sample` ranks the units of a report scope by risk — late and returned dossiers of the
year, quotas in force used to their limit, a high share of leaders among individual nominees
(the dossier rules' `leader_share` maximum), time since the last inspection — and proposes the
top 10–15 % (`knowledge/risk/risk.yaml`, `kb.risk`), each with the reasons that weighed. Every
count is a GROUP BY.
`record_inspection` stores a visit (reviewers and admins, for units they cover).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AwardRecord, Dossier, Nominee, Subject, Unit
from bot.db.models_reports import Inspection
from bot.reports.errors import ReportError
from bot.reports.figures import UnitRow, compute_unit_rows
from bot.reports.scope import ReportScope
from bot.reports.sql import dossier_where
from bot.status.access import Action, Principal, can
from knowledge.dossier_schema import DossierKB
from knowledge.loader import KnowledgeBase
from knowledge.risk_schema import RiskPolicy

MAX_FINDINGS = 4000
MAX_INSPECTOR = 255


@dataclass(frozen=True)
class RiskReason:
    """Why a unit is risky: a key (`late`, `returned`, `leaders`, `quota`, `never_inspected`,
    `last_inspected`) and its numbers, worded by `templates/reports/reason.j2`."""

    key: str
    params: dict[str, Any]


@dataclass(frozen=True)
class UnitRisk:
    unit_id: int
    code: str
    name: str
    score: float
    reasons: list[RiskReason] = field(default_factory=list)
    last_inspected: dt.date | None = None


@dataclass(frozen=True)
class Sample:
    units_in_scope: int
    size: int
    picked: list[UnitRisk]


async def inspection_sample(
    session: AsyncSession, scope: ReportScope, as_of: dt.date, kb: KnowledgeBase
) -> Sample:
    """Rank the scope's active units (the province itself excluded) and pick the sample."""
    policy = kb.risk
    query = select(Unit.id, Unit.code, Unit.name).where(Unit.active.is_(True), Unit.level != "tinh")
    if scope.unit_ids is not None:
        query = query.where(Unit.id.in_(sorted(scope.unit_ids)))
    units = (await session.execute(query)).all()
    if not units:
        return Sample(0, 0, [])
    rows = {r.unit_id: r for r in await compute_unit_rows(session, scope, as_of, kb)}
    leaders = await _leader_shares(session, scope)
    quotas = await _quotas_at_limit(session, scope, as_of, kb.dossier)
    last = await _last_inspections(session, [u.id for u in units])
    ranked = [
        _assess(policy, kb.dossier, unit_id, code, name, rows.get(unit_id), leaders.get(unit_id),
                quotas.get(unit_id, []), last.get(unit_id), as_of)
        for unit_id, code, name in units
    ]
    ranked.sort(key=lambda r: (-r.score, r.name))
    total = len(ranked)
    low = max(1, math.ceil(total * policy.sample_share.min))
    high = max(low, math.floor(total * policy.sample_share.max))
    risky = sum(1 for r in ranked if any(x.key in DOSSIER_REASONS for x in r.reasons))
    size = min(high, max(low, risky))
    return Sample(total, size, ranked[:size])


DOSSIER_REASONS = frozenset({"late", "returned", "leaders", "quota"})


def _assess(
    policy: RiskPolicy,
    dossier_kb: DossierKB,
    unit_id: int,
    code: str,
    name: str,
    row: UnitRow | None,
    leaders: tuple[int, int] | None,
    quotas: list[dict[str, Any]],
    last: dt.date | None,
    as_of: dt.date,
) -> UnitRisk:
    w = policy.weights
    score = 0.0
    reasons: list[RiskReason] = []
    if row is not None and row.late:
        score += w.late * row.late / max(row.submitted, 1)
        reasons.append(RiskReason("late", {"late": row.late, "submitted": row.submitted}))
    if row is not None and row.returned:
        score += w.returned * row.returned / max(row.dossiers, 1)
        reasons.append(RiskReason("returned", {"returned": row.returned, "dossiers": row.dossiers}))
    rule = dossier_kb.first(dossier_kb.leader_share, as_of)
    if leaders is not None and rule is not None:
        count, total = leaders
        if total >= rule.min_nominees and count / total > rule.max_share:
            score += w.leaders * count / total
            reasons.append(RiskReason("leaders", {"leaders": count, "total": total,
                                              "share": count / total,
                                              "max_share": rule.max_share}))
    for quota in quotas:
        score += w.quota
        reasons.append(RiskReason("quota", quota))
    if last is None:
        score += w.inspection_age
        reasons.append(RiskReason("never_inspected", {}))
    else:
        years = (as_of - last).days / 365.25
        score += w.inspection_age * min(1.0, years / policy.stale_after_years)
        reasons.append(RiskReason("last_inspected", {"on": last, "years": int(years)}))
    return UnitRisk(unit_id, code, name, round(score, 4), reasons, last)


async def _leader_shares(session: AsyncSession, scope: ReportScope) -> dict[int, tuple[int, int]]:
    """{unit: (leaders, individual nominees linked to a person)} for the scope's year."""
    rows = await session.execute(
        select(Dossier.unit_id, func.sum(case((Subject.is_leader.is_(True), 1), else_=0)),
               func.count())
        .select_from(Nominee)
        .join(Dossier, Dossier.id == Nominee.dossier_id)
        .join(Subject, Subject.id == Nominee.subject_id)
        .where(Nominee.kind == "individual", *dossier_where(scope))
        .group_by(Dossier.unit_id)
    )
    return {unit: (int(leaders or 0), int(total)) for unit, leaders, total in rows.all()}


async def _quotas_at_limit(
    session: AsyncSession, scope: ReportScope, as_of: dt.date, kb: DossierKB
) -> dict[int, list[dict[str, Any]]]:
    """Quotas in force on `as_of` that a unit's nominees of the year reach or exceed.

    No national quota exists under Law 06/2022 (knowledge/dossier/quotas.yaml); this reads the
    entries a province adds there.
    """
    found: dict[int, list[dict[str, Any]]] = {}
    for rule in kb.in_force(kb.quotas, as_of):
        proposed = await session.execute(
            select(Dossier.unit_id, func.count())
            .select_from(Nominee)
            .join(Dossier, Dossier.id == Nominee.dossier_id)
            .where(Dossier.award == rule.award, *dossier_where(scope))
            .group_by(Dossier.unit_id)
        )
        holders = dict(
            (
                await session.execute(
                    select(Subject.unit_id, func.count(func.distinct(AwardRecord.subject_id)))
                    .join(Subject, Subject.id == AwardRecord.subject_id)
                    .where(and_(AwardRecord.award == rule.relative_to,
                                AwardRecord.year == scope.year,
                                AwardRecord.revoked.is_(False)))
                    .group_by(Subject.unit_id)
                )
            ).all()
        )
        for unit_id, count in proposed.all():
            base = int(holders.get(unit_id, 0))
            limit = math.floor(rule.max_ratio * base + 1e-9)
            if base and count >= limit:
                found.setdefault(unit_id, []).append(
                    {"award": rule.award, "count": int(count), "limit": limit, "rule": rule.key}
                )
    return found


async def _last_inspections(session: AsyncSession, unit_ids: list[int]) -> dict[int, dt.date]:
    rows = await session.execute(
        select(Inspection.unit_id, func.max(Inspection.inspected_on))
        .where(Inspection.unit_id.in_(unit_ids))
        .group_by(Inspection.unit_id)
    )
    return {unit: day for unit, day in rows.all() if day is not None}


async def record_inspection(
    session: AsyncSession,
    principal: Principal,
    unit_id: int,
    inspected_on: dt.date,
    inspector: str,
    findings: str,
    now: dt.datetime,
    policy: RiskPolicy,
    next_due_on: dt.date | None = None,
) -> Inspection:
    """Store an inspection of `unit_id` (caller commits). Reviewers and admins only, for units
    they cover; empty findings or a next due date before the visit are `ReportError`s."""
    if not can(principal, Action.REVIEW, unit_id):
        raise ReportError("report_inspection_denied")
    if await session.get(Unit, unit_id) is None:
        raise ReportError("unit_not_found", unit_id=unit_id)
    text = findings.strip()
    if not text:
        raise ReportError("report_inspection_empty")
    if len(text) > MAX_FINDINGS:
        raise ReportError("report_inspection_too_long", limit=MAX_FINDINGS)
    due = next_due_on or _add_years(inspected_on, policy.next_due_years)
    if due < inspected_on:
        raise ReportError("report_inspection_due_before", due=due, on=inspected_on)
    row = Inspection(
        unit_id=unit_id, inspected_on=inspected_on,
        inspector=(inspector.strip() or "?")[:MAX_INSPECTOR], findings=text, next_due_on=due,
        recorded_by=principal.officer_id, created_at=now,
    )
    session.add(row)
    await session.flush()
    return row


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
