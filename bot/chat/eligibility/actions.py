"""The eligibility journey's one action table: which button verb or typed text on which screen
goes where. Everything else in the package is what those actions call."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from bot.chat.eligibility import changes, edits, steps, views
from bot.chat.eligibility.codec import PREFIX, Keys, Payload, Verb
from bot.chat.eligibility.verdicts import explanation
from bot.chat.router import Journey
from bot.conversation.callbacks import StaleButton
from bot.conversation.sessions import latest_flow_state, load_flow
from bot.conversation.turn import Turn
from bot.identify import identify
from bot.interview.flow import NodeId, Screen
from bot.interview.state import Interview, from_flow
from bot.reminders.deadlines import campaign_year
from bot.render import Reply

ButtonChange = Callable[[Turn, Interview, str], Awaitable[Interview]]
TextChange = Callable[[Turn, Interview, str, Screen], Awaitable[Interview]]
Show = Callable[[Turn, Interview, int], Awaitable[Reply]]


async def _why(turn: Turn, interview: Interview, version: int) -> Reply:
    """Up to 40 evaluations: in a thread, so other users' updates are not held behind it."""
    services = turn.services
    found = await asyncio.to_thread(explanation, services.kb, services.settings.province,
                                    interview)
    return views.why(services.renderer, services.kb, found)


async def _edit_list(turn: Turn, interview: Interview, version: int) -> Reply:
    return edits.edit_list(turn.services.renderer, turn.services.kb, interview, Keys(version))


# Buttons that change the interview (each change checks its argument: a bad one is stale).
CHANGES: dict[Verb, ButtonChange] = {
    Verb.AWARD: changes.award,
    Verb.KIND: changes.kind,
    Verb.SUBJECT: changes.subject,
    Verb.YEAR: changes.year,
    Verb.ANSWER: changes.answer,
    Verb.ANSWER_AGAIN: changes.answer_again,
    Verb.RECORD: changes.correct_record,
    Verb.ANOTHER: changes.another_award,
}
# Buttons that show something about the stored interview and change nothing.
SHOWS: dict[Verb, Show] = {Verb.WHY: _why, Verb.EDIT: _edit_list}
# Typed text, by the screen it answers (any other screen asks to use its buttons).
TYPED: dict[NodeId, TextChange] = {
    NodeId.AWARD: changes.award_typed,
    NodeId.RESULT: changes.award_typed,
    NodeId.SUBJECT: changes.subject_typed,
    NodeId.YEAR: changes.year_typed,
    NodeId.QUESTION: changes.answer_typed,
}


async def start(turn: Turn) -> list[Reply]:
    """A fresh interview (the menu button, /xet [award])."""
    viewer = await identify(turn)
    day = steps.today(turn)
    fresh = Interview(as_of=day, can_prefill=viewer.registered, unit_province=viewer.province,
                      campaign_year=await campaign_year(turn.services.db, viewer.unit_id, day))
    if turn.text.strip():
        fresh = changes.award_by_text(turn, fresh, turn.text)
    return await steps.begin(turn, fresh)


async def on_button(turn: Turn) -> list[Reply]:
    """`<version>:<verb>[:<arg>]`: the version must match the stored interview."""
    p = Payload.parse(turn.data)
    stored = await load_flow(turn.services.db, turn.chat_id, turn.user_id, steps.FLOW)
    if stored is None or p.version != str(stored.version):
        raise StaleButton(turn.data)
    interview = from_flow(stored, steps.today(turn))
    if p.verb in SHOWS:
        return [await SHOWS[p.verb](turn, interview, stored.version)]
    changed = await CHANGES[p.verb](turn, interview, p.arg)
    # "Xét hình thức khác" sends a new message: the verdict stays in the chat (B19).
    return await steps.save_and_render(turn, stored, changed, edit=p.verb is not Verb.ANOTHER)


async def take_text(turn: Turn) -> list[Reply] | None:
    """Typed text belongs to the interview while it is the chat's latest open flow."""
    latest = await latest_flow_state(turn.services.db, turn.chat_id, turn.user_id)
    if latest is None or latest[0] != steps.FLOW:
        return None
    stored = latest[1]
    interview = from_flow(stored, steps.today(turn))
    step = steps.on_screen(turn, interview)
    change = TYPED.get(step.node, changes.use_buttons)
    changed = await change(turn, interview, turn.text.strip(), step)
    return await steps.save_and_render(turn, stored, changed, edit=False)


JOURNEY = Journey(
    name=steps.FLOW,
    commands={"xet": start},
    prefix=PREFIX,
    on_button=on_button,
    take_text=take_text,
)
