"""`tdkt check-dossier --campaign C`: the campaign's deadline for the award, from the database.

A deadline written in the manifest wins. Without a database at hand (the configured SQLite file
does not exist — it is never created here — or the server does not answer) the code is passed on
as before, with whatever deadline the manifest gives; a server that does not answer is named in
`CampaignChoice.unreachable` so the command can say the late check ran without it. A code the
database does not know is bad input: InputError `unknown_campaign` (exit 2).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.config import Settings
from bot.db.errors import DatabaseUnavailable
from bot.db.session import Database
from bot.dossier.manifest import Manifest, ManifestCampaign
from bot.errors import InputError
from bot.reminders.deadlines import ApplicableDeadline, applicable_deadline, find_campaign
from knowledge.dossier_schema import DossierKB


@dataclass(frozen=True)
class CampaignChoice:
    option: str | ManifestCampaign | None  # what the check runs against
    from_db: ApplicableDeadline | None = None  # the database's deadline, when one was used
    unreachable: str | None = None  # the database host that did not answer


def campaign_option(settings: Settings, code: str | None, award: str | None,
                    manifest: Manifest, kb: DossierKB) -> CampaignChoice:
    """What to check the dossier against: a code, or a campaign with its database deadline."""
    if not code:
        return CampaignChoice(None)
    try:
        found = asyncio.run(_lookup(settings.database_url, code, award, kb))
    except DatabaseUnavailable as error:
        return CampaignChoice(code, unreachable=error.host)
    own = manifest.campaign
    if found is None or (own is not None and own.deadline is not None):
        return CampaignChoice(code)
    campaign = ManifestCampaign(code=found.code, deadline=found.deadline,
                                applies_to=list(found.applies_to))
    return CampaignChoice(campaign, found)


async def _lookup(url: str, code: str, award: str | None,
                  kb: DossierKB) -> ApplicableDeadline | None:
    db = Database(url)
    try:
        if db.backend == "sqlite" and (db.sqlite_path is None or not db.sqlite_path.exists()):
            return None
        await db.ping()  # DatabaseUnavailable: the caller says so and checks without it
        async with db.session() as session:
            if await find_campaign(session, code) is None:
                raise InputError("unknown_campaign", campaign=code)
            return await applicable_deadline(session, code, award, None, kb)
    finally:
        await db.dispose()
