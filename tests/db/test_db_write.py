"""One short write per update (`Database.write`): a saved answer is never lost, a stale one never
overwrites a newer state, and on a SQLite file a writer holding the lock does not freeze the bot."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3

import pytest

from bot.conversation.sessions import FlowState, load_flow, save_flow
from bot.db.errors import StaleVersion
from bot.db.interviews import NEW
from bot.db.session import Database
from bot.update_gate import first_delivery

CHAT = USER = 4242


async def test_an_answer_saved_twice_from_the_same_screen_is_applied_once(
    db: Database, pinned_now: dt.datetime
) -> None:
    first = await save_flow(db, CHAT, USER, "eligibility",
                            FlowState({"award": "a"}, None, {}), NEW, pinned_now)
    second = await save_flow(db, CHAT, USER, "eligibility",
                             FlowState({"award": "b"}, None, {}), first.version, pinned_now)
    # A double tap: the same screen (version 1) answered again after it moved on.
    with pytest.raises(StaleVersion):
        await save_flow(db, CHAT, USER, "eligibility",
                        FlowState({"award": "c"}, None, {}), first.version, pinned_now)
    stored = await load_flow(db, CHAT, USER, "eligibility")
    assert stored is not None
    assert stored.answers == {"award": "b"}
    assert stored.version == second.version == 2


async def test_a_retried_webhook_update_is_handled_once(
    db: Database, pinned_now: dt.datetime
) -> None:
    assert await first_delivery(db, 910_000_001, pinned_now) is True
    assert await first_delivery(db, 910_000_001, pinned_now) is False


async def test_a_write_waits_off_the_loop_while_another_writer_holds_the_lock(
    db: Database, pinned_now: dt.datetime
) -> None:
    if db.sqlite_path is None:
        pytest.skip("the in-loop writer exists on a SQLite file only")
    other = sqlite3.connect(db.sqlite_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's write transaction
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    clock = asyncio.create_task(ticker())
    try:
        write = asyncio.create_task(first_delivery(db, 910_000_002, pinned_now))
        await asyncio.sleep(0.2)
        assert not write.done()  # waiting for the lock …
        assert ticks >= 10  # … while other updates are served
        other.execute("COMMIT")
        assert await asyncio.wait_for(write, 10) is True
    finally:
        clock.cancel()
        other.close()
    assert await first_delivery(db, 910_000_002, pinned_now) is False
