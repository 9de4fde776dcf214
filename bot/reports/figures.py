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

`compute_figures(session, scope, as_of)` runs six aggregate queries; Python only sums their
(small) results and turns (receipt day, decision day) pairs into working days.
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

from bot.db.models import CampaignDeadline, Dossier, DossierEvent, Nominee, Subject, Unit
from bot.reports.scope import ReportScope
from bot.reports.sql import date_value, dialect_of, dossier_where, local_date
from bot.status.workflow import Clock, default_workflow
from knowledge.calendar_schema import WorkCalendar, default_calendar
from knowledge.dossier_schema import default_dossier_kb

APPROVED = ("approved", "delivered")
NOT_APPROVED = ("not_approved",)
RETURNED = ("needs_supplement", "intake_rejected")
# The reviewing body's decision ends its processing; `forwarded_up` → approved is the level above.
DECISIONS = ("approved", "not_approved", "forwarded_up")
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
class Outcome:
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
    outcome: Outcome = field(default_factory=Outcome)
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


async def compute_figures(session: AsyncSession, scope: ReportScope, as_of: dt.date) -> Figures:
    """Every table of the report for `scope`, as of the local date `as_of` (for "overdue")."""
    dialect = dialect_of(session)
    where = dossier_where(scope)
    by_form, by_basis, outcome_dossiers = await _dossier_tables(session, where)
    nominee_form, by_kind, leaders, basis_nominees, nominee_outcome = await _nominee_tables(
        session, where
    )
    by_form_status = [
        FormStatusRow(award, status, count, nominee_form.get((award, status), 0))
        for (award, status), count in sorted(by_form.items())
    ]
    # Nominees whose dossier row group had no dossier (impossible) are ignored on purpose.
    basis_rows = [
        BasisRow(basis, procedure, count, basis_nominees.get((basis, procedure), 0))
        for (basis, procedure), count in sorted(by_basis.items())
    ]
    processed, median, approximate = await _processing_time(session, scope, where, dialect)
    outcome = Outcome(
        dossiers_decided=outcome_dossiers[0], dossiers_approved=outcome_dossiers[1],
        nominees_decided=nominee_outcome[0], nominees_approved=nominee_outcome[1],
        processed=processed, median_working_days=median, approximate=approximate,
    )
    units = await compute_unit_rows(session, scope, as_of)
    return Figures(scope, as_of, by_form_status, by_kind, leaders, basis_rows, outcome, units)


async def _dossier_tables(
    session: AsyncSession, where: Sequence[ColumnElement[bool]]
) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int], tuple[int, int]]:
    basis = func.coalesce(Dossier.basis, literal(UNKNOWN))
    rows = await session.execute(
        select(Dossier.award, Dossier.status, basis, Dossier.procedure, func.count())
        .where(*where)
        .group_by(Dossier.award, Dossier.status, basis, Dossier.procedure)
    )
    by_form: dict[tuple[str, str], int] = defaultdict(int)
    by_basis: dict[tuple[str, str], int] = defaultdict(int)
    decided = approved = 0
    for award, status, basis_key, procedure, count in rows.all():
        by_form[(award, status)] += count
        by_basis[(basis_key, procedure)] += count
        if status in APPROVED:
            approved += count
        if status in APPROVED or status in NOT_APPROVED:
            decided += count
    return by_form, by_basis, (decided, approved)


async def _nominee_tables(
    session: AsyncSession, where: Sequence[ColumnElement[bool]]
) -> tuple[
    dict[tuple[str, str], int], list[KindRow], LeaderShare, dict[tuple[str, str], int],
    tuple[int, int],
]:
    basis = func.coalesce(Dossier.basis, literal(UNKNOWN))
    outcome = func.coalesce(Nominee.outcome, literal(""))
    leader = case((Subject.id.is_(None), literal(-1)), (Subject.is_leader.is_(True), literal(1)),
                  else_=literal(0))
    columns = (Dossier.award, Dossier.status, basis, Dossier.procedure, Nominee.kind, outcome,
               leader)
    rows = await session.execute(
        select(*columns, func.count())
        .select_from(Nominee)
        .join(Dossier, Dossier.id == Nominee.dossier_id)
        .outerjoin(Subject, Subject.id == Nominee.subject_id)
        .where(*where)
        .group_by(*columns)
    )
    by_form: dict[tuple[str, str], int] = defaultdict(int)
    by_basis: dict[tuple[str, str], int] = defaultdict(int)
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    lead: dict[str, int] = defaultdict(int)
    decided = approved = 0
    for award, status, basis_key, procedure, kind, result, is_leader, count in rows.all():
        by_form[(award, status)] += count
        by_basis[(basis_key, procedure)] += count
        kinds[kind][0] += count
        won = result == "approved"
        if won:
            kinds[kind][1] += count
            approved += count
        if result in ("approved", "not_approved"):
            decided += count
        if kind == "individual":
            which = {1: "leaders", 0: "non_leaders"}.get(int(is_leader), "unknown")
            lead[which] += count
            if won:
                lead[f"approved_{which}"] += count
    by_kind = [KindRow(k, v[0], v[1]) for k, v in sorted(kinds.items())]
    return by_form, by_kind, LeaderShare(**lead), by_basis, (decided, approved)


