"""Nominee counts stored on each dossier row, so the yearly report never joins the nominees.

`recount_nominees(session, dossier_ids)` recomputes the `NOMINEE_COUNTS` columns of the given
dossiers (or of every dossier) from their nominee rows, with one UPDATE. Call it in the same
transaction, after inserting, deleting or relinking nominees or setting their outcomes (the
report rollup, `bot.db.report_rollup`, follows in the same transaction; every dossier: rebuilt). A
nominee's leadership is counted as its person record says at that moment — the person's role
when nominated, which is what provincial reviews report.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

import bot.db.models_reports  # noqa: F401  (declares the count columns on `dossiers`)
from bot.db import report_rollup as rollup
from bot.db.models import Dossier, Nominee, Subject

INDIVIDUAL = "individual"


def _conditions() -> dict[str, list[ColumnElement[bool]]]:
    individual = Nominee.kind == INDIVIDUAL
    collective = Nominee.kind != INDIVIDUAL
    leader = Subject.is_leader.is_(True)
    non_leader = Subject.id.is_not(None) & Subject.is_leader.is_not(True)
    approved = Nominee.outcome == "approved"
    return {
        "nominees_individual": [individual],
        "nominees_collective": [collective],
        "nominees_leader": [individual, leader],
        "nominees_non_leader": [individual, non_leader],
        "nominees_decided": [Nominee.outcome.in_(("approved", "not_approved"))],
        "approved_individual": [approved, individual],
        "approved_collective": [approved, collective],
        "approved_leader": [approved, individual, leader],
        "approved_non_leader": [approved, individual, non_leader],
    }


async def recount_nominees(
    session: AsyncSession, dossier_ids: Collection[int] | None = None
) -> None:
    """Store the nominee counts of `dossier_ids` (None: every dossier) on their rows."""
    if dossier_ids is not None and not dossier_ids:
        return
    conditions = _conditions()
    values = {
        name: select(func.count())
        .select_from(Nominee)
        .outerjoin(Subject, Subject.id == Nominee.subject_id)
        .where(Nominee.dossier_id == Dossier.id, *where)
        .scalar_subquery()
        for name, where in conditions.items()
    }
    statement = update(Dossier).values(values).execution_options(synchronize_session=False)
    if dossier_ids is None:  # a bulk load: the report rollup is recounted with it
        await session.execute(statement)
        await rollup.rebuild(session)
        return
    async with rollup.tracking(session, dossier_ids):
        await session.execute(statement.where(Dossier.id.in_(sorted(dossier_ids))))
