"""Button payloads: short, versioned codes `<prefix>:<part>:<part>…`, at most 64 bytes.

One prefix per journey. The router strips the prefix; each journey parses the rest with
`split`. Anything that does not parse is a stale button (after a deploy, a restart or a newer
answer), which is a normal case with a friendly reply, not an error.
"""

from __future__ import annotations

from bot.render import MAX_CALLBACK_BYTES

SEPARATOR = ":"
# Ids, offsets, versions and years in payloads fit a 32-bit column; anything else is forged.
MAX_NUMBER = 2**31 - 1


class StaleButton(Exception):
    """The pressed button no longer means anything (old keyboard, changed session)."""


def encode(prefix: str, *parts: object) -> str:
    """Build a payload; raises ValueError if it would exceed Telegram's 64 bytes."""
    data = SEPARATOR.join([prefix, *(str(p) for p in parts)])
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def split_prefix(data: str) -> tuple[str, str]:
    """("el", "rest…") from "el:rest…"."""
    prefix, _, rest = data.partition(SEPARATOR)
    return prefix, rest


def parts(rest: str, count: int) -> list[str]:
    """Exactly `count` parts of a payload, or StaleButton."""
    items = rest.split(SEPARATOR) if rest else []
    if len(items) != count:
        raise StaleButton(rest)
    return items


def number(text: str, low: int = 0, high: int = MAX_NUMBER) -> int:
    """A whole number of a payload within [low, high], else StaleButton: a negative offset or a
    20-digit id is a forged or broken button, answered like a stale one (never a traceback)."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_NUMBER)):
        raise StaleButton(text)
    value = int(text)
    if not low <= value <= high:
        raise StaleButton(text)
    return value
