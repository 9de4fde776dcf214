"""Free text and documents: routed to whichever journey has an open session for this chat."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import Application, MessageHandler, filters

from bot.chat.turn import IncomingFile
from handlers.context import Context, make_turn
from handlers.send import send_replies


async def on_text(update: Update, context: Context) -> None:
    _, router = context.bot_data.require()
    message = update.effective_message
    if message is None or message.text is None:
        return
    replies = await router.text(make_turn(update, context, text=message.text))
    await send_replies(update, context, replies)


async def on_document(update: Update, context: Context) -> None:
    _, router = context.bot_data.require()
    message = update.effective_message
    if message is None or message.document is None:
        return
    document = message.document

    async def fetch() -> bytes:
        # Called by the core only after it has accepted the declared size and type.
        telegram_file = await document.get_file()
        return bytes(await telegram_file.download_as_bytearray())

    incoming = IncomingFile(
        document.file_name or "tep", document.file_size, document.mime_type, fetch,
        file_id=document.file_id,
    )
    await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    replies = await router.file(
        make_turn(update, context, text=message.caption or "", file=incoming)
    )
    await send_replies(update, context, replies)


def register(application: Application) -> None:
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    application.add_handler(MessageHandler(filters.Document.ALL, on_document))
