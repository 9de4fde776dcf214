"""The card and the pages of dossiers, each read in ONE statement (one round trip).

On PostgreSQL a round trip is most of the cost of a lookup (0.45 ms median, ~2 ms p99 measured
on our 2-CPU machines), so (ADR 006):

- the card: the dossier, its nominees and its history come back together from a `UNION ALL` of
  three selects sharing one column layout (below); each branch uses its own index
  (`dossiers.code`, then `nominees.dossier_id`, `dossier_events (dossier_id, at)`). The result
  types come from the first (dossier) branch; the others cast NULL into the slots they leave.
- a page (a unit's list, the reviewer queue, search results): one select of summaries, each
  with its nominees folded into one string by `aggregate_strings` (string_agg on PostgreSQL,
  group_concat on SQLite), the nominee id in front of each name so their order is restored.
- a name search's fast path reads its hits and the summaries of the top dossiers together:
  `summaries_sql` is the same select as `summaries()` written as SQL text, to be joined to the
  search's own statement (`bot.status.search`); its rows are read by `summary_row`.

SQLite runs the same SQL.

Slots:      part  id          ref         num        at          day         s1     s2      s3      s4        s5         payload
dossier     0     dossier.id  unit_id     version    updated_at  sla_due_on  code   award   status  campaign  unit name  findings
nominee     1     nominee.id  dossier_id  -          -           -           name   -       -       -         -          -
event       2     event.id    dossier_id  -          at          -           from   to      actor   note      -          data
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    ColumnClause,
    CompoundSelect,
    Date,
    Integer,
    Select,
    String,
    Text,
    bindparam,
    cast,
    column,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from bot.db.coltypes import UTCDateTime
from bot.db.fast_read import PgReader, PgStatement
from bot.db.models import Campaign, Dossier, DossierEvent, Nominee, Officer, Unit

DOSSIER, NOMINEE, EVENT = 0, 1, 2
_FIELD, _ENTRY = "\x1f", "\x1e"  # ASCII unit / record separators (see `_names`)
_JSON = Dossier.findings.type


def _nulls(**types: Any) -> list[Any]:
    return [null().cast(kind).label(name) for name, kind in types.items()]


def _summary_columns() -> list[Any]:
    return [
        Dossier.id.label("id"),
        Dossier.unit_id.label("ref"),
        Dossier.version.label("num"),
        Dossier.updated_at.label("at"),
        Dossier.sla_due_on.label("day"),
        Dossier.code.label("s1"),
        Dossier.award.label("s2"),
        Dossier.status.label("s3"),
        Campaign.name.label("s4"),
    ]


def _dossier_branch(where: Any) -> Select[*tuple[Any, ...]]:
    return (
        select(
            literal(DOSSIER).label("part"),
            *_summary_columns(),
            Unit.name.label("s5"),
            Dossier.findings.label("payload"),
        )
        .join(Unit, Unit.id == Dossier.unit_id)
        .outerjoin(Campaign, Campaign.id == Dossier.campaign_id)
        .where(where)
    )


def _nominee_branch(dossier_ids: Any) -> Select[*tuple[Any, ...]]:
    return select(
        literal(NOMINEE),
        Nominee.id,
        Nominee.dossier_id,
        *_nulls(num=Integer, at=UTCDateTime(), day=Date),
        Nominee.name,
        *_nulls(s2=String, s3=String, s4=Text, s5=String, payload=_JSON),
    ).where(Nominee.dossier_id.in_(dossier_ids))


def _event_branch(dossier_ids: Any) -> Select[*tuple[Any, ...]]:
    return (
        select(
            literal(EVENT),
            DossierEvent.id,
            DossierEvent.dossier_id,
            *_nulls(num=Integer),
            DossierEvent.at,
            *_nulls(day=Date),
            DossierEvent.from_status,
            DossierEvent.to_status,
            Officer.full_name,
            DossierEvent.note,
            *_nulls(s5=String),
            DossierEvent.data,
        )
        .outerjoin(Officer, Officer.id == DossierEvent.actor_officer_id)
        .where(DossierEvent.dossier_id.in_(dossier_ids))
    )


def _card_statement() -> CompoundSelect[*tuple[Any, ...]]:
    by_code = Dossier.code == bindparam("code")
    ids = select(Dossier.id).where(by_code).scalar_subquery()
    return union_all(
        _dossier_branch(by_code), _nominee_branch(ids), _event_branch(ids)
    )


def summaries() -> Select[*tuple[Any, ...]]:
    """Dossier summaries, each with its nominees folded into one string ("id␟name␞…", put back
    in order by `_names`); callers add where / order by / limit. The folded names are a
    subquery in the select list, so they are computed only for the rows a LIMIT keeps."""
    entry = cast(Nominee.id, String) + literal(_FIELD) + Nominee.name
    names = (
        select(func.aggregate_strings(entry, _ENTRY))
        .where(Nominee.dossier_id == Dossier.id)
        .scalar_subquery()
    )
    return (
        select(*_summary_columns(), names.label("names"), Unit.name.label("unit_name"))
        .join(Unit, Unit.id == Dossier.unit_id)
        .outerjoin(Campaign, Campaign.id == Dossier.campaign_id)
    )


@dataclass(frozen=True)
class DossierRow:
    id: int
    unit_id: int
    version: int
    updated_at: dt.datetime
    sla_due_on: dt.date | None
    code: str
    award: str
    status: str
    campaign: str | None
    nominees: list[str] = field(default_factory=list)
    unit_name: str | None = None


@dataclass(frozen=True)
class EventRow:
    at: dt.datetime
    from_status: str | None
    to_status: str
    actor: str | None
    note: str | None
    data: Any


@dataclass(frozen=True)
class CardRows:
    dossier: DossierRow
    unit_name: str
    findings: Any
    history: list[EventRow]


_CARD = _card_statement()
_UNIT_PAGE = (
    summaries()
    .where(Dossier.unit_id == bindparam("unit_id"))
    .order_by(Dossier.updated_at.desc(), Dossier.id.desc())
    .offset(bindparam("offset"))
    .limit(bindparam("limit"))
)
_BY_IDS = summaries().where(Dossier.id.in_(bindparam("ids", expanding=True)))


def read_card(session: Session, code: str) -> CardRows | None:
    """The dossier with this code, its nominees and its history (oldest first), or None."""
    # Core on the session's connection: the statement selects columns, no ORM step is needed.
    return card_rows(session.connection().execute(_CARD, {"code": code}))


_CARD_PG = PgStatement(_CARD)


async def read_card_pg(pg: PgReader, code: str) -> CardRows | None:
    """`read_card` on PostgreSQL's fast path (`Database.read_fast`): the same statement."""
    return card_rows(await pg.rows(_CARD_PG, {"code": code}))


