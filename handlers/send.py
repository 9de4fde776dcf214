"""Send core replies to Telegram: split long text, attach keyboards, edit in place on taps.

A turn that showed "Đang xử lý…" (`handlers.context.Progress`) has its first reply written over
that message, so the result replaces the notice; a first reply that cannot (a file, a picture, a
text longer than one message) is sent anew and the notice is deleted. Charts go as photos (a
preview in the chat), other files as documents.

Text replies are sent with `Bot.do_api_request("sendMessage", ...)`: the same request as
`Bot.send_message` (the same parameters, defaults, rate limiter and errors), but Telegram's answer
(the sent message) is not built into a `Message`, which nobody here reads and which cost more
CPU than the database reads of a `/hoso CODE` (ADR 023).
"""

from __future__ import annotations

import contextlib
import warnings

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.warnings import PTBUserWarning

from bot.conversation.turn import Turn
from bot.render import Document, Reply, split_message
from handlers.context import Context, placeholder_of, take_placeholder

# `do_api_request` asks callers to prefer `Bot.send_message` for a method PTB knows; here that
# is the point (see the module docstring), so that one nudge is silenced.
warnings.filterwarnings(
    "ignore", message=r"Please use 'Bot\.sendMessage' instead", category=PTBUserWarning
)


async def send_text(bot: Bot, chat_id: int, text: str,
                    markup: InlineKeyboardMarkup | None = None) -> None:
    """`bot.send_message(chat_id, text, parse_mode=HTML, reply_markup=markup)`, the answer
    unread (not parsed into a `Message`)."""
    await bot.do_api_request(
        "sendMessage",
        api_kwargs={"chat_id": chat_id, "text": text, "parse_mode": ParseMode.HTML,
                    "reply_markup": markup},
    )


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in reply.buttons
        ]
    )


async def send_replies(update: Update, context: Context, replies: list[Reply],
                       turn: Turn | None = None) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    placeholder = placeholder_of(turn)
    take_placeholder(context, update)
    for reply in replies:
        if placeholder is not None:
            replaced = await _replace(context, chat.id, placeholder, reply)
            if not replaced:
                with contextlib.suppress(BadRequest):
                    await context.bot.delete_message(chat.id, placeholder)
            placeholder = None
            if replaced:
                continue
        elif reply.edit and update.callback_query and await _edit(update, reply):
            continue
        chunks = split_message(reply.text) if reply.text else []
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await send_text(context.bot, chat.id, chunk,
                            keyboard(reply) if last and not reply.document else None)
        if reply.document:
            await _send_file(context, chat.id, reply.document, reply)
    if placeholder is not None:  # nothing came back to replace it with
        with contextlib.suppress(BadRequest):
            await context.bot.delete_message(chat.id, placeholder)


async def _send_file(context: Context, chat_id: int, document: Document, reply: Reply) -> None:
    if document.photo and document.file_id is None:
        await context.bot.send_photo(
            chat_id, photo=document.content, filename=document.filename,
            caption=document.caption, parse_mode=ParseMode.HTML, reply_markup=keyboard(reply),
        )
        return
    await context.bot.send_document(
        chat_id,
        document=document.file_id or document.content,
        filename=document.filename,
        caption=document.caption,
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard(reply),
    )


async def _replace(context: Context, chat_id: int, message_id: int, reply: Reply) -> bool:
    """Write a one-message text reply over the "Đang xử lý…" notice; False when it cannot."""
    chunks = split_message(reply.text) if reply.text else []
    if len(chunks) != 1 or reply.document:
        return False
    try:
        await context.bot.edit_message_text(
            chunks[0], chat_id=chat_id, message_id=message_id, parse_mode=ParseMode.HTML,
            reply_markup=keyboard(reply),
        )
    except BadRequest as exc:
        return "not modified" in str(exc).lower()
    return True


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
