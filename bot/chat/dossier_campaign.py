"""Which campaign a chat draft is for, so the check (`dossier.check`) uses its deadline.

The officer's unit may take part in open campaigns (last deadline today or later). With two or
more, the check first asks which one (or none); with exactly one, it is used without asking.
The choice is kept in the draft's `data["campaign"]` (the flow row, ADR 001): a campaign code,
or "" for "none". The deadline itself is read again at every check, so a moved deadline counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.conversation.callbacks import StaleButton, encode
from bot.db.session import Database
from bot.dossier.manifest import ManifestCampaign
from bot.reminders.deadlines import (
    ApplicableDeadline,
    OpenCampaign,
    applicable_deadline,
    open_campaigns,
)
from bot.render import Button, Renderer, Reply
from knowledge.dossier_schema import DossierKB

KEY = "campaign"
NONE = ""
NONE_BUTTON = "-"
MAX_LABEL = 60


def chosen(data: dict[str, Any]) -> str | None:
    """The stored choice: a campaign code, NONE, or None when the officer was not asked yet."""
    value = data.get(KEY)
    return value if isinstance(value, str) else None


def with_choice(data: dict[str, Any], code: str) -> dict[str, Any]:
    """New draft data recording the choice; the last result no longer holds."""
    new = {**data, KEY: code}
    new.pop("result", None)
    return new


async def open_for(db: Database, unit_id: int | None, today: dt.date) -> list[OpenCampaign]:
    if unit_id is None:
        return []
    async with db.session() as session:
        return await open_campaigns(session, unit_id, today)


async def to_offer(db: Database, data: dict[str, Any], unit_id: int | None,
                   today: dt.date) -> list[OpenCampaign]:
    """The open campaigns to choose from: none when the officer has already chosen."""
    return [] if chosen(data) is not None else await open_for(db, unit_id, today)


def question(r: Renderer, prefix: str, offered: list[OpenCampaign]) -> Reply | None:
    """The "which campaign?" question, when there is a choice to make."""
    if len(offered) < 2:
        return None
    rows = [[Button(c.name[:MAX_LABEL], encode(prefix, "cp", c.id))] for c in offered]
    rows.append([r.button("dossier.campaign_none", encode(prefix, "cp", NONE_BUTTON))])
    return r.reply("dossier_chat/ask_campaign.j2", buttons=rows, campaigns=offered)


async def choice_from_button(db: Database, unit_id: int | None, today: dt.date,
                             value: str) -> str:
    """The code the tapped button stands for (NONE for "none"); StaleButton if the campaign is
    no longer open to the unit."""
    if value == NONE_BUTTON:
        return NONE
    for campaign in await open_for(db, unit_id, today):
        if str(campaign.id) == value:
            return campaign.code
    raise StaleButton(value)


async def deadline(db: Database, data: dict[str, Any], offered: list[OpenCampaign],
                   unit_id: int | None, award: str | None,
                   kb: DossierKB) -> ApplicableDeadline | None:
    """The deadline the check uses: the chosen campaign's, or the only one offered."""
    code = chosen(data)
    if code is None:
        code = offered[0].code if len(offered) == 1 else NONE
    if code == NONE:
        return None
    async with db.session() as session:
        return await applicable_deadline(session, code, award, unit_id, kb)


def as_manifest(found: ApplicableDeadline) -> ManifestCampaign:
    return ManifestCampaign(code=found.code, deadline=found.deadline,
                            applies_to=list(found.applies_to))


def as_stored(found: ApplicableDeadline | None) -> dict[str, str] | None:
    """The campaign line of a stored result (JSON)."""
    if found is None:
        return None
    return {"name": found.name, "code": found.code, "deadline": found.deadline.isoformat()}


def from_stored(stored: dict[str, Any] | None) -> dict[str, Any] | None:
    """The summary's `campaign` parameter from a stored result."""
    if not stored:
        return None
    return {**stored, "deadline": dt.date.fromisoformat(stored["deadline"])}
