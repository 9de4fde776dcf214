"""Free text and documents: routed to whichever journey has an open session for this chat."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import Application, MessageHandler, filters

from bot.chat.unsupported import unsupported
from bot.conversation.turn import IncomingFile
from handlers.context import Context, make_turn
from handlers.send import send_replies


async def on_text(update: Update, context: Context) -> None:
    _, router = context.bot_data.require()
    message = update.effective_message
    if message is None or message.text is None:
        return
    turn = make_turn(update, context, text=message.text)
    replies = await router.text(turn)
    await send_replies(update, context, replies, turn)


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
    turn = make_turn(update, context, text=message.caption or "", file=incoming)
    replies = await router.file(turn)
    await send_replies(update, context, replies, turn)


async def on_photo(update: Update, context: Context) -> None:
    """A photo (e.g. of a signed page) joins the draft like a file: a scan the officer names."""
    _, router = context.bot_data.require()
    message = update.effective_message
    if message is None or not message.photo:
        return
    photo = message.photo[-1]  # the largest size

    async def fetch() -> bytes:
        telegram_file = await photo.get_file()
        return bytes(await telegram_file.download_as_bytearray())

    incoming = IncomingFile(f"anh_{photo.file_unique_id}.jpg", photo.file_size, "image/jpeg",
                            fetch)
    turn = make_turn(update, context, text=message.caption or "", file=incoming)
    replies = await router.file(turn)
    await send_replies(update, context, replies, turn)


def _kind(update: Update) -> str:
    message = update.effective_message
    if message is None:
        return "other"
    for kind in ("sticker", "voice", "location", "video", "contact", "audio"):
        if getattr(message, kind, None):
            return kind
    if message.video_note:
        return "video"
    return "other"


async def on_other(update: Update, context: Context) -> None:
    """Stickers, voice notes, locations, videos… get a short reply saying what the bot takes."""
    if update.effective_message is None or update.effective_user is None:
        return
    replies = await unsupported(make_turn(update, context), _kind(update))
    await send_replies(update, context, replies)


def register(application: Application) -> None:
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    application.add_handler(MessageHandler(filters.Document.ALL, on_document))
    application.add_handler(MessageHandler(filters.PHOTO, on_photo))
    application.add_handler(MessageHandler(
        filters.Sticker.ALL | filters.VOICE | filters.LOCATION | filters.VIDEO
        | filters.VIDEO_NOTE | filters.CONTACT | filters.AUDIO, on_other))
