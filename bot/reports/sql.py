"""SQL building blocks of the report: the scope as a WHERE clause, local calendar dates.

Portable between SQLite and PostgreSQL: a UTC timestamp becomes a local date with
`date(ts, '+420 minutes')` on SQLite (timestamps are stored as UTC text) and
`(ts AT TIME ZONE 'Asia/Ho_Chi_Minh')::date` on PostgreSQL. Vietnam has kept UTC+7 without
daylight saving since 1975, so SQLite's fixed offset is exact there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, and_, cast, false, func, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.db.models import Dossier
from bot.reports.scope import ReportScope


def dialect_of(session: AsyncSession) -> str:
    """"sqlite" or "postgresql": the backend the session talks to."""
    return session.get_bind().dialect.name


def local_date(column: Any, scope: ReportScope, dialect: str) -> ColumnElement[Any]:
    """The local calendar date of an aware-UTC timestamp column, comparable to a `date`."""
    if dialect == "postgresql":
        return cast(func.timezone(scope.tz.key, column), Date)
    offset = scope.tz.utcoffset(dt.datetime(scope.year, 7, 1)) or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    return func.date(column, f"{minutes:+d} minutes")


def date_value(value: Any) -> dt.date | None:
    """A date read back from `local_date` (SQLite returns ISO text, PostgreSQL a date)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def period_parts(scope: ReportScope) -> list[ColumnElement[bool]]:
    """The scope's period as disjoint alternatives: its campaigns; dossiers of no campaign
    created in the year. Each alternative alone can search the report index by campaign."""
    parts: list[ColumnElement[bool]] = []
    if scope.campaign_ids:
        parts.append(Dossier.campaign_id.in_(scope.campaign_ids))
    if scope.with_uncampaigned:
        start, end = scope.year_bounds_utc()
        parts.append(
            and_(Dossier.campaign_id.is_(None), Dossier.created_at >= start,
                 Dossier.created_at < end)
        )
    return parts


def unit_where(scope: ReportScope) -> list[ColumnElement[bool]]:
    """The scope's units as a condition (none when the scope is every unit)."""
    if scope.unit_ids is None:
        return []
    return [Dossier.unit_id.in_(sorted(scope.unit_ids)) if scope.unit_ids else false()]


def dossier_where(scope: ReportScope) -> list[ColumnElement[bool]]:
    """Conditions selecting the dossiers of the scope (year/campaign and units)."""
    parts = period_parts(scope)
    return [or_(*parts) if parts else false(), *unit_where(scope)]


def local_day_start_utc(day: dt.date, scope: ReportScope) -> dt.datetime:
    """The instant (aware UTC) the local calendar `day` begins: `local_date(ts) >= day` is
    `ts >= local_day_start_utc(day)`, a plain comparison an index can serve."""
    return dt.datetime.combine(day, dt.time(), tzinfo=scope.tz).astimezone(dt.UTC)
