"""Run a turn's heavy step through the worker processes (`bot.offload`), as this user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from bot.conversation.turn import Turn
from bot.offload import workers_for

T = TypeVar("T")


async def offload(turn: Turn, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` off the event loop, one job per user, within the time and memory budgets.

    Raises `WorkRefused`; the router turns it into a Vietnamese message.
    """
    workers = workers_for(turn.services.settings.work_limits)
    await turn.show_progress()
    return await workers.run(turn.user_id, fn, *args, heartbeat=turn.heartbeat)
