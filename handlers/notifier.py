"""`TelegramNotifier`: the outbox `Notifier` over python-telegram-bot's `Bot`.

Maps Telegram's answers to outbox outcomes: `RetryAfter` (429) → retry_after with its seconds,
`Forbidden` (blocked, or never started the bot) and "chat not found" → blocked, other
`BadRequest`s (bad HTML, too long) → rejected, `TimedOut`/`NetworkError` and anything else from
Telegram → transient. Give it a Bot *without* PTB's AIORateLimiter (see `plain_bot`): the
outbox paces itself with the database budget shared by all instances, and must see each 429
instead of having the limiter sleep and retry inside one send.

Payload: `{"text": html, "parse_mode": "HTML", "buttons": [[{"text": label, "data": cb}]]}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.config import Settings
from bot.db.delivery import SendResult
from bot.render import split_message

_GONE = ("chat not found", "user is deactivated", "bot was kicked")


def plain_bot(settings: Settings) -> Bot:
    """A Bot for the outbox: same token and API server as the Application, no rate limiter."""
    token = settings.token()
    if token is None:
        raise ValueError("the notifier needs TDKT_BOT_TOKEN")
    return Bot(token, base_url=settings.bot_api_base_url, base_file_url=settings.file_url)


def _keyboard(rows: Any) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b["text"], callback_data=b["data"]) for b in row] for row in rows]
    )


def _seconds(value: int | float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class TelegramNotifier:
    """Sends one outbox payload; never raises for Telegram's answers (they become results)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, payload: dict[str, Any]) -> SendResult:
        # A long text (a reviewer's full note) goes out whole, in parts; buttons on the last.
        chunks = split_message(payload["text"]) or [payload["text"]]
        parse_mode = payload.get("parse_mode", ParseMode.HTML)
        try:
            for chunk in chunks[:-1]:
                await self.bot.send_message(chat_id, chunk, parse_mode=parse_mode)
            message = await self.bot.send_message(
                chat_id,
                chunks[-1],
                parse_mode=parse_mode,
                reply_markup=_keyboard(payload.get("buttons")),
            )
        except RetryAfter as exc:
            return SendResult.retry_later(_seconds(exc.retry_after))
        except Forbidden as exc:
            return SendResult.blocked(str(exc))
        except BadRequest as exc:
            if any(marker in str(exc).lower() for marker in _GONE):
                return SendResult.blocked(str(exc))
            return SendResult.rejected(str(exc))
        except NetworkError as exc:  # TimedOut is a NetworkError
            return SendResult.transient_error(f"{type(exc).__name__}: {exc}")
        except TelegramError as exc:
            return SendResult.transient_error(f"{type(exc).__name__}: {exc}")
        return SendResult.sent(message.message_id)
