"""Helpers for end-to-end tests: settings and services pointed at the fake Bot API."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from telegram.ext import Application

from bot.app import build_application
from bot.chat.router import Router
from bot.config import Settings
from bot.db.officers import create_invite, get_officer, unit_name
from bot.db.session import Database
from bot.render import Renderer
from bot.services import Services
from fakebot.client import BotMessage, FakeUser
from fakebot.harness import running_application
from fakebot.server import FakeTelegram
from knowledge.dossier_schema import DossierKB
from knowledge.loader import KnowledgeBase, load_knowledge

_KB: KnowledgeBase | None = None


def knowledge_base() -> KnowledgeBase:
    """Loaded once per test session: it is read-only."""
    global _KB
    if _KB is None:
        _KB = load_knowledge()
    return _KB


def dossier_kb() -> DossierKB:
    """The dossier rules of `knowledge_base()` (readers, checker and blank forms take them)."""
    return knowledge_base().dossier


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


async def new_invite(
    db: Database,
    unit_id: int,
    *,
    role: str = "officer",
    expires_in_days: int = 7,
    scope: list[int] | None = None,
    can_see_subunits: bool = False,
) -> str:
    """An invite code for `unit_id`, created in the core as `tdkt invite` does. The bot checks
    expiry against the real clock (read at the Telegram edge), so the invite is dated by it too."""
    now = dt.datetime.now(dt.UTC)
    async with db.session() as session, session.begin():
        invite = await create_invite(
            session, unit_id, role, None, now + dt.timedelta(days=expires_in_days), now,
            scope=scope, can_see_subunits=can_see_subunits,
        )
        return invite.code


async def register_officer(
    services: Services,
    user: FakeUser,
    unit_id: int,
    *,
    role: str = "officer",
    scope: list[int] | None = None,
    can_see_subunits: bool = False,
) -> BotMessage:
    """Register `user` with the unit as a real officer (reviewer, admin) does: an invite, then
    `/start CODE` through the fake Telegram. Fails loudly unless the bot welcomes them with the
    unit and role and the officer is stored as invited; returns the welcome message."""
    code = await new_invite(
        services.db, unit_id, role=role, scope=scope, can_see_subunits=can_see_subunits
    )
    await user.send(f"/start {code}")
    welcome = user.last_reply()
    async with services.db.session() as session:
        name = await unit_name(session, unit_id)
        officer = await get_officer(session, user.user_id)
    role_label = services.renderer.label(f"roles.{role}")
    assert "Đăng ký thành công" in welcome.text, f"/start {code} was not welcomed:\n{welcome}"
    assert name in welcome.text and role_label in welcome.text, welcome.text
    assert officer is not None and officer.active, f"user {user.user_id} was not registered"
    assert (officer.unit_id, officer.role) == (unit_id, role)
    assert (officer.scope, officer.can_see_subunits) == (scope, can_see_subunits)
    return welcome
