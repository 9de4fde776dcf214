"""Logging that never leaks the bot token nor what users typed.

httpx logs every request URL at INFO, and Bot API URLs contain the token. We quieten httpx and
add a filter that masks anything shaped like a token in every record, whatever logger wrote it.
SQL parameters (user text) never reach the logs: the engine hides them (`bot.db.session`).
The level comes from `TDKT_LOG_LEVEL` (default INFO); alembic's start-up chatter (plugin set-up,
context lines: most of the INFO lines of a start) shows only at DEBUG.
"""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\d{3,15}:[A-Za-z0-9_-]{30,64}")
MASK = "<bot-token>"


class RedactTokens(logging.Filter):
    """Replace bot tokens in the message and its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _TOKEN.sub(MASK, str(record.msg))
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(_TOKEN.sub(MASK, a) if isinstance(a, str) else a for a in args)
        return True


def redact(text: str) -> str:
    return _TOKEN.sub(MASK, text)


def configure_logging(level: int | str = logging.INFO) -> None:
    """Root logging at `level` (a number or a name such as "WARNING"), token-safe."""
    numeric = logging.getLevelName(level.upper()) if isinstance(level, str) else level
    if not isinstance(numeric, int):
        numeric = logging.INFO
    logging.basicConfig(level=numeric, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(numeric)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactTokens())
    quiet = max(numeric, logging.WARNING)
    logging.getLogger("httpx").setLevel(quiet)
    logging.getLogger("apscheduler").setLevel(quiet)
    logging.getLogger("alembic").setLevel(quiet if numeric > logging.DEBUG else logging.NOTSET)
