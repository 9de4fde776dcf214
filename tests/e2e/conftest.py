"""End-to-end fixtures: the real Application, built by `bot.app`, talking to the fake Bot API.

`bot_env` starts the fake Telegram server, builds services on the test database and runs the
Application exactly as `tdkt run` would wire it (same router, handlers, error handler).
Tests then talk like a user: `await user.send("/start")`, `await user.tap("…")`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from bot.app import build_application
from bot.db.session import Database
from e2e.support import BotEnv, make_services
from fakebot.harness import running_application
from fakebot.server import FakeTelegram


@pytest_asyncio.fixture
async def fake_server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest_asyncio.fixture
async def bot_env(
    fake_server: FakeTelegram, db: Database, database_url: str
) -> AsyncIterator[BotEnv]:
    services = make_services(fake_server, db, database_url)
    application = build_application(services.settings, services, outbox_tick=False)
    async with running_application(application, fake_server):
        yield BotEnv(fake_server, services, db, application)
