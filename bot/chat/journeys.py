"""The list of journeys and what each main-menu button opens."""

from __future__ import annotations

from bot.chat import (
    common,
    dossier,
    eligibility,
    intents,
    people,
    reminders,
    reports,
    status,
)
from bot.chat.router import Action, Router


def menu_entry(key: str) -> Action | None:
    """The entry action of the journey behind main-menu button `key`."""
    entries: dict[str, Action] = {
        "elig": eligibility.start,
        "home": common.menu,
        "check": dossier.entry,
        "status": status.open_from_menu,
        "remind": reminders.entry,
    }
    return entries.get(key)


def build_router() -> Router:
    journeys = [
        common.JOURNEY,
        eligibility.JOURNEY,
        # Status before dossier: a reviewer's import file must not become a draft dossier
        # (status takes a file only when an import is open or the caption names one).
        status.JOURNEY,
        dossier.JOURNEY,
        reminders.JOURNEY,
        reports.JOURNEY,
        people.JOURNEY,
        intents.JOURNEY,
    ]
    return Router(journeys, fallback_text=intents.route, stale=common.stale_button)
