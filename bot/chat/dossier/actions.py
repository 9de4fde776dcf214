"""The dossier-check journey's one action table: which command, button verb or typed text in
which draft step goes where. Everything else in the package is what those actions call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from bot.chat import dossier_submit as ds
from bot.chat.dossier import check, checklist, uploads, views
from bot.chat.dossier.blanks import blanks
from bot.chat.dossier.codec import PREFIX, Payload, Verb
from bot.chat.dossier.shared import State, build, end, kb, load, received, save, set_step, with_
from bot.chat.router import Journey
from bot.conversation.callbacks import StaleButton
from bot.conversation.turn import Turn
from bot.dossier import checklist as cl
from bot.dossier import draft as dr
from bot.render import Reply

ButtonAction = Callable[[Turn, Payload], Awaitable[list[Reply]]]
DraftAction = Callable[[Turn, State, Payload], Awaitable[list[Reply]]]
TextAction = Callable[[Turn, State, str], Awaitable[list[Reply] | None]]


async def entry(turn: Turn) -> list[Reply]:
    """Main-menu "check": opens (or shows) the draft and says what to send."""
    state = await set_step(turn, None)
    files = dr.file_count(state.data)
    return [views.intro(turn.services.renderer, bool(files or state.answers), files,
                        len(cl.nominee_names(state.answers)), received(turn, state))]


async def _new(turn: Turn, p: Payload) -> list[Reply]:
    """A new draft over one with files or answers deletes them: say what, and ask first."""
    state = await load(turn)
    files = dr.file_count(state.data) if state else 0
    answers = len(state.answers) if state else 0
    if not files and not answers:
        await end(turn)
        return await entry(turn)
    return [views.confirm_new(turn.services.renderer, files, answers)]


async def _new_confirmed(turn: Turn, p: Payload) -> list[Reply]:
    await end(turn)
    return await entry(turn)


async def _ask_received(turn: Turn, p: Payload) -> list[Reply]:
    await set_step(turn, "rd")
    return [turn.services.renderer.reply("dossier_chat/ask_date.j2")]


# Buttons that need no open draft.
BUTTONS: dict[Verb, ButtonAction] = {
    Verb.CHECK: check.on_check,
    Verb.CAMPAIGN: check.on_campaign,
    Verb.BLANKS: lambda turn, p: blanks(turn),
    Verb.SUBMIT: lambda turn, p: ds.submit(turn),
    Verb.SUPPLEMENT: lambda turn, p: ds.start_supplement(turn, p.rest),
    Verb.FILES: lambda turn, p: ds.send_files(turn, p.rest),
    Verb.NEW: _new,
    Verb.NEW_YES: _new_confirmed,
    Verb.NEW_NO: lambda turn, p: entry(turn),
    Verb.RECEIVED: _ask_received,
    Verb.PAGE: check.on_page,
}
# Buttons on the open draft (stale when there is none; `cl` opens one).
DRAFT_BUTTONS: dict[Verb, DraftAction] = {
    Verb.BACK: checklist.back,
    Verb.ANSWER: checklist.on_answer,
    Verb.QUESTION: uploads.on_question,
}


async def _received_typed(turn: Turn, state: State, arg: str) -> list[Reply]:
    day = dt.date.fromisoformat(uploads.typed_answer("date", turn.text, [], kb(turn)))
    await save(turn, lambda s: with_(s, as_of=day,
                                     data={**s.data, "step": None, "result": None}))
    return [views.date_set(turn.services.renderer, day)]


# Typed text, by the draft's step ("q:<question>" is keyed "q").
TEXT: dict[str, TextAction] = {
    ds.STEP: lambda turn, state, arg: ds.take_reason(turn),
    "rd": _received_typed,
    "cl": lambda turn, state, arg: checklist.on_typed(turn, state),
    "q": lambda turn, state, arg: uploads.on_typed(turn, state, arg),
}


async def on_button(turn: Turn) -> list[Reply]:
    p = Payload.parse(turn.data)
    if p.verb in BUTTONS:
        return await BUTTONS[p.verb](turn, p)
    state = await load(turn)
    if p.verb is Verb.CHECKLIST:
        return await checklist.open_(turn, state, p)
    if state is None:
        raise StaleButton(turn.data)
    return await DRAFT_BUTTONS[p.verb](turn, state, p)


def _text_action(step: str) -> tuple[TextAction | None, str]:
    key, sep, arg = step.partition(":")
    if key == "q" and sep:
        return TEXT["q"], arg
    return (TEXT.get(step), "") if key != "q" else (None, "")


async def _bad_answer(turn: Turn, state: State, bad: cl.ChecklistAnswerError) -> list[Reply]:
    count = len((await build(turn, state)).manifest.nominees) if bad.key == "numbers" else 0
    return [turn.services.renderer.reply("dossier_chat/bad_answer.j2", key=bad.key,
                                         text=bad.text, count=count)]


async def take_text(turn: Turn) -> list[Reply] | None:
    """Typed answers: a checklist step, a reader question, the received date or a reason."""
    state = await load(turn)
    if state is None or not state.data.get("step"):
        return None
    action, arg = _text_action(str(state.data["step"]))
    if action is None:
        return None
    try:
        return await action(turn, state, arg)
    except cl.ChecklistAnswerError as bad:
        return await _bad_answer(turn, state, bad)


JOURNEY = Journey(
    name="dossier",
    commands={"mau": blanks},
    prefix=PREFIX,
    on_button=on_button,
    take_text=take_text,
    take_file=uploads.take_file,
)
