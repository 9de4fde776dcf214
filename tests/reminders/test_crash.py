"""Kill -9 the sender between claim and send, restart: every reminder still goes out, none
twice. Killed after a send started (its key committed) but before its outcome was recorded, that
message is `uncertain` and not sent again: nobody gets it twice (docs/adr/004).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.models import OutboxMessage
from bot.db.session import Database
from bot.reminders.tick import tick

from .support import RecordingNotifier, small_province, vn

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
START = vn(2026, 1, 17, 8, 1)


async def _run_and_kill(database_url: str, mode: str, log: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(HERE / "crashing_sender.py"), database_url, START.isoformat(), mode,
        str(log), env=env,
    )
    try:
        for _ in range(600):
            if log.exists() and "claimed" in log.read_text():
                break
            await asyncio.sleep(0.05)
        else:
            pytest.fail("the sender never claimed anything")
    finally:
        process.send_signal(signal.SIGKILL)
        await process.wait()


def _accepted(log: Path) -> list[int]:
    return [int(line) for line in log.read_text().split() if line.isdigit()]


@pytest.mark.parametrize(("mode", "uncertain"), [("before_send", 0), ("after_send", 1)])
async def test_killed_sender_loses_nothing_and_sends_nothing_twice(
    db: Database, database_url: str, tmp_path: Path, mode: str, uncertain: int
) -> None:
    await small_province(db)
    log = tmp_path / "telegram.log"
    await _run_and_kill(database_url, mode, log)
    accepted_before_crash = _accepted(log)

    restarted = RecordingNotifier()
    # Within the dead worker's lease nothing is resent; after it (15 s), everything is.
    await tick(db, restarted, START + dt.timedelta(seconds=10), worker_id="restarted", pace=None)
    assert restarted.sent == []
    await tick(db, restarted, START + dt.timedelta(seconds=16), worker_id="restarted", pace=None)
    await tick(db, restarted, START + dt.timedelta(seconds=17), worker_id="restarted", pace=None)

    delivered = Counter(accepted_before_crash) + restarted.chats()
    assert delivered == {1001: 1, 1002: 1, 1003: 1}  # nobody lost, nobody twice
    async with db.session() as s:
        statuses = Counter((await s.scalars(select(OutboxMessage.status))).all())
    assert (statuses["sent"], statuses["uncertain"]) == (3 - uncertain, uncertain)
