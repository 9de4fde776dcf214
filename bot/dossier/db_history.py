"""The checker's `History` from the database: nominees of the same campaign, and prior awards.

The checker is synchronous and the database is async, so `load_history` reads what one check
can ask about (the campaign's nominees and the awards of people with the manifest's names) into
an `InMemoryHistory` first. Prior awards are looked up only inside the officer's own unit: a
namesake in another unit is someone else, and guests see no unit data.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from bot.db.models import AwardRecord, Campaign, Dossier, Nominee, Subject, Unit
from bot.db.session import Database
from bot.dossier.history import CampaignEntry, InMemoryHistory
from bot.dossier.manifest import Manifest, Period, PriorAward
from bot.text.normalize import fold

CHUNK = 500


async def load_history(db: Database, manifest: Manifest, unit_id: int | None) -> InMemoryHistory:
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
            awards = await session.execute(
                select(Subject.name_folded, AwardRecord)
                .join(AwardRecord, AwardRecord.subject_id == Subject.id)
                .where(Subject.unit_id == unit_id, Subject.name_folded.in_(chunk))
            )
            for folded, record in awards:
                history.awards.setdefault(folded, []).append(_prior(record))
    return history


def _prior(record: AwardRecord) -> PriorAward:
    period = None
    if record.achievement_from is not None or record.achievement_to is not None:
        period = Period.model_validate({
            "from": record.achievement_from or record.achievement_to,
            "to": record.achievement_to or record.achievement_from,
        })
    return PriorAward(award=record.award, year=record.year, decision=record.decision_no,
                      basis=record.basis, achievement_period=period, revoked=record.revoked)
