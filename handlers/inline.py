"""Inline mode (`@bot <code or name>`): dossiers the user may see, as shareable articles."""

from __future__ import annotations

import datetime as dt

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import Application, InlineQueryHandler

from bot.chat.status import inline_results
from bot.conversation.turn import Turn
from handlers.context import Context

CACHE_SECONDS = 0  # answers depend on who asks: never let Telegram share them between users


async def on_inline_query(update: Update, context: Context) -> None:
    query = update.inline_query
    if query is None:
        return
    services, _ = context.bot_data.require()
    # An inline query has no chat: the user's private chat id equals their user id.
    turn = Turn(services=services, chat_id=query.from_user.id, user_id=query.from_user.id,
                full_name=query.from_user.full_name, now=dt.datetime.now(dt.UTC), text=query.query)
    items = await inline_results(turn)
    await query.answer(
        [
            InlineQueryResultArticle(
                id=item.id, title=item.title, description=item.description,
                input_message_content=InputTextMessageContent(item.html, parse_mode=ParseMode.HTML),
            )
            for item in items
        ],
        cache_time=CACHE_SECONDS,
        is_personal=True,
    )


def register(application: Application) -> None:
    application.add_handler(InlineQueryHandler(on_inline_query))
