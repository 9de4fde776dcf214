"""`TelegramNotifier`: the outbox `Notifier` over python-telegram-bot's `Bot`.

Maps Telegram's answers to outbox outcomes: `RetryAfter` (429) → retry_after with its seconds;
"bot was blocked by the user" / "user is deactivated" → blocked (the officer is made inactive);
"chat not found" / "bot can't initiate conversation" (the user never opened the bot) →
unreachable (the officer stays active); other `BadRequest`s (bad HTML, too long) → rejected; a
read timeout (the request went out, the answer was lost) → uncertain, never resent; a connect
or pool timeout and other `NetworkError`s or Telegram errors → transient (retried). The Bot's
read timeout (`SEND_READ_TIMEOUT`) is long enough for a slow answer and short enough that the
whole send ends well inside the outbox lease (`bot.db.delivery.SEND_TIMEOUT`).
Give it a Bot *without* PTB's AIORateLimiter (see `plain_bot`): the outbox paces itself with
the database budget shared by all instances, and must see each 429 instead of having the
limiter sleep and retry inside one send.

Payload: `{"text": html, "parse_mode": "HTML", "buttons": [[{"text": label, "data": cb}]]}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.db.delivery import SendResult
from bot.render import split_message

# Answers meaning the user never opened the bot (nothing to hold against them).
_NEVER_OPENED = ("chat not found", "can't initiate conversation", "cannot initiate conversation")
# Seconds; together they stay under bot.db.delivery.SEND_TIMEOUT (12 s), itself under the lease.
SEND_CONNECT_TIMEOUT = 3.0
SEND_WRITE_TIMEOUT = 3.0
SEND_READ_TIMEOUT = 6.0


def plain_bot(settings: Settings, read_timeout: float = SEND_READ_TIMEOUT) -> Bot:
    """A Bot for the outbox: same token and API server as the Application, no rate limiter."""
    token = settings.token()
    if token is None:
        raise ValueError("the notifier needs TDKT_BOT_TOKEN")
    request = HTTPXRequest(
        connect_timeout=SEND_CONNECT_TIMEOUT,
        write_timeout=SEND_WRITE_TIMEOUT,
        read_timeout=read_timeout,
        pool_timeout=SEND_CONNECT_TIMEOUT,
    )
    return Bot(
        token,
        base_url=settings.bot_api_base_url,
        base_file_url=settings.file_url,
        request=request,
    )


def _keyboard(rows: Any) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b["text"], callback_data=b["data"]) for b in row] for row in rows]
    )


def _seconds(value: int | float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def _never_opened(exc: TelegramError) -> bool:
    return any(marker in str(exc).lower() for marker in _NEVER_OPENED)


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
            if _never_opened(exc):
                return SendResult.unreachable(str(exc))
            return SendResult.blocked(str(exc))
        except BadRequest as exc:
            if _never_opened(exc):
                return SendResult.unreachable(str(exc))
            return SendResult.rejected(str(exc))
        except TimedOut as exc:
            if isinstance(exc.__cause__, httpx.ReadTimeout):
                return SendResult.uncertain(f"{type(exc).__name__}: answer lost")
            return SendResult.transient_error(f"{type(exc).__name__}: {exc}")
        except NetworkError as exc:
            return SendResult.transient_error(f"{type(exc).__name__}: {exc}")
        except TelegramError as exc:
            return SendResult.transient_error(f"{type(exc).__name__}: {exc}")
        return SendResult.sent(message.message_id)
