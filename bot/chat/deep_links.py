"""Deep links into the status journey: `t.me/<bot>?start=hs_<code>` opens that dossier's card."""

from __future__ import annotations

from bot.chat.status import lookup_text
from bot.conversation.turn import Turn
from bot.render import Reply


async def open_dossier_link(turn: Turn, code: str) -> list[Reply]:
    """The card of `code` for a registered user who may see it; the same polite "not found"
    otherwise (a link forwarded to another unit reveals nothing)."""
    return await lookup_text(turn, code)
