"""Typed `bot_data` and the bridge from a Telegram update to a core Turn."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import CallbackContext, ExtBot

from bot.chat.router import Router
from bot.conversation.turn import IncomingFile, Turn
from bot.render import Renderer
from bot.services import Services


@dataclass
class BotData:
    """What every handler needs; PTB creates it empty and `bot.app` fills it in."""

    services: Services | None = None
    router: Router | None = None

    def require(self) -> tuple[Services, Router]:
        if self.services is None or self.router is None:
            raise RuntimeError("BotData used before build_application filled it")
        return self.services, self.router


Context = CallbackContext[ExtBot[None], dict[object, object], dict[object, object], BotData]


def make_turn(
    update: Update,
    context: Context,
    *,
    text: str = "",
    data: str = "",
    file: IncomingFile | None = None,
) -> Turn:
    services, _ = context.bot_data.require()
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        raise ValueError("update without user or chat")

    async def typing() -> None:
        await context.bot.send_chat_action(chat.id, ChatAction.TYPING)

    progress = Progress(context, chat.id, services.renderer, update.update_id)
    return Turn(
        services=services,
        chat_id=chat.id,
        user_id=user.id,
        full_name=user.full_name,
        now=dt.datetime.now(dt.UTC),
        text=text,
        data=data,
        file=file,
        heartbeat=typing,
        bot_username=_username(context),
        progress=progress,
    )


def _username(context: Context) -> str | None:
    try:
        return context.bot.username
    except RuntimeError:  # the bot was not initialized (no getMe yet)
        return None


class Progress:
    """"Đang xử lý…" for a slow action: "typing…" and a short message, sent once; `send_replies`
    then edits that message into the result (or deletes it when the result cannot replace it)."""

    def __init__(self, context: Context, chat_id: int, renderer: Renderer, update_id: int) -> None:
        self.context, self.chat_id, self.renderer = context, chat_id, renderer
        self.update_id = update_id
        self.message_id: int | None = None

    async def __call__(self) -> None:
        await self.context.bot.send_chat_action(self.chat_id, ChatAction.TYPING)
        if self.message_id is None:
            # Rendered only when shown (most updates never show it).
            text = self.renderer.render("work/progress.j2")
            sent = await self.context.bot.send_message(self.chat_id, text)
            self.message_id = sent.message_id
            # Should the turn fail, the error handler puts its apology in this message's place.
            if self.context.chat_data is not None:
                self.context.chat_data[progress_key(self.update_id)] = sent.message_id


def progress_key(update_id: int) -> tuple[str, int]:
    """Where a shown "Đang xử lý…" message waits for its result (the chat's `chat_data`)."""
    return ("progress", update_id)


def take_placeholder(context: Context, update: Update) -> int | None:
    """The "Đang xử lý…" message still waiting for this update's result, forgotten once read."""
    if context.chat_data is None:
        return None
    found = context.chat_data.pop(progress_key(update.update_id), None)
    return found if isinstance(found, int) else None


def placeholder_of(turn: Turn | None) -> int | None:
    """The id of the "Đang xử lý…" message shown for this turn, if any."""
    progress = turn.progress if turn is not None else None
    return progress.message_id if isinstance(progress, Progress) else None
