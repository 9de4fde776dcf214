"""The figures provinces publish, for a report scope — every count is a GROUP BY in the database.

Tables (each a list of small rows, never one row per dossier):
- `by_form_status`: dossiers and nominees by award (form/title) and status (contracts §4);
- `by_kind`: nominees who are individuals vs collectives, proposed and approved;
- `leaders`: individual nominees who are leaders/managers vs not (and unknown), proposed and
  approved — the "tỉ lệ cá nhân không giữ chức vụ lãnh đạo" of provincial reviews;
- `by_basis`: dossiers and nominees by basis (công trạng, chuyên đề, đột xuất…) and procedure
  (the simplified procedure is its own category);
- `outcome`: approval rate of decided dossiers and nominees, and the median processing time in
  working days (holiday calendar) from receipt (`received_at`) to the reviewing body's decision
  (approved, not approved, or forwarded up — whichever came first);
- `units`: per unit, dossiers, submitted, late (submitted after the campaign deadline, see
  `late_condition`), returned (ever sent back: needs_supplement or intake_rejected), overdue
  (appraisal past its SLA due date today) and approved.

`compute_figures(session, scope, as_of, kb)` reads the report rollup (`bot.db.report_rollup`,
kept in the transaction of every dossier write; `bot.reports.rollup_read`): the groups by award,
status, basis, procedure and unit with their counts, late/overdue decided at read time from the
days the rollup keeps, returned dossiers and (receipt day, decision day) pairs — a few thousand
rows instead of every dossier. A report in another time zone than the deployment's reads the
dossiers instead: one pass (grouped, with conditional sums) over a covering index, nominee
figures from the counts each dossier row carries (`bot.db.nominee_counts`), processing times from
the decision day on each decided dossier (`decided_on`), one query over the status events for
returned dossiers. Python only sums the (small) results and turns (receipt day, decision day)
pairs into working days. 1,000,000 dossiers: see `docs/benchmarks.md`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.db import report_rollup as rollup
from bot.db.models import CampaignDeadline, Dossier, DossierEvent, Unit
from bot.db.models_reports import DECIDED_ON, NOMINEE_COUNTS, nominee_count
from bot.reports import rollup_read
from bot.reports.scope import ReportScope
from bot.reports.sql import (
    date_value,
    dialect_of,
    dossier_where,
    local_date,
    local_day_start_utc,
    period_parts,
    unit_where,
)
from knowledge.calendar_schema import WorkCalendar
from knowledge.loader import KnowledgeBase
from knowledge.workflow_schema import Clock

APPROVED = ("approved", "delivered")
NOT_APPROVED = ("not_approved",)
RETURNED = ("needs_supplement", "intake_rejected")
SIMPLIFIED = "simplified"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class FormStatusRow:
    award: str
    status: str
    dossiers: int
    nominees: int


@dataclass(frozen=True)
class KindRow:
    kind: str  # individual | collective
    nominees: int
    approved: int


@dataclass(frozen=True)
class LeaderShare:
    """Individual nominees by leadership; `unknown` = not linked to a person record."""

    leaders: int = 0
    non_leaders: int = 0
    unknown: int = 0
    approved_leaders: int = 0
    approved_non_leaders: int = 0
    approved_unknown: int = 0

    @property
    def non_leader_share(self) -> float | None:
        known = self.leaders + self.non_leaders
        return self.non_leaders / known if known else None

    @property
    def approved_non_leader_share(self) -> float | None:
        known = self.approved_leaders + self.approved_non_leaders
        return self.approved_non_leaders / known if known else None


@dataclass(frozen=True)
class BasisRow:
    basis: str  # cong_trang | chuyen_de | dot_xuat | … | unknown
    procedure: str  # regular | simplified
    dossiers: int
    nominees: int

    @property
    def category(self) -> str:
        """The report's category: the simplified procedure is a category of its own."""
        return "thu_tuc_don_gian" if self.procedure == SIMPLIFIED else self.basis


@dataclass(frozen=True)
class DecisionFigures:
    dossiers_decided: int = 0
    dossiers_approved: int = 0
    nominees_decided: int = 0
    nominees_approved: int = 0
    processed: int = 0  # dossiers with both a receipt and a decision date
    median_working_days: float | None = None
    approximate: bool = False  # a date outside the years the holiday calendar covers

    @property
    def dossier_rate(self) -> float | None:
        return self.dossiers_approved / self.dossiers_decided if self.dossiers_decided else None

    @property
    def nominee_rate(self) -> float | None:
        return self.nominees_approved / self.nominees_decided if self.nominees_decided else None


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    code: str
    name: str
    dossiers: int
    submitted: int
    late: int
    returned: int
    overdue: int
    approved: int


