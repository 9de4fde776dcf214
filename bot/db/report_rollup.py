"""The report rollup (`report_counts`, `report_processing_counts`, `bot.db.models_rollup`): kept
exact in the transaction of every write to a dossier, rebuilt or verified from the dossiers.

Every dossier contributes one row's worth of counts to one `report_counts` group and, once
decided and received, one to one `report_processing_counts` group. Its contribution is read
with one SELECT (`_contribution_query`); a writer reads it before and after its change and the
difference is added with `INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n` (one
statement per table, keys sorted so concurrent writers lock rows in the same order):

- `tracking(session, ids)`: around a change of existing dossiers (status, stamps, SLA day);
- `moved(session, before, after, …)`: the same from column values the writer already holds
  (`change_status` reads them with its guarded UPDATE … RETURNING: no extra read);
- `added(session, ids)` after inserting dossiers, `removed(session, ids)` before deleting;
- `rebuild(session)`: recount everything (bulk loads, `tdkt report-rollup --rebuild`);
- `differences(session)`: the stored rollup against a recount (`tdkt report-rollup`).

The SELECT that recounts is the one the writers use, grouped: both cannot disagree on what a
dossier contributes. Local days and years are in the deployment's time zone (`TDKT_TIMEZONE`,
as `decided_on`); a report in another time zone reads the dossiers instead (`serves`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Date,
    Integer,
    Table,
    and_,
    case,
    cast,
    delete,
    exists,
    func,
    literal,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.db.models import Dossier, DossierEvent
from bot.db.models_reports import DECIDED_ON, NOMINEE_COUNTS, nominee_count
from bot.db.models_rollup import (
    COUNT_KEYS,
    COUNT_SUMS,
    NO_DAY,
    NO_TEXT,
    PROCESSING_KEYS,
    PROCESSING_SUMS,
    ReportCount,
    ReportProcessingCount,
)

RETURNED = ("needs_supplement", "intake_rejected")
DEFAULT_TZ = "Asia/Ho_Chi_Minh"
COUNTS: Table = ReportCount.__table__  # type: ignore[assignment]
PROCESSING: Table = ReportProcessingCount.__table__  # type: ignore[assignment]

Key = tuple[Any, ...]
Totals = dict[Key, tuple[int, ...]]


def rollup_tz() -> ZoneInfo:
    """The time zone the rollup's days and years are in (the deployment's)."""
    return ZoneInfo(os.environ.get("TDKT_TIMEZONE", "").strip() or DEFAULT_TZ)


def serves(tz: ZoneInfo) -> bool:
    """Whether a report in `tz` can read the rollup (its days are in that zone)."""
    return tz.key == rollup_tz().key


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def _local_date(column: Any, dialect: str, tz: ZoneInfo) -> ColumnElement[Any]:
    if dialect == "postgresql":
        return cast(func.timezone(tz.key, column), Date)
    offset = tz.utcoffset(dt.datetime(2026, 7, 1)) or dt.timedelta()  # one offset (sql.py)
    return func.date(column, f"{int(offset.total_seconds() // 60):+d} minutes")


def _local_year(column: Any, dialect: str, tz: ZoneInfo) -> ColumnElement[Any]:
    if dialect == "postgresql":
        return cast(func.extract("year", func.timezone(tz.key, column)), Integer)
    return cast(func.strftime("%Y", _local_date(column, dialect, tz)), Integer)


def _day(value: Any) -> dt.date:
    """A day read back (SQLite: ISO text, PostgreSQL: a date)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _columns(dialect: str) -> tuple[list[Any], list[Any], list[Any]]:
    """(count keys, processing keys, nominee sums) of one dossier, as SQL expressions."""
    tz = rollup_tz()
    no_day = literal(NO_DAY, Date)
    first_in = case(
        (and_(Dossier.received_at.is_not(None), Dossier.received_at < Dossier.submitted_at),
         Dossier.received_at),
        else_=Dossier.submitted_at,
    )
    returned = exists().where(DossierEvent.dossier_id == Dossier.id,
                              DossierEvent.to_status.in_(RETURNED))
    campaign = func.coalesce(Dossier.campaign_id, 0)
    year = case((Dossier.campaign_id.is_(None), _local_year(Dossier.created_at, dialect, tz)),
                else_=0)
    count_keys = [
        campaign, year, Dossier.unit_id, Dossier.award, Dossier.status,
        func.coalesce(Dossier.basis, NO_TEXT), Dossier.procedure,
        # Late is judged on the first of submission and receipt (`figures.late_condition`).
        case((Dossier.submitted_at.is_(None), no_day), else_=_local_date(first_in, dialect, tz)),
        func.coalesce(Dossier.sla_due_on, no_day),
        case((returned, 1), else_=0),
    ]
    processing_keys = [campaign, year, Dossier.unit_id,
                       _local_date(Dossier.received_at, dialect, tz), DECIDED_ON]
    return count_keys, processing_keys, [nominee_count(name) for name in NOMINEE_COUNTS]


