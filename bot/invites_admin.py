"""Issuing invites from the command line: find the unit by code or (fuzzy) name, create the code.

A reviewer's scope (`--scope`, contracts §1) is a list of units (code or name) and clusters
(cụm, khối thi đua, as written in `units.cluster`, diacritics optional): it is stored on the
invite and becomes the reviewer's scope when the code is redeemed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from bot.db.models import Unit
from bot.db.officers import create_invite
from bot.db.session import Database
from bot.errors import InputError
from bot.text import best_matches
from bot.text.normalize import fold

# A fuzzy unit name is accepted only when it is clearly the best candidate.
ACCEPT_SCORE = 90.0


@dataclass(frozen=True)
class CreatedInvite:
    code: str
    role: str
    unit_name: str
    expires_at: dt.datetime
    link: str | None = None
    scope_names: tuple[str, ...] = ()


def invite_link(bot_username: str | None, code: str) -> str | None:
    """The deep link that redeems `code` (`t.me/<bot>?start=inv_<code>`), when the bot's
    username is known."""
    name = (bot_username or "").strip().lstrip("@")
    return f"https://t.me/{name}?start=inv_{code}" if name else None


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


async def resolve_invite_scope(db: Database, texts: list[str]) -> tuple[list[int], list[str]]:
    """Unit ids (in order, no repeats) and display names of a scope given as units or clusters."""
    async with db.session() as session:
        rows = (await session.execute(
            select(Unit.id, Unit.cluster).where(Unit.active.is_(True)))).all()
    by_cluster: dict[str, tuple[str, list[int]]] = {}
    for unit_id, cluster in rows:
        if cluster:
            by_cluster.setdefault(fold(cluster), (cluster, []))[1].append(unit_id)
    ids: list[int] = []
    names: list[str] = []
    for text in texts:
        group = by_cluster.get(fold(text))
        found: list[int]
        if group is not None:
            names_here, found = group
        else:
            unit = await find_unit(db, text)
            found, names_here = [unit.id], unit.name
        ids.extend(unit_id for unit_id in found if unit_id not in ids)
        names.append(names_here)
    return ids, names


async def create_invite_for_unit(
    db: Database,
    unit_text: str,
    role: str,
    valid_for: dt.timedelta,
    now: dt.datetime,
    scope: list[str] | None = None,
    bot_username: str | None = None,
) -> CreatedInvite:
    if scope and role != "reviewer":
        raise InputError("invite_scope_role", role=role)
    unit = await find_unit(db, unit_text)
    scope_ids, scope_names = await resolve_invite_scope(db, scope) if scope else ([], [])
    async with db.session() as session, session.begin():
        invite = await create_invite(session, unit.id, role, None, now + valid_for, now,
                                     scope=scope_ids or None)
        code = invite.code
    return CreatedInvite(code=code, role=role, unit_name=unit.name, expires_at=now + valid_for,
                         link=invite_link(bot_username, code), scope_names=tuple(scope_names))