@dataclass(frozen=True)
class Figures:
    scope: ReportScope
    as_of: dt.date
    by_form_status: list[FormStatusRow] = field(default_factory=list)
    by_kind: list[KindRow] = field(default_factory=list)
    leaders: LeaderShare = field(default_factory=LeaderShare)
    by_basis: list[BasisRow] = field(default_factory=list)
    outcome: DecisionFigures = field(default_factory=DecisionFigures)
    units: list[UnitRow] = field(default_factory=list)

    @property
    def dossiers(self) -> int:
        return sum(r.dossiers for r in self.by_form_status)

    @property
    def nominees(self) -> int:
        return sum(r.nominees for r in self.by_form_status)

    def dossiers_by(self, attribute: str) -> dict[str, int]:
        """Dossier totals by `award` or `status`."""
        totals: dict[str, int] = defaultdict(int)
        for row in self.by_form_status:
            totals[getattr(row, attribute)] += row.dossiers
        return dict(totals)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON of `tdkt report --json` (dates ISO, shares 0..1 or null)."""
        leaders = self.leaders
        outcome = self.outcome
        return {
            "scope": self.scope.to_json(),
            "as_of": self.as_of.isoformat(),
            "totals": {"dossiers": self.dossiers, "nominees": self.nominees},
            "by_form_status": [asdict(r) for r in self.by_form_status],
            "by_kind": [asdict(r) for r in self.by_kind],
            "leaders": {
                **asdict(leaders),
                "non_leader_share": leaders.non_leader_share,
                "approved_non_leader_share": leaders.approved_non_leader_share,
            },
            "by_basis": [{**asdict(r), "category": r.category} for r in self.by_basis],
            "outcome": {
                **asdict(outcome),
                "dossier_rate": outcome.dossier_rate,
                "nominee_rate": outcome.nominee_rate,
            },
            "units": [asdict(r) for r in self.units],
        }


async def compute_figures(
    session: AsyncSession, scope: ReportScope, as_of: dt.date, kb: KnowledgeBase
) -> Figures:
    """Every table of the report for `scope`, as of the local date `as_of` (for "overdue")."""
    dialect = dialect_of(session)
    groups, unit_totals, returned = await _read(session, scope, as_of, kb)
    by_form: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    by_basis: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    counts: dict[str, int] = defaultdict(int)
    decided = approved = 0
    for g in groups:
        nominees = g.nominees
        for table, key in ((by_form, (g.award, g.status)),
                           (by_basis, (g.basis or UNKNOWN, g.procedure))):
            table[key][0] += g.dossiers
            table[key][1] += nominees
        for name, value in zip(NOMINEE_COUNTS, g.counts, strict=True):
            counts[name] += value
        if g.status in APPROVED:
            approved += g.dossiers
        if g.status in APPROVED or g.status in NOT_APPROVED:
            decided += g.dossiers
    by_form_status = [FormStatusRow(award, status, d, n)
                      for (award, status), (d, n) in sorted(by_form.items())]
    basis_rows = [BasisRow(basis, procedure, d, n)
                  for (basis, procedure), (d, n) in sorted(by_basis.items())]
    by_kind = [
        KindRow(kind, counts[f"nominees_{kind}"], counts[f"approved_{kind}"])
        for kind in ("collective", "individual") if counts[f"nominees_{kind}"]
    ]
    leaders = LeaderShare(
        leaders=counts["nominees_leader"], non_leaders=counts["nominees_non_leader"],
        unknown=counts["nominees_individual"] - counts["nominees_leader"]
        - counts["nominees_non_leader"],
        approved_leaders=counts["approved_leader"],
        approved_non_leaders=counts["approved_non_leader"],
        approved_unknown=counts["approved_individual"] - counts["approved_leader"]
        - counts["approved_non_leader"],
    )
    where = dossier_where(scope)
    processed, median, approximate = await _processing_time(session, scope, where, dialect,
                                                            kb.calendar)
    outcome = DecisionFigures(
        dossiers_decided=decided, dossiers_approved=approved,
        nominees_decided=counts["nominees_decided"],
        nominees_approved=counts["approved_individual"] + counts["approved_collective"],
        processed=processed, median_working_days=median, approximate=approximate,
    )
    units = await _unit_rows(session, scope, unit_totals, returned)
    return Figures(scope, as_of, by_form_status, by_kind, leaders, basis_rows, outcome, units)


@dataclass(frozen=True)
class _Group:
    """One row of the single pass over the scope's dossiers."""

    award: str
    status: str
    basis: str | None
    procedure: str
    unit_id: int
    dossiers: int
    submitted: int
    late: int
    overdue: int
    counts: tuple[int, ...]  # NOMINEE_COUNTS summed, in that order

    @property
    def nominees(self) -> int:
        return self.counts[0] + self.counts[1]  # individuals + collectives


