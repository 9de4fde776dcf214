"""Logging that never leaks the bot token.

httpx logs every request URL at INFO, and Bot API URLs contain the token. We quieten httpx and
add a filter that masks anything shaped like a token in every record, whatever logger wrote it.
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


def configure_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactTokens())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
