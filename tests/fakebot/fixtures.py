"""pytest fixtures for the fake Telegram server; import them into a conftest:

    from fakebot.fixtures import fake_telegram  # noqa: F401
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .server import FakeTelegram


@pytest_asyncio.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    """A started fake Bot API server on a free local port, stopped after the test."""
    async with FakeTelegram() as server:
        yield server