async def _read(
    session: AsyncSession, scope: ReportScope, as_of: dt.date, kb: KnowledgeBase
) -> tuple[list[_Group], dict[int, list[int]], dict[int, int] | None]:
    """(groups for the form, basis and nominee tables, {unit: [dossiers, submitted, late,
    overdue, approved]}, {unit: returned} or None to read it from the status events): off the
    rollup when it is in the report's time zone, else off the dossiers."""
    if rollup.serves(scope.tz):
        groups = [_Group(award, status, basis, procedure, 0, dossiers, 0, 0, 0, tuple(counts))
                  for award, status, basis, procedure, dossiers, *counts
                  in await rollup_read.form_rows(session, scope)]
        totals, returned = await rollup_read.unit_totals(
            session, scope, as_of, running_states(as_of, kb), APPROVED, kb.dossier)
        return groups, totals, returned
    groups = await _dossier_groups(session, scope, as_of, kb)
    return groups, _unit_totals(groups), None


async def _dossier_groups(
    session: AsyncSession, scope: ReportScope, as_of: dt.date, kb: KnowledgeBase
) -> list[_Group]:
    """The scope's dossiers grouped by (award, status, basis, procedure, unit) with every count
    the report needs, in one pass over the covering report index per period part (no join)."""
    late = await late_condition(session, scope, as_of, kb)
    overdue = and_(Dossier.status.in_(running_states(as_of, kb)), Dossier.sla_due_on < as_of)

    def flag(condition: ColumnElement[bool]) -> Any:
        return func.sum(case((condition, 1), else_=0))

    keys = (Dossier.award, Dossier.status, Dossier.basis, Dossier.procedure, Dossier.unit_id)
    sums = [func.sum(nominee_count(name)) for name in NOMINEE_COUNTS]
    groups: list[_Group] = []
    connection = await session.connection()  # Core rows: no ORM loading for ~25,000 groups
    for part in period_parts(scope):
        rows = await connection.execute(
            select(*keys, func.count(), flag(Dossier.submitted_at.is_not(None)), flag(late),
                   flag(overdue), *sums)
            .where(part, *unit_where(scope))
            .group_by(*keys)
        )
        for award, status, basis, procedure, unit_id, n, submitted, late_n, overdue_n, *rest \
                in rows.all():
            groups.append(_Group(award, status, basis, procedure, unit_id, int(n),
                                 int(submitted or 0), int(late_n or 0), int(overdue_n or 0),
                                 tuple(int(v or 0) for v in rest)))
    return groups


async def _processing_time(
    session: AsyncSession, scope: ReportScope, where: Sequence[ColumnElement[bool]], dialect: str,
    calendar: WorkCalendar,
) -> tuple[int, float | None, bool]:
    """(dossiers measured, median working days, approximate?) from receipt to decision.

    The decision day is stored on the dossier (`decided_on`, `bot.db.decided`): one pass
    over the partial index of decided dossiers per period part, no join over the events."""
    counted: dict[tuple[Any, Any], int] = defaultdict(int)
    if rollup.serves(scope.tz):
        for a, b, n in await rollup_read.processing_pairs(session, scope):
            counted[(a, b)] += n
    else:
        received = local_date(Dossier.received_at, scope, dialect)
        for part in period_parts(scope):
            rows = await session.execute(
                select(received, DECIDED_ON, func.count())
                .where(part, DECIDED_ON.is_not(None), Dossier.received_at.is_not(None),
                       *unit_where(scope))
                .group_by(received, DECIDED_ON)
            )
            for a, b, n in rows.all():
                counted[(a, b)] += int(n)
    pairs = [(date_value(a), date_value(b), n) for (a, b), n in counted.items()]
    valid = [(a, b, n) for a, b, n in pairs if a is not None and b is not None]
    if not valid:
        return 0, None, False
    days = working_day_counts(calendar, valid)
    approximate = any(not calendar.covers(d) for a, b, _ in valid for d in (a, b))
    return sum(days.values()), weighted_median(days), approximate


def working_day_counts(
    calendar: WorkCalendar, pairs: Iterable[tuple[dt.date, dt.date, int]]
) -> dict[int, int]:
    """Histogram {working days from start to end: how many} (end ≤ start counts 0)."""
    items = list(pairs)
    if not items:
        return {}
    first = min(min(a, b) for a, b, _ in items)
    last = max(max(a, b) for a, b, _ in items)
    ordinal: dict[dt.date, int] = {}
    count = 0
    day = first
    while day <= last:
        if calendar.is_working_day(day):
            count += 1
        ordinal[day] = count
        day += dt.timedelta(days=1)
    histogram: dict[int, int] = defaultdict(int)
    for start, end, n in items:
        histogram[max(0, ordinal[end] - ordinal[start])] += n
    return dict(histogram)


