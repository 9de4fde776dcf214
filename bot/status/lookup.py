"""Reads for officers and reviewers: a dossier card, a unit's list, the reviewer queue, search.

Every read is authorised through `bot.status.access`; a dossier of a unit the user may not see
raises `DossierNotFound` exactly like a code that does not exist, so replies never reveal that
another unit's dossier exists (anti-enumeration). Queries use the indexes of the 1M-row design:
`dossiers.code` (unique), `(unit_id, updated_at)`, `(status, sla_due_on)` and the name index.

The reads are plain functions of a sync `Session`: `Database.read(fn, ...)` runs one of them in
a single hop (a worker thread on SQLite, the driver's greenlet on PostgreSQL) rather than a
thread hop per statement, and each fetches what it shows in one statement
(`bot.status.one_statement`, ADR 006); the dossier's manifest (the draft) is never loaded.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, false
from sqlalchemy.orm import Session

from bot.db.codes import parse_dossier_code
from bot.db.fast_read import FastLookup, PgReader
from bot.db.models import Dossier
from bot.errors import AccessDenied
from bot.status.access import Action, Principal, can, require
from bot.status.errors import DossierNotFound
from bot.status.expected import Expected, expected_date
from bot.status.one_statement import (
    CardRows,
    DossierRow,
    read_by_ids,
    read_card,
    read_card_pg,
    read_summaries,
    read_unit_page,
    summaries,
)
from bot.status.search import search_with_summaries
from bot.status.sla import SlaState, StatusPoint, compute_sla
from knowledge.loader import KnowledgeBase
from knowledge.workflow_schema import Clock, Side, TransitionDef

log = logging.getLogger("tdkt.status")
PAGE = 10
# States in which the reviewing body has the next move.
REVIEWER_TURN = (
    "submitted",
    "received",
    "appraising",
    "consulting",
    "council_review",
    "awaiting_decision",
    "forwarded_up",
)
# Decided or delivered: out of the queue, shown by its "done" filter.
DECIDED = ("approved", "not_approved", "delivered")
FINDING_SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class DossierSummary:
    code: str
    unit_id: int
    award: str
    status: str
    version: int
    updated_at: dt.datetime
    sla_due_on: dt.date | None
    campaign: str | None
    nominees: list[str]
    unit_name: str | None = None


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    from_status: str | None
    to_status: str
    actor: str | None
    note: str | None
    missing: list[str]


@dataclass(frozen=True)
class DossierCard:
    summary: DossierSummary
    unit_name: str
    history: list[HistoryLine]
    missing: list[str]
    sla: SlaState
    next_step: str
    actions: list[TransitionDef] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    # The one expected date (`bot.status.expected`), as the list, the push and inline show it.
    expected: Expected | None = None
    # While a supplement is requested: its deadline and who asked (name, unit).
    supplement_due: dt.date | None = None
    requested_by: str | None = None
    requested_by_user: int | None = None  # their Telegram user id (a tg://user link)
    # A "không khen thưởng" decision: its reason (None when none was recorded).
    refusal: str | None = None


def get_card(
    session: Session, principal: Principal, code_text: str, now: dt.datetime, tz: ZoneInfo,
    kb: KnowledgeBase,
) -> DossierCard:
    """The card of one dossier; `DossierNotFound` for unknown codes and other units' dossiers."""
    code = _code(code_text)
    return _card(read_card(session, code), principal, code, now, tz, kb)


async def _get_card_pg(
    pg: PgReader, principal: Principal, code_text: str, now: dt.datetime, tz: ZoneInfo,
    kb: KnowledgeBase,
) -> DossierCard:
    """`get_card` on PostgreSQL's fast path: the same statement, the same card."""
    code = _code(code_text)
    return _card(await read_card_pg(pg, code), principal, code, now, tz, kb)


# `Database.read_fast(CARD, principal, code, now, tz, kb)`: `get_card` in one read.
CARD = FastLookup(get_card, _get_card_pg)


def _code(code_text: str) -> str:
    return parse_dossier_code(code_text) or code_text.strip().upper()


def _card(
    rows: CardRows | None, principal: Principal, code: str, now: dt.datetime, tz: ZoneInfo,
    kb: KnowledgeBase,
) -> DossierCard:
    if rows is None:
        raise DossierNotFound(code)
    dossier = rows.dossier
    _require_view(principal, dossier.unit_id, code)
    history = [
        HistoryLine(
            e.at, e.from_status, e.to_status, e.actor, e.note,
            list((e.data or {}).get("missing", [])),
        )
        for e in rows.history
    ]
    today = now.astimezone(tz).date()
    workflow = kb.workflow.on(today)
    sla = compute_sla(
        [StatusPoint(h.at, h.to_status) for h in history],
        dossier.award,
        today,
        tz,
        workflow,
        kb.calendar,
        kb.sla,
    )
    missing = history[-1].missing if history and dossier.status == "needs_supplement" else []
    actions = [t for t in workflow.targets(dossier.status) if _may(principal, t, dossier.unit_id)]
    last = rows.history[-1] if rows.history else None
    last_data = (last.data or {}) if last is not None else {}
    asked = dossier.status == "needs_supplement"
    return DossierCard(
        _summary(dossier),
        rows.unit_name,
        history,
        missing,
        sla,
        workflow.state(dossier.status).next_step,
        actions,
        checker_findings(rows.findings),
        expected_date(dossier.status, dossier.sla_due_on, today, sla.due_on, workflow=workflow),
        _day(last_data.get("supplement_due")) if asked else None,
        str(last_data["requested_by"]) if asked and last_data.get("requested_by") else None,
        _user(last_data.get("requested_by_user")) if asked else None,
        (last.note if last is not None else None) if dossier.status == "not_approved" else None,
    )


