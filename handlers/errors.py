"""The one global error handler: log with the traceback, apologise politely to the user."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application

from bot.chat.common import apology
from handlers.context import Context, take_placeholder

log = logging.getLogger("tdkt.errors")


async def on_error(update: object, context: Context) -> None:
    log.error("unhandled error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    services = context.bot_data.services
    if services is None:
        return
    chat_id, text = update.effective_chat.id, services.renderer.render(apology())
    placeholder = take_placeholder(context, update)  # "Đang xử lý…" shown for this update
    try:
        if placeholder is not None:
            with contextlib.suppress(TelegramError):
                await context.bot.edit_message_text(text, chat_id=chat_id,
                                                    message_id=placeholder,
                                                    parse_mode=ParseMode.HTML)
                return
        await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
    except TelegramError:
        log.warning("could not deliver the apology", exc_info=True)


def register(application: Application) -> None:
    application.add_error_handler(on_error)
