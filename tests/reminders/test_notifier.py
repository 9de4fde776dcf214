"""`TelegramNotifier` turns Telegram's answers into outbox outcomes (through the fake Bot API)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from telegram import Bot

from bot.config import Settings
from bot.db.delivery import SendOutcome
from fakebot.server import FakeTelegram
from handlers.notifier import TelegramNotifier, plain_bot

PAYLOAD = {"text": "<b>Nhắc hạn</b> 31/01/2026", "parse_mode": "HTML",
           "buttons": [[{"text": "✅ Đơn vị đã nộp", "data": "rm:d:7"}]]}


@pytest_asyncio.fixture
async def server_and_bot() -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    async with FakeTelegram() as server:
        settings = Settings(bot_token=server.token,  # type: ignore[arg-type]
                            bot_api_base_url=server.base_url,
                            bot_api_file_url=server.base_file_url)
        async with plain_bot(settings) as bot:
            yield server, bot


async def test_a_delivered_message_reports_telegrams_message_id(
    server_and_bot: tuple[FakeTelegram, Bot],
) -> None:
    server, bot = server_and_bot
    server.add_chat(1001, "Mai")
    result = await TelegramNotifier(bot).send(1001, PAYLOAD)
    assert result.outcome is SendOutcome.SENT
    [message] = server.messages(1001)
    assert result.message_id == message.message_id
    assert message.reply_markup is not None
    assert message.reply_markup["inline_keyboard"][0][0]["callback_data"] == "rm:d:7"


async def test_a_user_who_blocked_the_bot_is_blocked_one_who_never_opened_it_unreachable(
    server_and_bot: tuple[FakeTelegram, Bot],
) -> None:
    server, bot = server_and_bot
    server.block(1001)
    notifier = TelegramNotifier(bot)
    assert (await notifier.send(1001, PAYLOAD)).outcome is SendOutcome.BLOCKED
    assert (await notifier.send(424242, PAYLOAD)).outcome is SendOutcome.UNREACHABLE


async def test_a_lost_answer_is_uncertain_not_a_transient_error() -> None:
    async with FakeTelegram() as server:
        settings = Settings(bot_token=server.token,  # type: ignore[arg-type]
                            bot_api_base_url=server.base_url)
        server.add_chat(1001, "Mai")
        server.hold_answers(1, seconds=1.5)
        async with plain_bot(settings, read_timeout=0.3) as bot:
            result = await TelegramNotifier(bot).send(1001, PAYLOAD)
        assert result.outcome is SendOutcome.UNCERTAIN
        assert len(server.messages(1001)) == 1  # Telegram did deliver it


async def test_429_carries_retry_after(server_and_bot: tuple[FakeTelegram, Bot]) -> None:
    server, bot = server_and_bot
    server.add_chat(1001, "Mai")
    server.inject_retry_after(1, seconds=7)
    result = await TelegramNotifier(bot).send(1001, PAYLOAD)
    assert result.outcome is SendOutcome.RETRY_AFTER and result.retry_after == 7


async def test_broken_html_is_rejected_not_retried(
    server_and_bot: tuple[FakeTelegram, Bot],
) -> None:
    server, bot = server_and_bot
    server.add_chat(1001, "Mai")
    result = await TelegramNotifier(bot).send(1001, {**PAYLOAD, "text": "<b>Nhắc hạn"})
    assert result.outcome is SendOutcome.REJECTED


async def test_a_dead_server_is_a_transient_error() -> None:
    settings = Settings(bot_token="123456789:AAHfakeTokenForTests_0123456789abcdef",  # type: ignore[arg-type]
                        bot_api_base_url="http://127.0.0.1:9/bot")
    bot = plain_bot(settings)
    result = await TelegramNotifier(bot).send(1001, PAYLOAD)
    assert result.outcome is SendOutcome.TRANSIENT_ERROR
