"""Small helpers of the reminders journey: dates in the bot's zone, the form's flow row, who
is staff and their scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.conversation import sessions
from bot.conversation.turn import Turn
from bot.conversation.viewer import Role, Viewer
from bot.identify import identify
from bot.reminders.plan import ReminderPlan
from bot.status.access import Principal, resolve

FLOW = "remind"
STAFF = (Role.REVIEWER, Role.ADMIN)


def tz(turn: Turn) -> str:
    return turn.services.settings.timezone


def today(turn: Turn) -> dt.date:
    return turn.now.astimezone(ReminderPlan(timezone=tz(turn)).tz).date()


def plan_ctx(plan: ReminderPlan) -> dict[str, Any]:
    days = ", ".join(str(o) for o in plan.offsets)
    return {"plan_days": days, "send_at": f"{plan.send_at:%H:%M}"}


def deadlines(answers: dict[str, Any]) -> list[tuple[str, dt.date]]:
    return [(g, dt.date.fromisoformat(d)) for g, d in answers.get("deadlines", [])]


async def save(turn: Turn, answers: dict[str, Any]) -> None:
    await sessions.update_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW,
                               lambda _: sessions.FlowState(answers=answers), turn.now)


async def end(turn: Turn) -> None:
    await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)


async def staff(turn: Turn) -> Viewer | None:
    viewer = await identify(turn)
    return viewer if viewer.role in STAFF else None


async def principal(turn: Turn, viewer: Viewer) -> Principal:
    async with turn.services.db.session() as session:
        return await resolve(session, viewer)
