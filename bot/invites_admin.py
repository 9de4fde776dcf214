"""Issuing invites from the command line: find the unit by code or (fuzzy) name, create the code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from bot.db.models import Unit
from bot.db.officers import create_invite
from bot.db.session import Database
from bot.errors import InputError
from bot.text import best_matches

# A fuzzy unit name is accepted only when it is clearly the best candidate.
ACCEPT_SCORE = 90.0


@dataclass(frozen=True)
class CreatedInvite:
    code: str
    role: str
    unit_name: str
    expires_at: dt.datetime
    link: str | None = None


async def find_unit(db: Database, text: str) -> Unit:
    """The unit whose code equals `text`, else whose name matches it unambiguously."""
    async with db.session() as session:
        units = list((await session.execute(select(Unit).where(Unit.active.is_(True)))).scalars())
    for unit in units:
        if unit.code.lower() == text.strip().lower():
            return unit
    by_id = {unit.id: unit for unit in units}
    matches = best_matches(text, {unit.id: [unit.name] for unit in units}, limit=3)
    if (
        matches
        and matches[0].score >= ACCEPT_SCORE
        and (len(matches) == 1 or matches[0].score - matches[1].score >= 3)
    ):
        return by_id[matches[0].key]
    raise InputError("unknown_unit", unit=text, candidates=[m.label for m in matches])


async def create_invite_for_unit(
    db: Database, unit_text: str, role: str, valid_for: dt.timedelta, now: dt.datetime
) -> CreatedInvite:
    unit = await find_unit(db, unit_text)
    async with db.session() as session, session.begin():
        invite = await create_invite(session, unit.id, role, None, now + valid_for, now)
        code = invite.code
    return CreatedInvite(code=code, role=role, unit_name=unit.name, expires_at=now + valid_for)