def _count_key(row: Sequence[Any]) -> Key:
    campaign, year, unit, award, status, basis, procedure, submitted, due, returned = row
    return (int(campaign), int(year), int(unit), award, status, basis, procedure,
            _day(submitted), _day(due), int(returned))


def _processing_key(row: Sequence[Any]) -> Key | None:
    campaign, year, unit, received, decided = row
    if received is None or decided is None:
        return None
    return int(campaign), int(year), int(unit), _day(received), _day(decided)


async def _contributions(
    session: AsyncSession, ids: Collection[int], lock: bool = False
) -> tuple[Totals, Totals]:
    """What the dossiers `ids` add to each table now: ({count key: sums}, {processing key: n})."""
    counts: dict[Key, list[int]] = defaultdict(lambda: [0] * len(COUNT_SUMS))
    processing: dict[Key, list[int]] = defaultdict(lambda: [0])
    if not ids:
        return {}, {}
    count_keys, processing_keys, sums = _columns(_dialect(session))
    query = select(*count_keys, *processing_keys, *sums).where(Dossier.id.in_(sorted(ids)))
    if lock:  # PostgreSQL: the rows stay as read until the transaction ends
        query = query.with_for_update(of=Dossier)
    n_count, n_processing = len(count_keys), len(processing_keys)
    for row in (await session.execute(query)).all():
        totals = counts[_count_key(row[:n_count])]
        totals[0] += 1
        for i, value in enumerate(row[n_count + n_processing:], start=1):
            totals[i] += int(value or 0)
        key = _processing_key(row[n_count:n_count + n_processing])
        if key is not None:
            processing[key][0] += 1
    return ({k: tuple(v) for k, v in counts.items()},
            {k: tuple(v) for k, v in processing.items()})


def _difference(after: Totals, before: Totals) -> Totals:
    delta: Totals = {}
    for key in after.keys() | before.keys():
        new, old = after.get(key), before.get(key)
        width = len(new if new is not None else old or ())
        change = tuple((new[i] if new else 0) - (old[i] if old else 0) for i in range(width))
        if any(change):
            delta[key] = change
    return delta


@cache
def _upsert(dialect: str, table: Table, keys: tuple[str, ...], sums: tuple[str, ...]) -> Any:
    """`INSERT … ON CONFLICT (keys) DO UPDATE SET n = n + excluded.n`, built (and compiled) once."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: table.c[name] + statement.excluded[name] for name in sums},
    )


async def _increment(
    session: AsyncSession, table: Table, keys: tuple[str, ...], sums: tuple[str, ...],
    delta: Totals,
) -> None:
    """Add `delta` to `table` (sorted keys: one lock order for every writer)."""
    if not delta:
        return
    rows = [dict(zip(keys, key, strict=True)) | dict(zip(sums, change, strict=True))
            for key, change in sorted(delta.items())]
    await session.execute(_upsert(_dialect(session), table, keys, sums), rows)


async def _apply(session: AsyncSession, before: tuple[Totals, Totals],
                 after: tuple[Totals, Totals]) -> None:
    await _increment(session, COUNTS, COUNT_KEYS, COUNT_SUMS, _difference(after[0], before[0]))
    await _increment(session, PROCESSING, PROCESSING_KEYS, PROCESSING_SUMS,
                     _difference(after[1], before[1]))


# The columns a dossier's contribution depends on (`moved` takes them as read by the writer).
ROW_COLUMNS = ("campaign_id", "unit_id", "award", "status", "basis", "procedure", "created_at",
               "submitted_at", "received_at", "sla_due_on", "decided_on", *NOMINEE_COUNTS)


def row_columns() -> list[Any]:
    """`ROW_COLUMNS` of `dossiers`, e.g. for an UPDATE's RETURNING."""
    return [getattr(Dossier, name) for name in ROW_COLUMNS]


def _local_day(value: dt.datetime, dialect: str, tz: ZoneInfo) -> dt.date:
    """`_local_date` in Python (SQLite: the zone's one offset, as the SQL)."""
    if dialect == "postgresql":
        return value.astimezone(tz).date()
    offset = tz.utcoffset(dt.datetime(2026, 7, 1)) or dt.timedelta()
    return (value.astimezone(dt.UTC) + offset).date()


def _contribution_of(
    row: Mapping[str, Any], returned: bool, dialect: str
) -> tuple[Totals, Totals]:
    """What one dossier with the column values `row` adds (the Python twin of `_columns`)."""
    tz = rollup_tz()
    campaign = row["campaign_id"] or 0
    year = _local_day(row["created_at"], dialect, tz).year if row["campaign_id"] is None else 0
    submitted, received = row["submitted_at"], row["received_at"]
    first_in = (received if received is not None and submitted is not None
                and received < submitted else submitted)
    key = (campaign, year, row["unit_id"], row["award"], row["status"],
           row["basis"] if row["basis"] is not None else NO_TEXT, row["procedure"],
           NO_DAY if submitted is None else _local_day(first_in, dialect, tz),
           row["sla_due_on"] or NO_DAY, int(returned))
    counts = {key: (1, *(int(row[name] or 0) for name in NOMINEE_COUNTS))}
    if received is None or row["decided_on"] is None:
        return counts, {}
    processing = (campaign, year, row["unit_id"], _local_day(received, dialect, tz),
                  row["decided_on"])
    return counts, {processing: (1,)}


