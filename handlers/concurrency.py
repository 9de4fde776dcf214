"""Updates of different users run concurrently; one user's updates run one at a time, in order.

PTB handles updates one after the other by default, so one slow turn delays every user (review
H1). With this processor another user's `/help` is answered while a guest's big check runs (the
check itself runs in a worker process, `bot.offload`), and a user's own messages still arrive at
their journey in the order sent, as the state rows expect. A user's waiting updates do not hold
one of the global slots: the per-user lock is taken before the slot.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 64


class PerUserUpdates(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: dict[int, int] = {}

    async def process_update(  # type: ignore[misc]  # PTB marks it final; we add a lock first
        self, update: object, coroutine: Awaitable[Any]
    ) -> None:
        key = _key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] = self._holders.get(key, 0) + 1
        try:
            async with lock:
                await super().process_update(update, coroutine)
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:
                del self._holders[key]
                self._locks.pop(key, None)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _key(update: object) -> int:
    """The user (or, failing that, the chat) an update belongs to; 0 for neither."""
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return 0
