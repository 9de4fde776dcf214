"""A reminder sender process that is killed mid-delivery (used by test_crash.py).

    python crashing_sender.py DATABASE_URL NOW_ISO MODE LOG

MODE `before_send`: hangs once it holds rows, before the first send started (no send key yet).
MODE `after_send`: Telegram "accepts" the first message (its chat id is appended to LOG), then
the process hangs before the outcome is committed; the send key was committed before the send.
Either way it writes "claimed" to LOG once it holds rows, and waits to be killed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from bot.db.delivery import SendResult
from bot.db.session import Database
from bot.reminders.tick import tick


class HangingNotifier:
    def __init__(self, mode: str, log: Path) -> None:
        self.mode, self.log = mode, log

    async def prepare(self) -> SendResult | None:
        """Called before each send (as the paced notifier's wait for its slot)."""
        if self.mode == "before_send":
            with self.log.open("a") as handle:
                handle.write("claimed\n")
            await asyncio.sleep(3600)
        return None

    async def send(self, chat_id: int, payload: dict[str, Any]) -> SendResult:
        with self.log.open("a") as handle:
            if self.mode == "after_send":
                handle.write(f"{chat_id}\n")
            handle.write("claimed\n")
        await asyncio.sleep(3600)
        return SendResult.sent(0)


async def main(url: str, now: str, mode: str, log: str) -> None:
    db = Database(url)
    await tick(db, HangingNotifier(mode, Path(log)), dt.datetime.fromisoformat(now),
               worker_id="doomed", pace=None)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
