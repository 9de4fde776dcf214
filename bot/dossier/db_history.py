"""The checker's `History` from the database: nominees of the same campaign, and prior awards.

The checker is synchronous and the database is async, so `load_history` reads what one check
can ask about (the campaign's nominees, the awards of people with the manifest's names and, given
the knowledge base, their history as eligibility facts) into an `InMemoryHistory` first, in a few
batched queries per 500 names, never one per nominee. Prior awards are looked up only inside the
officer's own unit: a namesake in another unit is someone else, and guests see no unit data. Two
people of the unit with one name give no facts (the checker cannot tell which one is proposed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select

from bot.db.models import AwardRecord, Campaign, Dossier, Nominee, Rating, Subject, Unit
from bot.db.session import Database
from bot.dossier.history import CampaignEntry, InMemoryHistory
from bot.dossier.manifest import Manifest, Period, PriorAward
from bot.text.normalize import fold
from knowledge.loader import KnowledgeBase

CHUNK = 500


async def load_history(db: Database, manifest: Manifest, unit_id: int | None,
                       kb: KnowledgeBase | None = None) -> InMemoryHistory:
    """What the check of `manifest` may ask; with `kb`, also each nominee's facts (contracts §2,
    built by the interview's own `facts_of`)."""
    history = InMemoryHistory()
    campaign = manifest.campaign.code if manifest.campaign else None
    async with db.session() as session:
        if campaign:
            entries = await session.execute(
                select(Nominee.name, Dossier.code, Unit.name, Dossier.award)
                .join(Dossier, Dossier.id == Nominee.dossier_id)
                .join(Campaign, Campaign.id == Dossier.campaign_id)
                .join(Unit, Unit.id == Dossier.unit_id)
                .where(Campaign.code == campaign, Dossier.status != "withdrawn")
            )
            history.campaigns[campaign] = [
                CampaignEntry(name=name, dossier=code, unit=unit, award=award)
                for name, code, unit, award in entries
            ]
        if unit_id is None:
            return history
        names = sorted({fold(n.name) for n in manifest.nominees if n.name})
        for start in range(0, len(names), CHUNK):
            chunk: Sequence[str] = names[start:start + CHUNK]
            subjects = list((await session.execute(
                select(Subject).where(Subject.unit_id == unit_id, Subject.name_folded.in_(chunk))
            )).scalars())
            ids = [s.id for s in subjects]
            records = list((await session.execute(
                select(AwardRecord).where(AwardRecord.subject_id.in_(ids))
            )).scalars()) if ids else []
            ratings = list((await session.execute(
                select(Rating).where(Rating.subject_id.in_(ids))
            )).scalars()) if ids and kb is not None else []
            _remember(history, subjects, records, ratings, kb)
    return history


def _remember(history: InMemoryHistory, subjects: list[Subject], records: list[AwardRecord],
              ratings: list[Rating], kb: KnowledgeBase | None) -> None:
    from bot.interview.prefill import facts_of  # the one place history becomes facts

    folded_of = {s.id: s.name_folded for s in subjects}
    by_subject: dict[int, list[AwardRecord]] = defaultdict(list)
    for record in records:
        history.awards.setdefault(folded_of[record.subject_id], []).append(_prior(record))
        by_subject[record.subject_id].append(record)
    if kb is None:
        return
    rated: dict[int, list[Rating]] = defaultdict(list)
    for rating in ratings:
        rated[rating.subject_id].append(rating)
    namesakes: dict[str, list[Subject]] = defaultdict(list)
    for subject in subjects:
        namesakes[subject.name_folded].append(subject)
    for folded, people in namesakes.items():
        if len(people) != 1:
            continue
        person = people[0]
        kept = [r for r in by_subject[person.id] if not r.revoked]
        history.facts[folded] = facts_of(kb, person, rated[person.id], kept)


def _prior(record: AwardRecord) -> PriorAward:
    period = None
    if record.achievement_from is not None or record.achievement_to is not None:
        period = Period.model_validate({
            "from": record.achievement_from or record.achievement_to,
            "to": record.achievement_to or record.achievement_from,
        })
    return PriorAward(award=record.award, year=record.year, decision=record.decision_no,
                      basis=record.basis, achievement_period=period, revoked=record.revoked)
