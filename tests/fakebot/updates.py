"""The bot's pending updates and getUpdates long polling, with Telegram's offset semantics.

An update stays pending until a later getUpdates confirms it with `offset` greater than its id;
a negative offset keeps only the last |offset| updates. A new getUpdates ends the previous one
with 409 Conflict, as Telegram does when two instances poll with the same token.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from typing import Any

from .protocol import ApiError

JsonDict = dict[str, Any]

FIRST_UPDATE_ID = 800_000_001
# Sent only when asked for explicitly (Bot API getUpdates `allowed_updates`).
OPT_IN_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
SUPERSEDED = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)


def update_type(update: JsonDict) -> str:
    return next((key for key in update if key != "update_id"), "")


class UpdateQueue:
    def __init__(self) -> None:
        self.pending: list[JsonDict] = []
        self.allowed: list[str] | None = None
        self.history: list[JsonDict] = []  # every update accepted, in order
        self.dropped: list[JsonDict] = []  # filtered out by allowed_updates
        self.fetch_counts: dict[int, int] = {}  # update_id -> times returned by getUpdates
        self.closing = False
        self._ids = itertools.count(FIRST_UPDATE_ID)
        self._changed = asyncio.Condition()
        self._generation = 0

    def assign_id(self, update: JsonDict) -> JsonDict:
        if "update_id" not in update:
            update = {"update_id": next(self._ids), **update}
        return update

    def accepts(self, update: JsonDict) -> bool:
        kind = update_type(update)
        if self.allowed:
            return kind in self.allowed
        return kind not in OPT_IN_TYPES

    async def put(self, update: JsonDict) -> JsonDict | None:
        """Queue an update (id assigned if missing); None when allowed_updates filters it out."""
        update = self.assign_id(update)
        if not self.accepts(update):
            self.dropped.append(update)
            return None
        self.pending.append(update)
        self.history.append(update)
        await self.notify()
        return update

    def remove(self, update_id: int) -> None:
        self.pending = [u for u in self.pending if u["update_id"] != update_id]

    def confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            self.pending = self.pending[offset:]
        else:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]

    def clear(self) -> None:
        self.pending = []

    async def notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def close(self) -> None:
        self.closing = True
        await self.notify()

    def begin_poll(self, offset: int | None) -> int:
        """getUpdates, first half: confirm by offset; the new poll supersedes any older one."""
        self.confirm(offset)
        self._generation += 1
        return self._generation

    @property
    def polls(self) -> int:
        """getUpdates calls begun so far."""
        return self._generation

    async def fetch(self, generation: int, limit: int, timeout: float) -> list[JsonDict]:
        """getUpdates, second half: wait up to `timeout` seconds for something to return."""
        async with self._changed:
            self._changed.notify_all()  # ends an older long poll with 409

            def ready() -> bool:
                return bool(self.pending) or self.closing or self._generation != generation

            if timeout > 0 and not ready():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait_for(ready), timeout)
        if self._generation != generation:
            raise ApiError(409, SUPERSEDED)
        batch = self.pending[:limit]
        for update in batch:
            update_id = update["update_id"]
            self.fetch_counts[update_id] = self.fetch_counts.get(update_id, 0) + 1
        return batch
