"""What the status journey's actions share: who asks (one read), the lookup budget, the card read
and the pending change's flow row."""

from __future__ import annotations

import datetime as dt

from bot.conversation import sessions
from bot.conversation.turn import Turn
from bot.conversation.viewer import Role
from bot.render import Renderer, Reply
from bot.status import lookup
from bot.status.access import Principal
from bot.status.errors import DossierNotFound
from bot.status.lookup import DossierCard
from bot.status.lookup_budget import budgets
from bot.status.principal import principal_for

# A change waiting for the reviewer's typed reason (ADR 001).
FLOW = "status_change"


async def principal(turn: Turn) -> Principal:
    return await principal_for(turn)  # identify + resolve in one read


def guest(r: Renderer) -> list[Reply]:
    return [r.reply("common/needs_registration.j2")]


def today(turn: Turn) -> dt.date:
    return turn.now.astimezone(turn.services.settings.tz).date()


async def lookup_wait(turn: Turn) -> int:
    """Charge one lookup to the user's budget (shared by every instance, reconciled with the
    database in batches: `bot.status.lookup_budget`): 0 or seconds to wait."""
    return await budgets(turn.services.db).take(turn.user_id, turn.now)


async def gate(turn: Turn, who: Principal, charge: bool = True) -> list[Reply] | None:
    """The reply instead of a lookup: a guest's, or "too many" past the budget (when charged)."""
    r = turn.services.renderer
    if who.role is Role.GUEST:
        return guest(r)
    wait = await lookup_wait(turn) if charge else 0
    return [r.reply("status/too_many.j2", seconds=wait)] if wait else None


async def read_card(turn: Turn, who: Principal, code: str) -> DossierCard | None:
    """The dossier's card as `who` may see it; None when there is none to see."""
    services = turn.services
    try:
        return await services.db.read_fast(lookup.CARD, who, code, turn.now,
                                           services.settings.tz, services.kb)
    except DossierNotFound:
        return None


async def end(turn: Turn) -> None:
    await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
