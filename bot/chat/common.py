"""The common journey: /start (with invite and dossier deep links), /help, /menu, /cancel,
what each main-menu button opens, unknown commands, stale buttons and text nobody else took."""

from __future__ import annotations

import re

from bot.chat import dossier, eligibility, reminders, status
from bot.chat.deep_links import open_dossier_link
from bot.chat.invites import redeem
from bot.chat.menu import MENU_PREFIX, menu_buttons
from bot.chat.router import Journey, TurnAction
from bot.conversation import sessions
from bot.conversation.turn import Turn
from bot.conversation.viewer import Viewer
from bot.identify import identify
from bot.render import Reply

INVITE_PAYLOAD = re.compile(r"^(?:inv_)?(?P<code>[A-Za-z0-9_-]{6,40})$")
DOSSIER_PAYLOAD = re.compile(r"^hs_(?P<code>[A-Za-z0-9-]{4,40})$")


async def start(turn: Turn) -> list[Reply]:
    """Greet, or follow a deep link: `inv_<code>` binds an officer, `hs_<code>` opens a dossier."""
    payload = turn.text.strip()
    dossier_link = DOSSIER_PAYLOAD.match(payload)
    if dossier_link:
        return await open_dossier_link(turn, dossier_link["code"])
    match = INVITE_PAYLOAD.match(payload) if payload else None
    if match:
        return await redeem(turn, match["code"])
    viewer = await identify(turn)
    return [welcome(turn, viewer)]


def welcome(turn: Turn, viewer: Viewer) -> Reply:
    r = turn.services.renderer
    if not viewer.registered:
        return r.reply("common/welcome_guest.j2", buttons=menu_buttons(r), name=turn.full_name)
    return r.reply("common/welcome.j2", buttons=menu_buttons(r), viewer=viewer)


async def help_(turn: Turn) -> list[Reply]:
    viewer = await identify(turn)
    return [turn.services.renderer.reply("common/help.j2", viewer=viewer)]


async def menu(turn: Turn) -> list[Reply]:
    r = turn.services.renderer
    return [r.reply("common/menu.j2", buttons=menu_buttons(r))]


async def cancel(turn: Turn) -> list[Reply]:
    """Forget every open flow of this chat; nothing else is touched."""
    closed = await sessions.close_all(turn.services.db, turn.chat_id, turn.user_id)
    r = turn.services.renderer
    return [r.reply("common/cancelled.j2", buttons=menu_buttons(r), closed=closed)]


async def not_understood(turn: Turn) -> list[Reply]:
    r = turn.services.renderer
    return [r.reply("common/not_understood.j2", buttons=menu_buttons(r))]


async def unknown_command(turn: Turn) -> list[Reply]:
    r = turn.services.renderer
    return [r.reply("common/unknown_command.j2", buttons=menu_buttons(r), command=turn.text)]


async def stale_button(turn: Turn) -> list[Reply]:
    r = turn.services.renderer
    return [r.reply("common/stale_button.j2", buttons=menu_buttons(r))]


def apology() -> str:
    """Template name of the polite apology the global error handler sends."""
    return "common/apology.j2"


def menu_entry(key: str) -> TurnAction | None:
    """The entry action of the journey behind main-menu button `key`."""
    entries: dict[str, TurnAction] = {
        "elig": eligibility.start,
        "home": menu,
        "check": dossier.entry,
        "status": status.open_from_menu,
        "remind": reminders.entry,
    }
    return entries.get(key)


async def on_menu_button(turn: Turn) -> list[Reply]:
    """A tap on the main menu opens that journey's entry point."""
    entry = menu_entry(turn.data)
    if entry is None:
        return await stale_button(turn)
    return await entry(turn)


JOURNEY = Journey(
    name="common",
    commands={"start": start, "help": help_, "menu": menu, "cancel": cancel},
    prefix=MENU_PREFIX,
    on_button=on_menu_button,
)
