"""The list of journeys and what each main-menu button opens."""

from __future__ import annotations

from bot.chat import common, dossier, eligibility, status
from bot.chat.router import Action, Router
from bot.chat.turn import Turn
from bot.render import Reply


def _not_yet(feature_key: str) -> Action:
    async def action(turn: Turn) -> list[Reply]:
        r = turn.services.renderer
        return [r.reply("common/not_yet.j2", feature=r.label(feature_key))]

    return action


def menu_entry(key: str) -> Action | None:
    """The entry action of the journey behind main-menu button `key`."""
    entries: dict[str, Action] = {
        "elig": eligibility.start,
        "home": common.menu,
        "check": dossier.entry,
        "status": status.open_from_menu,
        "remind": _not_yet("menu.remind"),
    }
    return entries.get(key)


def build_router() -> Router:
    journeys = [common.JOURNEY, eligibility.JOURNEY, dossier.JOURNEY, status.JOURNEY]
    return Router(journeys, fallback_text=common.not_understood, stale=common.stale_button)