def card_rows(rows: Iterable[Any]) -> CardRows | None:
    """The card's rows put together (see the module docstring for the slots)."""
    head: Any = None
    nominees: list[tuple[int, str]] = []
    events: list[tuple[dt.datetime, int, EventRow]] = []
    for row in rows:
        if row.part == DOSSIER:
            head = row
        elif row.part == NOMINEE:
            nominees.append((row.id, row.s1))
        else:
            event = EventRow(row.at, row.s1, row.s2, row.s3, row.s4, row.payload)
            events.append((row.at, row.id, event))
    if head is None:
        return None
    dossier = _dossier_row(head, [name for _, name in sorted(nominees)])
    history = [event for _, _, event in sorted(events, key=lambda e: (e[0], e[1]))]
    return CardRows(dossier, head.s5, head.payload, history)


def read_unit_page(session: Session, unit_id: int, offset: int, limit: int) -> list[DossierRow]:
    """One page of a unit's dossiers, most recently changed first."""
    params = {"unit_id": unit_id, "offset": offset, "limit": limit}
    return read_summaries(session, _UNIT_PAGE, params)


def read_by_ids(session: Session, ids: list[int]) -> list[DossierRow]:
    """The dossiers with these ids, in the order given (unknown ids are left out)."""
    if not ids:
        return []
    by_id = {d.id: d for d in read_summaries(session, _BY_IDS, {"ids": ids})}
    return [by_id[i] for i in ids if i in by_id]


def read_summaries(
    session: Session, statement: Select[*tuple[Any, ...]], params: dict[str, Any] | None = None
) -> list[DossierRow]:
    """The rows of a `summaries()` statement, in its order."""
    return [summary_row(row) for row in session.connection().execute(statement, params)]


def summary_row(row: Any) -> DossierRow:
    """A dossier summary from a row of `summaries()` or `summaries_sql`."""
    return replace(_dossier_row(row, _names(row.names)), unit_name=row.unit_name)


# `summaries()` as SQL text, for statements written as text (`bot.status.search`). The tables
# are given aliases of their own so the text can sit inside a larger statement.
_SUMMARIES_SQL = (
    "SELECT sd.id AS id, sd.unit_id AS ref, sd.version AS num, sd.updated_at AS at,"
    " sd.sla_due_on AS day, sd.code AS s1, sd.award AS s2, sd.status AS s3, sc.name AS s4,"
    " (SELECT {aggregate}(CAST(sn.id AS VARCHAR) || '{field}' || sn.name, '{entry}')"
    f" FROM {Nominee.__tablename__} AS sn WHERE sn.dossier_id = sd.id) AS names,"
    " su.name AS unit_name"
    f" FROM {Dossier.__tablename__} AS sd JOIN {Unit.__tablename__} AS su ON su.id = sd.unit_id"
    f" LEFT OUTER JOIN {Campaign.__tablename__} AS sc ON sc.id = sd.campaign_id"
    " WHERE sd.id IN ({ids})"
)
# string_agg is SQLite's only from 3.44; group_concat is SQLite's alone.
_AGGREGATE = {"postgresql": "string_agg", "sqlite": "group_concat"}


def summaries_sql(dialect: str, ids: str) -> str:
    """`summaries()` as SQL text for `dialect`, for the dossiers whose ids the SQL `ids` selects
    (in no order); the column names are `summary_columns()`'s."""
    return _SUMMARIES_SQL.format(
        aggregate=_AGGREGATE[dialect], field=_FIELD, entry=_ENTRY, ids=ids
    )


def summary_columns() -> list[ColumnClause[Any]]:
    """The typed columns of `summaries_sql`, in order (for `TextClause.columns`)."""
    return [
        column("id", Integer),
        column("ref", Integer),
        column("num", Integer),
        column("at", UTCDateTime()),
        column("day", Date),
        column("s1", String),
        column("s2", String),
        column("s3", String),
        column("s4", Text),
        column("names", Text),
        column("unit_name", String),
    ]


def _dossier_row(row: Any, nominees: list[str]) -> DossierRow:
    return DossierRow(
        row.id, row.ref, row.num, row.at, row.day, row.s1, row.s2, row.s3, row.s4, nominees
    )


def _names(folded: str | None) -> list[str]:
    """The nominees folded by `summaries()`, in the order they were added."""
    entries: list[tuple[int, str]] = []
    for entry in (folded or "").split(_ENTRY):
        number, _, name = entry.partition(_FIELD)
        if number.isdigit():
            entries.append((int(number), name))
        elif entries:  # a separator inside a name (imported text): keep the text, not a crash
            entries[-1] = (entries[-1][0], entries[-1][1] + _ENTRY + entry)
    return [name for _, name in sorted(entries)]
