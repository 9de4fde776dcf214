"""The guided checklist: one question a step (`bot.dossier.checklist`), answered with a button
(`a:<step code>:<value>`) or typed; `bk` takes the last answer back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.chat.dossier import views
from bot.chat.dossier.codec import Payload, step_code
from bot.chat.dossier.shared import State, kb, ready, save, set_step, today, with_
from bot.conversation.callbacks import StaleButton
from bot.conversation.turn import Turn
from bot.dossier import checklist as cl
from bot.render import Reply


async def show_next_step(turn: Turn, state: State) -> list[Reply]:
    """Ask the checklist's next question, or say the draft is ready when none is left."""
    step = cl.next_checklist_step(kb(turn), state.answers)
    if step is None:
        await set_step(turn, None)
        return [await ready(turn, state)]
    if state.data.get("step") != "cl":
        await set_step(turn, "cl")
    return [views.ask(turn.services.renderer, kb(turn), turn.services.kb.menu("dossier"), step)]


async def _answer(turn: Turn, step: cl.ChecklistStep, value: Any) -> list[Reply]:
    def change(s: State) -> State:
        answers = cl.with_answer(s.answers, step.id, value)
        as_of = dt.date.fromisoformat(value) if step.id == "received" else None
        return with_(s, answers=answers, as_of=as_of, data={**s.data, "result": None})

    return await show_next_step(turn, await save(turn, change))


async def open_(turn: Turn, state: State | None, p: Payload) -> list[Reply]:
    """`cl`: start or resume the checklist (a draft is opened if there was none)."""
    return await show_next_step(turn, state or await save(turn, lambda s: s))


async def back(turn: Turn, state: State, p: Payload) -> list[Reply]:
    """`bk`: take the last answer back."""
    undone = await save(turn, lambda s: with_(s, answers=cl.undo(s.answers)))
    return await show_next_step(turn, undone)


async def on_answer(turn: Turn, state: State, p: Payload) -> list[Reply]:
    """`a:<step code>:<value>`: a button answer to the step being asked (else stale)."""
    step = cl.next_checklist_step(kb(turn), state.answers)
    if step is None or step_code(step.id) != p.code:
        raise StaleButton(p.rest)
    try:
        parsed = cl.parse_button(step, p.value, kb(turn), today(turn))
    except cl.ChecklistAnswerError:
        raise StaleButton(p.rest) from None
    return await _answer(turn, step, parsed)


async def on_typed(turn: Turn, state: State) -> list[Reply] | None:
    """Typed text while the checklist is open: the answer to its current step."""
    step = cl.next_checklist_step(kb(turn), state.answers)
    if step is None:
        return None
    return await _answer(turn, step, cl.parse_typed(step, turn.text, kb(turn)))
