"""`tdkt check-dossier --campaign C`: the campaign's deadline for the award, from the database.

A deadline written in the manifest wins. Without a database at hand (the configured SQLite file
does not exist — it is never created here — or the server does not answer) the code is passed on
as before, with whatever deadline the manifest gives. A code the database does not know is bad
input: InputError `unknown_campaign` (exit 2).
"""

from __future__ import annotations

import asyncio

from bot.config import Settings
from bot.db.errors import DatabaseUnavailable
from bot.db.session import Database
from bot.dossier.manifest import Campaign, Manifest
from bot.errors import InputError
from bot.reminders.deadlines import ApplicableDeadline, applicable_deadline, find_campaign


def campaign_option(settings: Settings, code: str | None, award: str | None,
                    manifest: Manifest) -> tuple[str | Campaign | None, ApplicableDeadline | None]:
    """What to check the dossier against (a code, or a campaign with its deadline), and the
    database's deadline when one was used."""
    if not code:
        return None, None
    found = asyncio.run(_lookup(settings.database_url, code, award))
    own = manifest.campaign
    if found is None or (own is not None and own.deadline is not None):
        return code, None
    campaign = Campaign(code=found.code, deadline=found.deadline, applies_to=list(found.applies_to))
    return campaign, found


async def _lookup(url: str, code: str, award: str | None) -> ApplicableDeadline | None:
    db = Database(url)
    try:
        if db.backend == "sqlite" and (db.sqlite_path is None or not db.sqlite_path.exists()):
            return None
        try:
            await db.ping()
        except DatabaseUnavailable:
            return None
        async with db.session() as session:
            if await find_campaign(session, code) is None:
                raise InputError("unknown_campaign", campaign=code)
            return await applicable_deadline(session, code, award, None)
    finally:
        await db.dispose()