def _user(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def unit_dossiers(
    session: Session, principal: Principal, unit_id: int, offset: int = 0, limit: int = PAGE
) -> list[DossierSummary]:
    """The unit's dossiers, most recently changed first (campaign grouping is the template's)."""
    require(principal, Action.VIEW, unit_id)
    return [_summary(d) for d in read_unit_page(session, unit_id, offset, limit)]


def reviewer_queue(
    session: Session,
    principal: Principal,
    kb: KnowledgeBase,
    offset: int = 0,
    limit: int = PAGE,
    today: dt.date | None = None,
    done: bool = False,
) -> list[DossierSummary]:
    """Dossiers awaiting the reviewing body in the reviewer's scope, in the order they need
    action: overdue (as of `today`) first, then new submissions and resubmissions, then by
    expected date. `done` gives the decided and delivered ones instead, latest change first.
    One statement per page (ADR 006): the unit's name comes with the row."""
    # A reviewer's own unit may lie outside their scope: any unit they may review will do.
    scope = () if principal.units is None else principal.units
    if not can(principal, Action.REVIEW, None) and not any(
        can(principal, Action.REVIEW, unit) for unit in scope
    ):
        raise AccessDenied("access_denied", action=Action.REVIEW.value, unit_id=principal.unit_id)
    if done:
        statement = summaries().where(Dossier.status.in_(DECIDED)).order_by(
            Dossier.updated_at.desc(), Dossier.id.desc()
        )
    else:
        statement = summaries().where(Dossier.status.in_(REVIEWER_TURN)).order_by(
            _urgency(today, kb), Dossier.sla_due_on.is_(None), Dossier.sla_due_on,
            Dossier.updated_at, Dossier.id,
        )
    statement = statement.offset(offset).limit(limit)
    if principal.units is not None:
        statement = statement.where(Dossier.unit_id.in_(sorted(principal.units)))
    return [_summary(d) for d in read_summaries(session, statement)]


def _urgency(today: dt.date | None, kb: KnowledgeBase) -> Any:
    """0 overdue (the appraisal clock runs and the expected date is past), 1 new submission or
    resubmission (no clock yet: nobody has taken it), 2 the rest."""
    workflow = kb.workflow.on(today or dt.date.today())
    running = [code for code in REVIEWER_TURN if workflow.clock(code) is Clock.RUNNING]
    overdue = (
        and_(Dossier.status.in_(running), Dossier.sla_due_on < today)
        if today is not None
        else false()
    )
    return case((overdue, 0), (Dossier.status == "submitted", 1), else_=2)


def search_dossiers(
    session: Session, principal: Principal, query: str, limit: int = 5
) -> list[DossierSummary]:
    """Dossiers whose nominee names best match `query` (fuzzy, no diacritics needed)."""
    if principal.units is not None and not principal.units:
        raise AccessDenied("access_denied", action=Action.VIEW.value, unit_id=None)
    found = search_with_summaries(session, query, principal.units, limit * 2, limit)
    order: list[int] = []
    for hit in found.hits:
        if hit.dossier_id not in order:
            order.append(hit.dossier_id)
    order = order[:limit]
    # On the fast path the summaries came with the names (one round trip); the slower paths,
    # and any dossier the statement did not summarise, are read here.
    rows = found.summaries
    missing = [i for i in order if i not in rows]
    if missing:
        rows = {**rows, **{d.id: d for d in read_by_ids(session, missing)}}
    return [_summary(rows[i]) for i in order if i in rows]


def checker_findings(findings: object) -> list[str]:
    """Messages of the dossier checker's errors and warnings stored on the dossier (if any)."""
    if not isinstance(findings, dict):
        return []
    items = findings.get("findings", [])
    out: list[str] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("severity") in FINDING_SEVERITIES:
            message = item.get("message") or item.get("fix") or item.get("kind")
            if isinstance(message, str) and message not in out:
                out.append(message)
    return out


def _require_view(principal: Principal, unit_id: int, code: str) -> None:
    try:
        require(principal, Action.VIEW, unit_id)
    except AccessDenied:
        # Logged (ids only), then answered exactly like an unknown code.
        log.info("refused read of dossier %s by officer %s", code, principal.officer_id)
        raise DossierNotFound(code) from None


def _may(principal: Principal, transition: TransitionDef, unit_id: int) -> bool:
    action = Action.ACT_FOR_UNIT if transition.by is Side.UNIT else Action.REVIEW
    return can(principal, action, unit_id)


def _summary(row: DossierRow) -> DossierSummary:
    return DossierSummary(
        row.code,
        row.unit_id,
        row.award,
        row.status,
        row.version,
        row.updated_at,
        row.sla_due_on,
        row.campaign,
        row.nominees,
        row.unit_name,
    )
