"""What one user action looks like to the core: who, when, and what they sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.conversation.viewer import Viewer
    from bot.services import Services


@dataclass(frozen=True)
class IncomingFile:
    """A document the user sent; `fetch` downloads it (only after size and type checks)."""

    filename: str
    size: int | None
    mime_type: str | None
    fetch: Callable[[], Awaitable[bytes]]
    # Telegram's id of the file, kept with a filed dossier so a reviewer can open it in chat.
    file_id: str | None = None


@dataclass(frozen=True)
class Turn:
    """One update from one user, reduced to plain values.

    `text` holds a command's arguments or a free-text message; `data` a button's payload after
    its prefix; `file` an uploaded document.
    """

    services: Services
    chat_id: int
    user_id: int
    full_name: str
    now: dt.datetime
    text: str = ""
    data: str = ""
    file: IncomingFile | None = None
    # True when the user is the local console (tdkt chat); `console_viewer` is who they said
    # they are (None: a console built without asking, e.g. in tests, is the local admin).
    local_console: bool = False
    console_viewer: Viewer | None = None
    # Called every few seconds while a heavy job of this turn runs ("typing…" in Telegram).
    heartbeat: Callable[[], Awaitable[None]] | None = None
    # The bot's @username as Telegram reported it (for invite links); None in the terminal.
    bot_username: str | None = None
    # Called before work that may take over a second: "typing…" and a short "Đang xử lý…"
    # message that the front end then replaces with the result (`show_progress`).
    progress: Callable[[], Awaitable[None]] | None = None

    async def show_progress(self) -> None:
        """Tell the user that a slow action has started (nothing in the terminal or tests)."""
        if self.progress is not None:
            await self.progress()

    def with_data(self, data: str) -> Turn:
        return replace(self, data=data)

    def with_text(self, text: str) -> Turn:
        return replace(self, text=text)
