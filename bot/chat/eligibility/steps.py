"""One update of the interview: where it stands, the one routing of the update, the save and the
screen (ADR 001). Every update loads the stored interview, applies the officer's input as a pure
change (`changes`), routes once (`next_step`, the only engine run that changes the interview:
its RESULT screen carries the verdict it judged), saves with optimistic locking and renders."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.chat.eligibility import views
from bot.chat.eligibility.codec import Keys
from bot.chat.eligibility.verdicts import judge, remembered
from bot.conversation.sessions import FlowState, load_flow, save_flow, update_flow
from bot.conversation.turn import Turn
from bot.db.errors import StaleVersion
from bot.eligibility import question_by_id
from bot.interview.flow import NodeId, Screen, next_screen
from bot.interview.state import Interview, from_flow, to_flow
from bot.render import Reply

FLOW = "eligibility"


def today(turn: Turn) -> dt.date:
    return turn.now.astimezone(turn.services.settings.tz).date()


def next_step(turn: Turn, interview: Interview) -> Screen:
    """The next node: one engine run (the only one of an update that changes the interview)."""
    return next_screen(turn.services.kb, interview, turn.services.settings.province)


def shown(interview: Interview, step: Screen) -> Interview:
    return interview.showing(step.node.value, step.question.id if step.question else None)


def on_screen(turn: Turn, interview: Interview) -> Screen:
    """The step the officer is answering: as stored when it was shown (no engine run); computed
    only for interviews saved before the screen was remembered."""
    if interview.shown_node is None:
        return next_step(turn, interview)
    question = None
    if interview.shown_question is not None:
        kind = interview.kind or "individual"
        question = question_by_id(turn.services.kb, interview.shown_question, kind)
    return Screen(NodeId(interview.shown_node), question)


def render(
    turn: Turn,
    interview: Interview,
    version: int,
    edit: bool = False,
    step: Screen | None = None,
    found: views.Judgement | None = None,
) -> Reply:
    """The screen for `step` (routed here when not given: a stale button's latest state); for a
    result, `found` is its judgement when already known (else judged here)."""
    step = step or next_step(turn, interview)
    page = views.Page(turn.services.renderer, turn.services.kb, interview, Keys(version), edit)
    if step.node is NodeId.RESULT:
        if found is None:
            found = judge(turn.services.kb, turn.services.settings.province, interview, step)
        return views.result(page, found)
    return views.SCREENS[step.node](page, step)


async def begin(turn: Turn, fresh: Interview) -> list[Reply]:
    """Store a fresh interview (replacing any) and show its first screen."""
    step = next_step(turn, fresh)
    fresh = shown(fresh, step)
    db = turn.services.db
    state = await update_flow(db, turn.chat_id, turn.user_id, FLOW, lambda _: to_flow(fresh, 0),
                              turn.now)
    return [render(turn, from_flow(state, today(turn)), state.version, step=step)]


async def save_and_render(
    turn: Turn, stored: FlowState, changed: Interview, edit: bool
) -> list[Reply]:
    """One routing, one write: the new state if the stored one is still the one this update
    read (else the latest state is shown, the input is not applied twice)."""
    step = next_step(turn, changed)
    changed = shown(changed, step)
    db = turn.services.db
    try:
        state = await save_flow(db, turn.chat_id, turn.user_id, FLOW,
                                to_flow(changed, stored.version), stored.version, turn.now)
    except StaleVersion:
        latest = await load_flow(db, turn.chat_id, turn.user_id, FLOW)
        if latest is None:
            raise
        return [render(turn, from_flow(latest, today(turn)), latest.version)]
    return [await render_step(turn, changed, state.version, edit, step)]


async def render_step(
    turn: Turn, interview: Interview, version: int, edit: bool, step: Screen
) -> Reply:
    """A verdict's next-award path takes up to ~90 ms of CPU (an order, a long history): built
    in a thread, the event loop keeps serving other users meanwhile (issue 16 target 2). The
    engine's memo caches are plain dicts of idempotent values, safe to share under the GIL.
    A path already remembered for these facts (`verdicts.remembered`) needs no engine run:
    that screen is drawn here, without the hop to a thread and back."""
    if step.node is NodeId.RESULT:
        services = turn.services
        found = remembered(services.kb, services.settings.province, interview, step)
        if found is None:
            return await asyncio.to_thread(render, turn, interview, version, edit, step)
        return render(turn, interview, version, edit=edit, step=step, found=found)
    return render(turn, interview, version, edit=edit, step=step)