async def moved(
    session: AsyncSession,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    returned_before: bool,
    returned_after: bool,
) -> None:
    """A writer that already holds the dossier's `ROW_COLUMNS` before and after its change
    (read under its row lock, e.g. an UPDATE … RETURNING) moves it without reading it again."""
    dialect = _dialect(session)
    await _apply(session, _contribution_of(before, returned_before, dialect),
                 _contribution_of(after, returned_after, dialect))


@asynccontextmanager
async def tracking(session: AsyncSession, ids: Collection[int]) -> AsyncIterator[None]:
    """Around a change of the dossiers `ids`: the rollup follows it (same transaction)."""
    await session.flush()
    before = await _contributions(session, ids, lock=True)
    yield
    await session.flush()
    await _apply(session, before, await _contributions(session, ids))


async def added(session: AsyncSession, ids: Collection[int]) -> None:
    """After inserting the dossiers `ids` (and their first events)."""
    await session.flush()
    await _apply(session, ({}, {}), await _contributions(session, ids))


async def removed(session: AsyncSession, ids: Collection[int]) -> None:
    """Before deleting the dossiers `ids` (while their events still exist)."""
    await session.flush()
    await _apply(session, await _contributions(session, ids, lock=True), ({}, {}))


def _recount_queries(dialect: str) -> tuple[Any, Any]:
    count_keys, processing_keys, sums = _columns(dialect)
    # Grouped over a derived table: PostgreSQL groups by the EXISTS only as a plain column.
    rows = select(*(k.label(f"k{i}") for i, k in enumerate(count_keys)), *sums).subquery()
    keys = [rows.c[f"k{i}"] for i in range(len(count_keys))]
    counts = (select(*keys, func.count(), *(func.sum(rows.c[name]) for name in NOMINEE_COUNTS))
              .group_by(*keys))
    processing = (select(*processing_keys, func.count())
                  .where(Dossier.received_at.is_not(None), DECIDED_ON.is_not(None))
                  .group_by(*processing_keys))
    return counts, processing


async def rebuild(session: AsyncSession) -> None:
    """Recount both tables from the dossiers (bulk loads, repairs)."""
    await session.flush()
    dialect = _dialect(session)
    if dialect == "postgresql":
        # Writers' increments wait until the recount commits (SQLite: one writer anyway); a
        # writer whose dossier change is not committed yet adds its delta after it.
        await session.execute(text("LOCK TABLE report_counts, report_processing_counts "
                                   "IN SHARE ROW EXCLUSIVE MODE"))
    counts, processing = _recount_queries(dialect)
    await session.execute(delete(COUNTS))
    await session.execute(delete(PROCESSING))
    await session.execute(COUNTS.insert().from_select(list(COUNT_KEYS + COUNT_SUMS), counts))
    await session.execute(
        PROCESSING.insert().from_select(list(PROCESSING_KEYS + PROCESSING_SUMS), processing))


async def recount(session: AsyncSession) -> tuple[Totals, Totals]:
    """Both tables as the dossiers say they should be (no zero rows)."""
    counts, processing = _recount_queries(_dialect(session))
    n = len(COUNT_KEYS)
    want_counts = {_count_key(r[:n]): tuple(int(v or 0) for v in r[n:])
                   for r in (await session.execute(counts)).all()}
    want_processing: Totals = {}
    for r in (await session.execute(processing)).all():
        key = _processing_key(r[:-1])
        if key is not None:
            want_processing[key] = (int(r[-1]),)
    return want_counts, want_processing


async def stored(session: AsyncSession) -> tuple[Totals, Totals]:
    """Both tables as stored (rows whose dossiers went to zero left out)."""
    n = len(COUNT_KEYS)
    rows = await session.execute(select(COUNTS).where(COUNTS.c.dossiers != 0))
    have_counts = {_count_key(r[:n]): tuple(int(v) for v in r[n:]) for r in rows.all()}
    rows = await session.execute(select(PROCESSING).where(PROCESSING.c.dossiers != 0))
    have_processing: Totals = {}
    for r in rows.all():
        key = _processing_key(r[:-1])
        if key is not None:
            have_processing[key] = (int(r[-1]),)
    return have_counts, have_processing


async def differences(session: AsyncSession) -> list[tuple[str, Key, tuple[int, ...] | None,
                                                             tuple[int, ...] | None]]:
    """(table, key, stored, recounted) for every group where the rollup is wrong; [] if exact."""
    have, want = await stored(session), await recount(session)
    found = []
    for name, stored_rows, recounted in (("report_counts", have[0], want[0]),
                                         ("report_processing_counts", have[1], want[1])):
        for key in sorted(stored_rows.keys() | recounted.keys(), key=repr):
            if stored_rows.get(key) != recounted.get(key):
                found.append((name, key, stored_rows.get(key), recounted.get(key)))
    return found
