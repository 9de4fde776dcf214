"""Inline button taps: answer the query at once, then let the core router act on the payload."""

from __future__ import annotations

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
    try:
        # Answer first: Telegram drops answers that come late ("query is too old").
        await query.answer()
    except BadRequest:
        pass
    replies = await router.button(make_turn(update, context, data=query.data or ""))
    await send_replies(update, context, replies)


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CallbackQueryHandler(on_button))
