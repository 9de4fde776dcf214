"""One user's updates are handled one at a time in the order sent; other users do not wait."""

from __future__ import annotations

import asyncio

from telegram import Update

from handlers.concurrency import PerUserUpdates


def _update(update_id: int, user_id: int) -> Update:
    user = {"id": user_id, "is_bot": False, "first_name": "A"}
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "chat": {"id": user_id, "type": "private"},
        "from": user, "text": "x"}}, None)


async def test_a_users_updates_run_in_order_and_other_users_run_meanwhile() -> None:
    processor = PerUserUpdates()
    log: list[str] = []
    release = asyncio.Event()

    async def slow(name: str) -> None:
        log.append(f"{name} start")
        await release.wait()
        log.append(f"{name} end")

    async def quick(name: str) -> None:
        log.append(name)

    tasks = [
        asyncio.create_task(processor.process_update(_update(1, 7), slow("7a"))),
        asyncio.create_task(processor.process_update(_update(2, 7), quick("7b"))),
        asyncio.create_task(processor.process_update(_update(3, 8), quick("8a"))),
    ]
    await asyncio.sleep(0.05)
    assert log == ["7a start", "8a"]  # user 8 was not held up; 7b waits for 7a
    release.set()
    await asyncio.gather(*tasks)
    assert log == ["7a start", "8a", "7a end", "7b"]
