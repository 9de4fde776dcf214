"""Exemplary candidates: people of a unit or scope whose history puts a higher award within reach
this year, with what is still missing — so officers find them before the deadline, not after.

The database picks the people with the strongest recent record (titles and forms of the last
years, "hoàn thành xuất sắc" ratings) in one GROUP BY; the eligibility engine's path to the next
award (`bot.eligibility.next_awards`) then decides, for each of them, which award is reachable by
the target year and what is missing. The engine is CPU work, so it runs in a worker thread and
only on a bounded number of people (`limit`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AwardRecord, Rating, Subject, Unit
from bot.eligibility import EligibilityError, FactsError, Need, next_awards
from bot.interview.prefill import facts_of  # the one place history becomes facts
from bot.province import unit_province
from knowledge.loader import KnowledgeBase

RECENT_YEARS = 5
DEFAULT_LIMIT = 25


@dataclass(frozen=True)
class AwardCandidate:
    subject_id: int
    name: str
    unit_name: str
    award: str
    earliest_year: int
    needs: tuple[Need, ...]

    def to_json(self) -> dict[str, Any]:
        return {"subject_id": self.subject_id, "name": self.name, "unit": self.unit_name,
                "award": self.award, "earliest_year": self.earliest_year,
                "needs": [n.text for n in self.needs]}


async def exemplary_candidates(
    session: AsyncSession,
    kb: KnowledgeBase,
    unit_ids: frozenset[int] | None,
    target_year: int,
    as_of: dt.date,
    *,
    limit: int = DEFAULT_LIMIT,
    province: str | None = None,
    from_year: int | None = None,
) -> list[AwardCandidate]:
    """People of `unit_ids` (None: all) for whom a higher award is reachable by `target_year`,
    the highest-ranked such award each, fewest needs first. `from_year` is the first
    achievement year worth suggesting (the emulation year under way: in December, not the
    year before, whose round is over); default: the year before `as_of`."""
    shortlist = await _shortlist(session, unit_ids, target_year, limit)
    if not shortlist:
        return []
    facts = await _facts_for(session, kb, [s for s, _, _ in shortlist], as_of)
    if from_year is not None:
        for one in facts.values():
            one["evaluation_year"] = min(from_year, target_year)
    found: list[AwardCandidate] = []
    for subject_id, name, unit_name in shortlist:
        if subject_id not in facts:
            continue
        step = await asyncio.to_thread(_best_step, kb, facts[subject_id], target_year, province)
        if step is not None:
            award, year, needs = step
            found.append(AwardCandidate(subject_id, name, unit_name, award, year, needs))
    return sorted(found, key=lambda c: (len(c.needs), -kb.awards[c.award].rank, c.name))


def _best_step(
    kb: KnowledgeBase, facts: dict[str, Any], target_year: int, province: str | None
) -> tuple[str, int, tuple[Need, ...]] | None:
    try:
        steps = next_awards(kb, facts, province=province, until_year=target_year)
    except (FactsError, EligibilityError):
        return None
    reachable = [s for s in steps if s.earliest_year is not None and s.earliest_year <= target_year]
    if not reachable:
        return None
    best = max(reachable, key=lambda s: (kb.awards[s.award].rank, -len(s.needs)))
    assert best.earliest_year is not None
    return best.award, best.earliest_year, best.needs


async def _shortlist(
    session: AsyncSession, unit_ids: frozenset[int] | None, target_year: int, limit: int
) -> list[tuple[int, str, str]]:
    """The `limit` individuals with the most recent titles, forms and excellent ratings."""
    since = target_year - RECENT_YEARS
    records = (
        select(AwardRecord.subject_id.label("sid"), func.count().label("n"))
        .where(AwardRecord.year >= since, AwardRecord.revoked.is_(False))
        .group_by(AwardRecord.subject_id)
        .subquery()
    )
    excellent = (
        select(Rating.subject_id.label("sid"),
               func.sum(case((Rating.rating == "hoan_thanh_xuat_sac", 1), else_=0)).label("n"))
        .where(Rating.year >= since)
        .group_by(Rating.subject_id)
        .subquery()
    )
    strength = func.coalesce(records.c.n, 0) * 2 + func.coalesce(excellent.c.n, 0)
    query = (
        select(Subject.id, Subject.name, Unit.name)
        .join(Unit, Unit.id == Subject.unit_id)
        .outerjoin(records, records.c.sid == Subject.id)
        .outerjoin(excellent, excellent.c.sid == Subject.id)
        .where(Subject.kind == "individual", Subject.active.is_(True), strength > 0)
        .order_by(strength.desc(), Subject.id)
        .limit(limit)
    )
    if unit_ids is not None:
        query = query.where(Subject.unit_id.in_(sorted(unit_ids)))
    return [(int(i), n, u) for i, n, u in (await session.execute(query)).all()]


async def _facts_for(
    session: AsyncSession, kb: KnowledgeBase, ids: Sequence[int], as_of: dt.date
) -> dict[int, dict[str, Any]]:
    """Eligibility facts of several people, from three queries."""
    subjects = {s.id: s for s in (await session.execute(
        select(Subject).where(Subject.id.in_(ids)))).scalars()}
    ratings: dict[int, list[Rating]] = defaultdict(list)
    found = await session.execute(select(Rating).where(Rating.subject_id.in_(ids)))
    for rating in found.scalars():
        ratings[rating.subject_id].append(rating)
    records: dict[int, list[AwardRecord]] = defaultdict(list)
    rows = await session.execute(
        select(AwardRecord).where(AwardRecord.subject_id.in_(ids), AwardRecord.revoked.is_(False))
    )
    for record in rows.scalars():
        records[record.subject_id].append(record)
    provinces: dict[int, str | None] = {}
    for unit_id in {s.unit_id for s in subjects.values()}:
        provinces[unit_id] = await unit_province(session, unit_id)
    result = {}
    for subject_id, subject in subjects.items():
        facts = facts_of(kb, subject, ratings[subject_id], records[subject_id])
        facts["as_of"] = as_of.isoformat()
        if provinces.get(subject.unit_id):
            # The rules of the province of the person's unit (issue 11 item 9).
            facts["subject"]["province"] = provinces[subject.unit_id]
        result[subject_id] = facts
    return result
