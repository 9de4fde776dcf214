"""Inline button taps: answer the query at once, then let the core router act on the payload."""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler

from handlers.context import Context, make_turn
from handlers.send import send_replies


async def on_button(update: Update, context: Context) -> None:
    _, router = context.bot_data.require()
    query = update.callback_query
    if query is None:
        return
    # Answer first: Telegram drops answers that come late ("query is too old").
    with contextlib.suppress(BadRequest):
        await query.answer()
    turn = make_turn(update, context, data=query.data or "")
    replies = await router.button(turn)
    await send_replies(update, context, replies, turn)


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(on_button))
