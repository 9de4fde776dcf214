"""`tdkt chat`: the same journeys in the terminal, through the same router and templates.

Buttons are lettered ([a], [b], …); typing the letter, or the button's exact label, taps it
(numbers stay free for answers such as "12" months). A slash command works as in Telegram. Typing
the path of a `.docx`/`.xlsx`/`.zip` file sends it as a document. End with Ctrl-D or /thoat.
The terminal user has direct access to the database file, so they act as a local admin.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.bootstrap import build_services
from bot.chat.journeys import build_router
from bot.chat.router import Router
from bot.config import Settings
from bot.conversation.turn import IncomingFile, Turn
from bot.conversation.viewer import Viewer
from bot.render import Button, Renderer, Reply, to_plain
from bot.services import Services
from bot.text import fold
from tdkt.terminal_identity import console_viewer

CONSOLE_ID = 0
QUIT_WORDS = {"/thoat", "/exit", "/quit"}
UPLOAD_SUFFIXES = {".docx", ".xlsx", ".zip", ".xlsm", ".docm", ".doc", ".xls", ".pdf"}


class TerminalChat:
    """Reads lines, turns them into Turns, prints replies with numbered buttons."""

    def __init__(
        self,
        services: Services,
        router: Router,
        output: TextIO,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.services = services
        self.router = router
        self.output = output
        self.clock = clock
        self.buttons: list[Button] = []
        self.name = getpass.getuser()
        self.viewer: Viewer | None = None

    def turn(self, **kwargs: object) -> Turn:
        return Turn(
            services=self.services,
            chat_id=CONSOLE_ID,
            user_id=CONSOLE_ID,
            full_name=self.name,
            now=self.clock(),
            local_console=True,
            console_viewer=self.viewer,
            **kwargs,  # type: ignore[arg-type]
        )

    async def handle_line(self, line: str) -> list[Reply]:
        line = line.strip()
        if not line:
            return []
        pressed = self._button_for(line)
        if pressed is not None:
            return await self.router.button(self.turn(data=pressed.data))
        # A file path first: "/home/…/to_trinh.docx" is a document, not a command.
        path = Path(line.strip("'\""))
        if path.suffix.lower() in UPLOAD_SUFFIXES and path.is_file():
            return await self.router.file(self.turn(file=_local_file(path)))
        if line.startswith("/"):
            name, _, rest = line[1:].partition(" ")
            replies = await self.router.command(name.lower(), self.turn(text=rest.strip()))
            if replies is None:
                from bot.chat.common import unknown_command

                replies = await unknown_command(self.turn(text=line.split()[0]))
            return replies
        return await self.router.text(self.turn(text=line))

    def _button_for(self, line: str) -> Button | None:
        """The button named by its letter or by its exact label (case and diacritics ignored)."""
        key = line.lower()
        if len(key) == 1 and "a" <= key <= "z":
            index = ord(key) - ord("a")
            return self.buttons[index] if index < len(self.buttons) else None
        folded = fold(line)
        return next((b for b in self.buttons if fold(b.label) == folded), None)

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            if reply.text:
                print(to_plain(reply.text), file=self.output)
            if reply.document is not None and reply.document.file_id is None:
                target = Path.cwd() / reply.document.filename
                target.write_bytes(reply.document.content)
                label = self.services.renderer.label("terminal.saved_file", path=str(target))
                print(label, file=self.output)
            if reply.buttons:
                self.buttons = [b for row in reply.buttons for b in row]
                for index, button in enumerate(self.buttons):
                    print(f"  [{chr(ord('a') + index)}] {button.label}", file=self.output)
            print(file=self.output)


def _local_file(path: Path) -> IncomingFile:
    async def fetch() -> bytes:
        return path.read_bytes()

    return IncomingFile(path.name, path.stat().st_size, None, fetch)


async def run_terminal_chat(
    settings: Settings,
    renderer: Renderer,
    lines: TextIO | None = None,
    output: TextIO | None = None,
    role: str | None = None,
    unit: str | None = None,
) -> int:
    """The terminal chat; asks who is there unless `role` (and `unit`) say it."""
    services = await build_services(settings, renderer)
    chat = TerminalChat(services, build_router(), output or sys.stdout)
    source = lines or sys.stdin
    try:
        chat.viewer = await console_viewer(
            services, renderer, role, unit, source.readline, chat.output
        )
        chat.name = chat.viewer.full_name or chat.name
        chat.show(await chat.router.command("start", chat.turn()) or [])
        print(renderer.label("terminal.hint"), file=chat.output)
        while True:
            line = await asyncio.to_thread(source.readline)
            if not line or line.strip().lower() in QUIT_WORDS:
                break
            chat.show(await chat.handle_line(line))
    finally:
        await services.db.dispose()
    print(renderer.label("terminal.bye"), file=chat.output)
    return 0
