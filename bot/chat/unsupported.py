"""Messages the bot cannot take (sticker, voice, location, video…): say what it can take."""

from __future__ import annotations

from bot.conversation.turn import Turn
from bot.render import Reply


async def unsupported(turn: Turn, what: str) -> list[Reply]:
    """A short reply naming what was sent (`what`: sticker, voice, location, video, other)."""
    return [turn.services.renderer.reply("chat/unsupported.j2", what=what)]
