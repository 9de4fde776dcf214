"""The update-id gate only where duplicates can arrive (issue 16): `tdkt run` with long polling
(one consumer, offsets confirmed) answers without recording update ids; behind a webhook every
update is recorded, so a retry or a second instance does not answer again."""

from __future__ import annotations

from sqlalchemy import func, select
from telegram import Update

from bot.app import build_application
from bot.db.models import ProcessedUpdate
from bot.db.session import Database
from e2e.support import make_services
from fakebot.harness import running_application
from fakebot.server import FakeTelegram


async def _recorded(db: Database) -> int:
    async with db.session() as session:
        return int((await session.execute(
            select(func.count()).select_from(ProcessedUpdate))).scalar() or 0)


async def test_long_polling_answers_without_recording_update_ids(
    fake_server: FakeTelegram, db: Database, database_url: str
) -> None:
    services = make_services(fake_server, db, database_url)
    application = build_application(services.settings, services, outbox_tick=False,
                                    dedupe_updates=False)
    async with running_application(application, fake_server):
        user = fake_server.user(1201, "Lan")
        await user.send("/help")
        await user.send("/menu")
        assert len(fake_server.messages(user.chat_id)) >= 2
    assert await _recorded(db) == 0


async def test_behind_a_webhook_a_redelivered_update_is_answered_once(
    fake_server: FakeTelegram, db: Database, database_url: str
) -> None:
    services = make_services(fake_server, db, database_url)
    application = build_application(services.settings, services, outbox_tick=False,
                                    dedupe_updates=True)
    async with running_application(application, fake_server):
        user = fake_server.user(1202, "Huệ")
        await user.send("/help")
        answered = len(fake_server.messages(user.chat_id))
        raw = fake_server.updates.history[-1]
        await application.process_update(Update.de_json(raw, application.bot))
        assert len(fake_server.messages(user.chat_id)) == answered
    assert await _recorded(db) == 1

