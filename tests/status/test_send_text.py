"""A text reply sent without parsing Telegram's answer (`handlers.send.send_text`) is the very
request `Bot.send_message` makes — the same method, text, parse mode and keyboard, through the
same defaults and rate limiter — and fails the same way (a blocked chat is still `Forbidden`)."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import Forbidden
from telegram.ext import AIORateLimiter, Defaults

from fakebot.server import FakeTelegram
from handlers.send import send_text

CHAT = 5150
TEXT = "<b>KT-2026-7H3K9Q</b> — Đang thẩm định"


async def test_send_text_makes_the_request_send_message_makes(
    fake_telegram: FakeTelegram,
) -> None:
    fake_telegram.add_chat(CHAT)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Danh sách", callback_data="s:u:0")]])
    application = (fake_telegram.application_builder()
                   .defaults(Defaults(parse_mode=ParseMode.HTML))
                   .rate_limiter(AIORateLimiter(max_retries=0)).build())
    async with application:
        bot = application.bot
        await bot.send_message(CHAT, TEXT, parse_mode=ParseMode.HTML, reply_markup=markup)
        assert await send_text(bot, CHAT, TEXT, markup) is None  # nothing parsed
        await bot.send_message(CHAT, TEXT, parse_mode=ParseMode.HTML)
        await send_text(bot, CHAT, TEXT)
        old_keyboard, new_keyboard, old_plain, new_plain = fake_telegram.calls("sendMessage")
        assert new_keyboard.params == old_keyboard.params
        assert new_plain.params == old_plain.params
        assert [m.text for m in fake_telegram.messages(CHAT)] == [
            "KT-2026-7H3K9Q — Đang thẩm định"] * 4
        fake_telegram.block(CHAT)
        with pytest.raises(Forbidden):
            await bot.send_message(CHAT, TEXT)
        with pytest.raises(Forbidden):
            await send_text(bot, CHAT, TEXT)
