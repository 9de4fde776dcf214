"""Typed `bot_data` and the bridge from a Telegram update to a core Turn."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import CallbackContext, ExtBot

from bot.chat.router import Router
from bot.chat.turn import IncomingFile, Turn
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
    )


def _username(context: Context) -> str | None:
    try:
        return context.bot.username
    except RuntimeError:  # the bot was not initialized (no getMe yet)
        return None
