"""Small helpers of the dossier-check journey: the `dossier` flow row, dates, the draft built
in a worker process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from bot import jobs
from bot.chat.dossier import views
from bot.chat.heavy import offload
from bot.conversation import sessions
from bot.conversation.turn import Turn
from bot.dossier import checklist as cl
from bot.dossier import draft as dr
from bot.render import Reply
from knowledge.dossier_schema import DossierKB

FLOW = "dossier"
State = sessions.FlowState


def kb(turn: Turn) -> DossierKB:
    return turn.services.kb.dossier


def today(turn: Turn) -> dt.date:
    return turn.now.astimezone(turn.services.settings.tz).date()


async def load(turn: Turn) -> State | None:
    return await sessions.load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)


async def save(turn: Turn, change: Callable[[State], State]) -> State:
    def apply(current: State | None) -> State:
        return change(current or State())

    return await sessions.update_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW, apply,
                                      turn.now)


async def end(turn: Turn) -> None:
    await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)


def with_(state: State, *, answers: dict[str, Any] | None = None,
          data: dict[str, Any] | None = None, as_of: dt.date | None = None) -> State:
    return State(answers if answers is not None else state.answers, as_of or state.as_of,
                 data if data is not None else state.data, state.version)


async def set_step(turn: Turn, step: str | None) -> State:
    return await save(turn, lambda s: with_(s, data={**s.data, "step": step}))


def received(turn: Turn, state: State | None) -> dt.date:
    """The day the competent body receives the dossier: chosen, answered, or today."""
    if state is not None:
        if state.as_of is not None:
            return state.as_of
        chosen = cl.received_on(state.answers)
        if chosen is not None:
            return chosen
    return today(turn)


async def build(turn: Turn, state: State) -> dr.Built:
    """The draft assembled in a worker process (a 2,000-name draft takes ~0.5 s to build)."""
    return await offload(turn, jobs.build_job, state.data, state.answers, received(turn, state),
                         kb(turn))


async def ready(turn: Turn, state: State) -> Reply:
    built = await build(turn, state)
    return views.ready(turn.services.renderer, dr.file_count(state.data),
                       len(built.manifest.nominees))
