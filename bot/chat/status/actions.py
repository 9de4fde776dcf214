"""The status journey's one action table: which command, button verb or typed text goes where.
Everything else in the package is what those actions call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.chat.router import Journey
from bot.chat.status import changes, imports
from bot.chat.status.codec import PREFIX, Payload, Verb
from bot.chat.status.lists import Wanted, card, lookup_text, open_from_menu, show_list
from bot.chat.status.shared import FLOW, principal
from bot.conversation import sessions
from bot.conversation.callbacks import StaleButton
from bot.conversation.turn import Turn
from bot.db.codes import parse_dossier_code
from bot.render import Reply

ButtonAction = Callable[[Turn, Payload], Awaitable[list[Reply]]]


async def hoso(turn: Turn) -> list[Reply]:
    """`/hoso` opens the list (a reviewer's queue, an officer's unit); `/hoso <code or name>`
    looks one up."""
    query = turn.text.strip()
    if query:
        return await lookup_text(turn, query)
    return await open_from_menu(turn)


async def _import(turn: Turn, p: Payload) -> list[Reply]:
    return await imports.open_import(turn, await principal(turn))


async def _import_kind(turn: Turn, p: Payload) -> list[Reply]:
    return await imports.choose(turn, await principal(turn), p.args[0])


ANY = None  # the action reads no argument (any are ignored)
# verb -> (action, argument count); another count is a stale button.
BUTTONS: dict[Verb, tuple[ButtonAction, int | None]] = {
    Verb.CARD: (lambda turn, p: card(turn, p.args[0]), 1),
    Verb.UNIT_LIST: (lambda turn, p: show_list(turn, Wanted.UNIT, p.number(0)), 1),
    Verb.QUEUE: (lambda turn, p: show_list(turn, Wanted.QUEUE, p.number(0)), 1),
    Verb.DECIDED: (lambda turn, p: show_list(turn, Wanted.QUEUE, p.number(0), done=True), 1),
    Verb.MOVE: (lambda turn, p: changes.start_change(turn, p.args[0], p.args[1], p.number(2)),
                3),
    Verb.TICK: (changes.tick, 1),
    Verb.OK: (changes.confirm, ANY),
    Verb.CANCEL: (changes.cancel, ANY),
    Verb.IMPORT: (_import, ANY),
    Verb.IMPORT_KIND: (_import_kind, 1),
    Verb.IMPORT_CANCEL: (lambda turn, p: imports.cancel(turn), ANY),
}


async def on_button(turn: Turn) -> list[Reply]:
    p = Payload.parse(turn.data)
    action, count = BUTTONS[p.verb]
    if count is not None and len(p.args) != count:
        raise StaleButton(turn.data)
    return await action(turn, p)


async def take_text(turn: Turn) -> list[Reply] | None:
    """The typed reason of a pending change; a bare dossier code opens its card."""
    state = await sessions.load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    if state is not None and turn.text.strip():
        return await changes.take_reason(turn, state)
    if parse_dossier_code(turn.text) is not None:
        return await lookup_text(turn, turn.text)
    return None


JOURNEY = Journey(
    name="status",
    commands={"hoso": hoso},
    prefix=PREFIX,
    on_button=on_button,
    take_text=take_text,
    take_file=imports.take_file,
)
