"""Find a person (or collective) of the officer's own unit, and their history as facts.

Only what the viewer may see is searched: an officer their unit, a reviewer their scope, an
admin everything. The history becomes the contracts §2 facts: ratings per year, the titles of
those years (a year with a rating is a year whose records we keep, so its title list is complete)
and the forms of commendation received.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bot.conversation.viewer import Role, Viewer
from bot.db.models import AwardRecord, Officer, Rating, Subject
from bot.db.session import Database
from bot.interview.records import sources_of
from bot.province import unit_province
from bot.text import best_matches
from knowledge.loader import KnowledgeBase
from knowledge.schema import Category

MAX_CANDIDATES = 5
MIN_SCORE = 70.0


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    detail: str | None


@dataclass(frozen=True)
class Record:
    """A subject's name, history as facts, and where each prefilled fact came from."""

    name: str
    facts: dict[str, Any]
    sources: dict[str, dict[str, Any]]


async def visible_units(db: Database, viewer: Viewer) -> list[int] | None:
    """Unit ids the viewer may search; None means every unit (admin)."""
    if viewer.role is Role.ADMIN:
        return None
    units = {viewer.unit_id} if viewer.unit_id is not None else set()
    if viewer.role is Role.REVIEWER and viewer.officer_id is not None:
        async with db.session() as session:
            officer = await session.get(Officer, viewer.officer_id)
        units.update(officer.scope or [] if officer else [])
    return sorted(units)


async def find_subjects(db: Database, viewer: Viewer, kind: str, text: str) -> list[Person]:
    """Best fuzzy matches of `text` among the subjects the viewer may see."""
    units = await visible_units(db, viewer)
    query = select(Subject).where(Subject.kind == kind, Subject.active.is_(True))
    if units is not None:
        query = query.where(Subject.unit_id.in_(units))
    async with db.session() as session:
        subjects = list((await session.execute(query)).scalars())
    by_id = {s.id: s for s in subjects}
    matches = best_matches(text, {s.id: [s.name] for s in subjects}, limit=MAX_CANDIDATES)
    return [
        Person(m.key, by_id[m.key].name, by_id[m.key].position)
        for m in matches
        if m.score >= MIN_SCORE
    ]


async def subject_facts(
    db: Database, kb: KnowledgeBase, viewer: Viewer, subject_id: int
) -> Record | None:
    """The subject's name, history as facts and their sources, or None if the viewer may not
    see them. Only reads: the interview corrects its own copy, never the records."""
    units = await visible_units(db, viewer)
    async with db.session() as session:
        subject = await session.get(Subject, subject_id)
        if subject is None or (units is not None and subject.unit_id not in units):
            return None
        ratings = list(
            (await session.execute(select(Rating).where(Rating.subject_id == subject_id))).scalars()
        )
        records = list(
            (
                await session.execute(
                    select(AwardRecord).where(
                        AwardRecord.subject_id == subject_id, AwardRecord.revoked.is_(False)
                    )
                )
            ).scalars()
        )
        province = await unit_province(session, subject.unit_id)
    facts = facts_of(kb, subject, ratings, records)
    if province:
        # The rules of the province of the person's unit apply (issue 11 item 9).
        facts["subject"]["province"] = province
    return Record(subject.name, facts, sources_of(kb, subject, ratings, records))


def facts_of(
    kb: KnowledgeBase, subject: Subject, ratings: list[Rating], records: list[AwardRecord]
) -> dict[str, Any]:
    person: dict[str, Any] = {"kind": subject.kind, "name": subject.name}
    if subject.kind == "individual":
        person["is_leader"] = subject.is_leader
        if subject.female is not None:
            person["female"] = subject.female
        if subject.category:
            person["category"] = subject.category
        if subject.service_start:
            person["service_start"] = subject.service_start.isoformat()
    years: dict[str, dict[str, Any]] = {
        str(r.year): {"rating": r.rating, "titles": []} for r in ratings
    }
    titles: dict[str, list[Any]] = defaultdict(list)
    forms: list[dict[str, Any]] = []
    for record in records:
        award = kb.awards.get(record.award)
        if award is not None and award.category is Category.TITLE:
            title: Any = {"award": record.award}
            if record.route:
                title["route"] = record.route
            titles[str(record.year)].append(title)
        else:
            forms.append(_form_of(record))
    for year, held in titles.items():
        years.setdefault(year, {})["titles"] = held
    facts: dict[str, Any] = {"subject": person, "years": years, "awards": forms}
    return facts


def _form_of(record: AwardRecord) -> dict[str, Any]:
    form: dict[str, Any] = {"award": record.award, "year": record.year, "revoked": record.revoked}
    if record.decided_on:
        form["decided_on"] = record.decided_on.isoformat()
    if record.achievement_from is not None:
        form["achievement_period"] = {
            "from": record.achievement_from,
            "to": record.achievement_to or record.year,
        }
    if record.basis:
        form["basis"] = record.basis
    return form
