"""What an officer or a reviewer asks to see: their list (which one is decided in `show_list`
only), a search by name, one dossier's card."""

from __future__ import annotations

from enum import StrEnum

from bot.chat.status import views
from bot.chat.status.shared import gate, guest, principal, read_card, today
from bot.conversation.turn import Turn
from bot.conversation.viewer import Role
from bot.db.codes import parse_dossier_code
from bot.errors import AccessDenied
from bot.render import Reply
from bot.status import lookup
from bot.status.access import Action, Principal, can
from bot.transfer.imports import importable_kinds


class Wanted(StrEnum):
    UNIT = "unit"
    QUEUE = "queue"


async def open_from_menu(turn: Turn) -> list[Reply]:
    """Main-menu "status": reviewers and admins get their queue, officers their unit's list."""
    who = await principal(turn)
    wanted = Wanted.QUEUE if who.role in (Role.REVIEWER, Role.ADMIN) else Wanted.UNIT
    return await show_list(turn, wanted, 0, who)


async def show_list(turn: Turn, wanted: Wanted, offset: int, who: Principal | None = None,
                    done: bool = False) -> list[Reply]:
    """The list asked for when the principal may see it, else the other one, else none: the
    unit's list needs the unit in view (an admin has no unit, a reviewer's own unit may lie
    outside their scope); the queue needs a unit to review."""
    who = who or await principal(turn)
    if who.role is Role.GUEST:
        return guest(turn.services.renderer)
    if wanted is Wanted.UNIT and _sees_own_unit(who):
        return await _unit_page(turn, who, offset)
    try:
        return await _queue_page(turn, who, offset if wanted is Wanted.QUEUE else 0, done)
    except AccessDenied:
        pass  # reviews nowhere
    if _sees_own_unit(who):
        return await _unit_page(turn, who, 0)
    return guest(turn.services.renderer)


def _sees_own_unit(who: Principal) -> bool:
    return who.unit_id is not None and can(who, Action.VIEW, who.unit_id)


async def _unit_page(turn: Turn, who: Principal, offset: int) -> list[Reply]:
    assert who.unit_id is not None  # `_sees_own_unit`
    s = turn.services
    items = await s.db.read(lookup.unit_dossiers, who, who.unit_id, offset)
    return [views.unit_list(s.renderer, s.kb, today(turn), items, offset)]


async def _queue_page(turn: Turn, who: Principal, offset: int, done: bool) -> list[Reply]:
    """A page of the reviewer's queue; AccessDenied for one who reviews no unit."""
    s, day = turn.services, today(turn)
    items = await s.db.read(lookup.reviewer_queue, who, s.kb, offset, lookup.PAGE, day, done)
    importable = bool(importable_kinds(who))
    return [views.queue(s.renderer, s.kb, day, items, offset, done, importable)]


async def lookup_text(turn: Turn, query: str, who: Principal | None = None) -> list[Reply]:
    """A code opens the card; anything else is a fuzzy nominee-name search."""
    who = who or await principal(turn)
    refused = await gate(turn, who)
    if refused:
        return refused
    code = parse_dossier_code(query)
    if code is not None:
        return await card(turn, code, who, charge=False)
    s = turn.services
    items = await s.db.read(lookup.search_dossiers, who, query)
    return [views.search(s.renderer, s.kb, today(turn), items, query)]


async def card(turn: Turn, code: str, who: Principal | None = None, *, charge: bool = True,
               edit: bool = False) -> list[Reply]:
    """One dossier's card (a lookup charged to the budget unless the caller charged it)."""
    who = who or await principal(turn)
    refused = await gate(turn, who, charge)
    if refused:
        return refused
    found = await read_card(turn, who, code)
    r = turn.services.renderer
    if found is None:
        return [r.reply("status/not_found.j2", code=code)]
    return [views.card(r, turn.services.kb, today(turn), found, edit)]
