"""Helpers for end-to-end tests: settings and services pointed at the fake Bot API."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from telegram.ext import Application

from bot.app import build_application
from bot.chat.router import Router
from bot.config import Settings
from bot.db.session import Database
from bot.render import Renderer
from bot.services import Services
from fakebot.harness import running_application
from fakebot.server import FakeTelegram
from knowledge.loader import KnowledgeBase, load_knowledge

_KB: KnowledgeBase | None = None


def knowledge_base() -> KnowledgeBase:
    """Loaded once per test session: it is read-only."""
    global _KB
    if _KB is None:
        _KB = load_knowledge()
    return _KB


def settings_for(server: FakeTelegram, database_url: str, **extra: object) -> Settings:
    return Settings(
        bot_token=server.token,
        database_url=database_url,
        bot_api_base_url=server.base_url,
        bot_api_file_url=server.base_file_url,
        **extra,  # type: ignore[arg-type]
    )


@dataclass
class BotEnv:
    server: FakeTelegram
    services: Services
    db: Database
    application: Application


def make_services(
    server: FakeTelegram, db: Database, database_url: str, **extra: object
) -> Services:
    settings = settings_for(server, database_url, **extra)
    return Services(settings=settings, db=db, kb=knowledge_base(), renderer=Renderer())


def start_bot(
    server: FakeTelegram, services: Services, router: Router | None = None
) -> AbstractAsyncContextManager[Application]:
    """For tests that need a custom router (e.g. one that fails on purpose)."""
    application = build_application(services.settings, services, router=router, outbox_tick=False)
    return running_application(application, server)
