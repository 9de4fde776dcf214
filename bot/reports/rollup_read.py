"""The yearly report's figures read off the rollup (`bot.db.report_rollup`) instead of the dossiers.

Two small GROUP BYs over the rollup — by (award, status, basis, procedure) for the form, basis
and nominee tables, by unit for the unit table — give the sums of the pass over the dossiers.
What depends on the report — the campaign's deadlines (late), the report's date (overdue: an
SLA due day before it, in a state whose clock runs) — is decided here from the days the rollup
keeps as dimensions. Returned dossiers ("ever sent back") are a dimension too, so no query over
the status events is needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Date, and_, case, false, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.db.models import CampaignDeadline
from bot.db.models_reports import NOMINEE_COUNTS
from bot.db.models_rollup import NO_DAY, NO_TEXT
from bot.db.report_rollup import COUNTS, PROCESSING
from bot.reports.scope import ReportScope
from knowledge.dossier_schema import DossierKB


def _period_parts(table: Any, scope: ReportScope) -> list[ColumnElement[bool]]:
    """`bot.reports.sql.period_parts` on the rollup's period columns."""
    parts: list[ColumnElement[bool]] = []
    if scope.campaign_ids:
        parts.append(table.c.campaign_id.in_(scope.campaign_ids))
    if scope.with_uncampaigned:
        parts.append(and_(table.c.campaign_id == 0, table.c.year == scope.year))
    return parts


def _unit_where(table: Any, scope: ReportScope) -> list[ColumnElement[bool]]:
    if scope.unit_ids is None:
        return []
    return [table.c.unit_id.in_(sorted(scope.unit_ids)) if scope.unit_ids else false()]


async def _late(
    session: AsyncSession, scope: ReportScope, as_of: dt.date, kb: DossierKB
) -> ColumnElement[bool]:
    """`figures.late_condition` on the rollup: the first of submission and receipt fell on a
    local day after the deadline (the award group's, else the campaign's latest)."""
    if not scope.campaign_ids:
        return literal(False)
    rows = await session.execute(
        select(CampaignDeadline.campaign_id, CampaignDeadline.award_group,
               CampaignDeadline.deadline)
        .where(CampaignDeadline.campaign_id.in_(scope.campaign_ids))
    )
    c = COUNTS.c
    latest: dict[int, dt.date] = {}
    whens: list[tuple[ColumnElement[bool], Any]] = []
    for campaign_id, group, deadline in rows.all():
        latest[campaign_id] = max(latest.get(campaign_id, deadline), deadline)
        whens.append((and_(c.campaign_id == campaign_id, c.award == group),
                      literal(deadline, Date)))
    whens += [(c.campaign_id == cid, literal(d, Date)) for cid, d in sorted(latest.items())]
    if not whens:
        return literal(False)
    condition = and_(c.submitted_on != NO_DAY, c.submitted_on > case(*whens, else_=None))
    rule = kb.first(kb.late_submission, as_of)
    if rule is not None:
        if rule.exempt_procedures:
            condition = and_(condition, c.procedure.not_in(rule.exempt_procedures))
        if rule.exempt_bases:
            condition = and_(condition, or_(c.basis == NO_TEXT,
                                            c.basis.not_in(rule.exempt_bases)))
    return condition


async def form_rows(session: AsyncSession, scope: ReportScope) -> list[tuple[Any, ...]]:
    """(award, status, basis or None, procedure, dossiers, *NOMINEE_COUNTS) of the scope."""
    c = COUNTS.c
    keys = (c.award, c.status, c.basis, c.procedure)
    found: list[tuple[Any, ...]] = []
    for part in _period_parts(COUNTS, scope):
        rows = await session.execute(
            select(*keys, func.sum(c.dossiers), *(func.sum(c[name]) for name in NOMINEE_COUNTS))
            .where(part, c.dossiers != 0, *_unit_where(COUNTS, scope))
            .group_by(*keys)
        )
        for award, status, basis, procedure, *sums in rows.all():
            found.append((award, status, basis if basis != NO_TEXT else None, procedure,
                          *(int(v or 0) for v in sums)))
    return found


async def unit_totals(
    session: AsyncSession, scope: ReportScope, as_of: dt.date, running: Sequence[str],
    approved: Sequence[str], kb: DossierKB,
) -> tuple[dict[int, list[int]], dict[int, int]]:
    """({unit: [dossiers, submitted, late, overdue, approved]}, {unit: returned}) of the scope."""
    c = COUNTS.c
    late = await _late(session, scope, as_of, kb)
    overdue = and_(c.status.in_(running), c.sla_due_on != NO_DAY, c.sla_due_on < as_of)

    def weighted(condition: ColumnElement[bool]) -> Any:
        return func.sum(case((condition, c.dossiers), else_=0))

    totals: dict[int, list[int]] = {}
    returned: dict[int, int] = {}
    for part in _period_parts(COUNTS, scope):
        rows = await session.execute(
            select(c.unit_id, func.sum(c.dossiers), weighted(c.submitted_on != NO_DAY),
                   weighted(late), weighted(overdue), weighted(c.status.in_(approved)),
                   weighted(c.returned == 1))
            .where(part, c.dossiers != 0, *_unit_where(COUNTS, scope))
            .group_by(c.unit_id)
        )
        for unit_id, *sums in rows.all():
            row = totals.setdefault(unit_id, [0, 0, 0, 0, 0])
            for i, value in enumerate(sums[:5]):
                row[i] += int(value or 0)
            returned[unit_id] = returned.get(unit_id, 0) + int(sums[5] or 0)
    return totals, returned


async def processing_pairs(
    session: AsyncSession, scope: ReportScope
) -> list[tuple[Any, Any, int]]:
    """(receipt day, decision day, dossiers) of the scope's decided dossiers."""
    p = PROCESSING.c
    found: list[tuple[Any, Any, int]] = []
    for part in _period_parts(PROCESSING, scope):
        rows = await session.execute(
            select(p.received_on, p.decided_on, func.sum(p.dossiers))
            .where(part, p.dossiers != 0, *_unit_where(PROCESSING, scope))
            .group_by(p.received_on, p.decided_on)
        )
        found += [(a, b, int(n)) for a, b, n in rows.all()]
    return found