def weighted_median(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: count} (mean of the two middle ones if even)."""
    total = sum(histogram.values())
    if total == 0:
        return None
    ordered = sorted(histogram.items())

    def nth(index: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if index < seen:
                return value
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


async def late_condition(
    session: AsyncSession, scope: ReportScope, as_of: dt.date, kb: KnowledgeBase
) -> ColumnElement[bool]:
    """A dossier is late when it was neither received nor (last) submitted by its deadline.

    The deadline is the campaign's deadline whose `award_group` is the dossier's award, else the
    campaign's latest deadline (never a false alarm). Exempt procedures and bases (the simplified
    procedure, đột xuất) come from the dossier rules' `late_submission` entry. A local date after
    the deadline is a timestamp from the start of the next local day: compared as stored.
    """
    if not scope.campaign_ids:
        return literal(False)
    rows = await session.execute(
        select(CampaignDeadline.campaign_id, CampaignDeadline.award_group,
               CampaignDeadline.deadline)
        .where(CampaignDeadline.campaign_id.in_(scope.campaign_ids))
    )
    latest: dict[int, dt.date] = {}
    whens: list[tuple[ColumnElement[bool], Any]] = []
    stamp = Dossier.submitted_at.type

    def too_late(deadline: dt.date) -> Any:
        return literal(local_day_start_utc(deadline + dt.timedelta(days=1), scope), stamp)

    for campaign_id, group, deadline in rows.all():
        latest[campaign_id] = max(latest.get(campaign_id, deadline), deadline)
        whens.append((and_(Dossier.campaign_id == campaign_id, Dossier.award == group),
                      too_late(deadline)))
    whens += [(Dossier.campaign_id == c, too_late(d)) for c, d in sorted(latest.items())]
    if not whens:
        return literal(False)
    after = case(*whens, else_=None)
    condition = and_(
        Dossier.submitted_at.is_not(None),
        Dossier.submitted_at >= after,
        or_(Dossier.received_at.is_(None), Dossier.received_at >= after),
    )
    rule = kb.dossier.first(kb.dossier.late_submission, as_of)
    if rule is not None:
        if rule.exempt_procedures:
            condition = and_(condition, Dossier.procedure.not_in(rule.exempt_procedures))
        if rule.exempt_bases:
            condition = and_(
                condition,
                or_(Dossier.basis.is_(None), Dossier.basis.not_in(rule.exempt_bases)),
            )
    return condition


def running_states(as_of: dt.date, kb: KnowledgeBase) -> list[str]:
    """Statuses in which the SLA clock runs (appraisal in progress)."""
    workflow = kb.workflow.on(as_of)
    return sorted(code for code, state in workflow.states.items() if state.clock is Clock.RUNNING)


async def compute_unit_rows(
    session: AsyncSession, scope: ReportScope, as_of: dt.date, kb: KnowledgeBase
) -> list[UnitRow]:
    """The `units` table: per unit, dossiers, submitted, late, returned, overdue, approved."""
    _, totals, returned = await _read(session, scope, as_of, kb)
    return await _unit_rows(session, scope, totals, returned)


def _unit_totals(groups: Sequence[_Group]) -> dict[int, list[int]]:
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for g in groups:
        row = counts[g.unit_id]
        for i, value in enumerate((g.dossiers, g.submitted, g.late, g.overdue,
                                   g.dossiers if g.status in APPROVED else 0)):
            row[i] += value
    return dict(counts)


async def _unit_rows(
    session: AsyncSession, scope: ReportScope, counts: dict[int, list[int]],
    returned: dict[int, int] | None,
) -> list[UnitRow]:
    if not counts:
        return []
    if returned is None:
        returned = await _returned(session, scope)
    names = await session.execute(
        select(Unit.id, Unit.code, Unit.name).where(Unit.id.in_(sorted(counts)))
    )
    result = []
    for unit_id, code, name in names.all():
        total, submitted, late_n, overdue_n, approved = counts[unit_id]
        result.append(UnitRow(unit_id, code, name, total, submitted, late_n,
                              returned.get(unit_id, 0), overdue_n, approved))
    return sorted(result, key=lambda r: (-(r.late + r.returned + r.overdue), r.name))


async def _returned(session: AsyncSession, scope: ReportScope) -> dict[int, int]:
    """Dossiers ever sent back, per unit, from the status events."""
    returned_rows = await session.execute(
        select(Dossier.unit_id, func.count(func.distinct(DossierEvent.dossier_id)))
        .select_from(DossierEvent)
        .join(Dossier, Dossier.id == DossierEvent.dossier_id)
        .where(DossierEvent.to_status.in_(RETURNED), *dossier_where(scope))
        .group_by(Dossier.unit_id)
    )
    return {unit: int(n) for unit, n in returned_rows.all()}