async def _processing_time(
    session: AsyncSession, scope: ReportScope, where: Sequence[ColumnElement[bool]], dialect: str
) -> tuple[int, float | None, bool]:
    """(dossiers measured, median working days, approximate?) from receipt to decision."""
    received = local_date(Dossier.received_at, scope, dialect)
    decided = local_date(DossierEvent.at, scope, dialect)
    rows = await session.execute(
        select(received, decided, func.count())
        .select_from(DossierEvent)
        .join(Dossier, Dossier.id == DossierEvent.dossier_id)
        .where(
            DossierEvent.to_status.in_(DECISIONS),
            or_(DossierEvent.from_status.is_(None), DossierEvent.from_status != "forwarded_up"),
            Dossier.received_at.is_not(None),
            *where,
        )
        .group_by(received, decided)
    )
    pairs = [(date_value(a), date_value(b), int(n)) for a, b, n in rows.all()]
    valid = [(a, b, n) for a, b, n in pairs if a is not None and b is not None]
    if not valid:
        return 0, None, False
    calendar = default_calendar()
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
    session: AsyncSession, scope: ReportScope, as_of: dt.date, dialect: str
) -> ColumnElement[bool]:
    """A dossier is late when it was neither received nor (last) submitted by its deadline.

    The deadline is the campaign's deadline whose `award_group` is the dossier's award, else the
    campaign's latest deadline (never a false alarm). Exempt procedures and bases (the simplified
    procedure, đột xuất) come from the dossier rules' `late_submission` entry.
    """
    if not scope.campaign_ids:
        return literal(False)
    rows = await session.execute(
        select(CampaignDeadline.campaign_id, CampaignDeadline.award_group,
               CampaignDeadline.deadline)
        .where(CampaignDeadline.campaign_id.in_(scope.campaign_ids))
    )
    latest: dict[int, dt.date] = {}
    whens: list[tuple[ColumnElement[bool], dt.date]] = []
    for campaign_id, group, deadline in rows.all():
        latest[campaign_id] = max(latest.get(campaign_id, deadline), deadline)
        whens.append((and_(Dossier.campaign_id == campaign_id, Dossier.award == group), deadline))
    whens += [(Dossier.campaign_id == c, d) for c, d in sorted(latest.items())]
    if not whens:
        return literal(False)
    deadline_of = case(*whens, else_=None)
    submitted = local_date(Dossier.submitted_at, scope, dialect)
    received = local_date(Dossier.received_at, scope, dialect)
    condition = and_(
        Dossier.submitted_at.is_not(None),
        submitted > deadline_of,
        or_(Dossier.received_at.is_(None), received > deadline_of),
    )
    rule = default_dossier_kb().first(default_dossier_kb().late_submission, as_of)
    if rule is not None:
        if rule.exempt_procedures:
            condition = and_(condition, Dossier.procedure.not_in(rule.exempt_procedures))
        if rule.exempt_bases:
            condition = and_(
                condition,
                or_(Dossier.basis.is_(None), Dossier.basis.not_in(rule.exempt_bases)),
            )
    return condition


def running_states(as_of: dt.date) -> list[str]:
    """Statuses in which the SLA clock runs (appraisal in progress)."""
    workflow = default_workflow().on(as_of)
    return sorted(code for code, state in workflow.states.items() if state.clock is Clock.RUNNING)


async def compute_unit_rows(
    session: AsyncSession, scope: ReportScope, as_of: dt.date
) -> list[UnitRow]:
    """The `units` table: per unit, dossiers, submitted, late, returned, overdue, approved."""
    dialect = dialect_of(session)
    where = dossier_where(scope)
    late = await late_condition(session, scope, as_of, dialect)

    def flag(condition: ColumnElement[bool]) -> Any:
        return func.sum(case((condition, 1), else_=0))

    overdue = and_(Dossier.status.in_(running_states(as_of)), Dossier.sla_due_on < as_of)
    rows = await session.execute(
        select(
            Dossier.unit_id, func.count(), flag(Dossier.submitted_at.is_not(None)), flag(late),
            flag(overdue), flag(Dossier.status.in_(APPROVED)),
        )
        .where(*where)
        .group_by(Dossier.unit_id)
    )
    counts = {unit: [int(v or 0) for v in values] for unit, *values in rows.all()}
    returned_rows = await session.execute(
        select(Dossier.unit_id, func.count(func.distinct(DossierEvent.dossier_id)))
        .select_from(DossierEvent)
        .join(Dossier, Dossier.id == DossierEvent.dossier_id)
        .where(DossierEvent.to_status.in_(RETURNED), *where)
        .group_by(Dossier.unit_id)
    )
    returned = {unit: int(n) for unit, n in returned_rows.all()}
    if not counts:
        return []
    names = await session.execute(
        select(Unit.id, Unit.code, Unit.name).where(Unit.id.in_(sorted(counts)))
    )
    result = []
    for unit_id, code, name in names.all():
        total, submitted, late_n, overdue_n, approved = counts[unit_id]
        result.append(UnitRow(unit_id, code, name, total, submitted, late_n,
                              returned.get(unit_id, 0), overdue_n, approved))
    return sorted(result, key=lambda r: (-(r.late + r.returned + r.overdue), r.name))
