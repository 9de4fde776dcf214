"""Send core replies to Telegram: split long text, attach keyboards, edit in place on taps."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.render import Reply, split_message
from handlers.context import Context


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in reply.buttons
        ]
    )


async def send_replies(update: Update, context: Context, replies: list[Reply]) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    for reply in replies:
        if reply.edit and update.callback_query and await _edit(update, reply):
            continue
        chunks = split_message(reply.text) if reply.text else []
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await context.bot.send_message(
                chat.id,
                chunk,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(reply) if last and not reply.document else None,
            )
        if reply.document:
            await context.bot.send_document(
                chat.id,
                document=reply.document.file_id or reply.document.content,
                filename=reply.document.filename,
                caption=reply.document.caption,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(reply),
            )


async def _edit(update: Update, reply: Reply) -> bool:
    """Edit the tapped message; False when it cannot be (too long, has a file, gone)."""
    query = update.callback_query
    chunks = split_message(reply.text)
    if query is None or query.message is None or len(chunks) != 1 or reply.document:
        return False
    try:
        await query.edit_message_text(
            chunks[0], parse_mode=ParseMode.HTML, reply_markup=keyboard(reply)
        )
    except BadRequest as exc:
        # Tapping the same button twice leaves the text unchanged: that is fine.
        return "not modified" in str(exc).lower()
    return True
