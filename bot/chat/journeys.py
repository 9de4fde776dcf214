"""The list of journeys, in the order they are asked to take free text."""

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
from bot.chat.router import Router


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
