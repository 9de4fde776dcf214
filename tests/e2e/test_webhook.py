"""Webhook mode as `tdkt run --webhook URL` configures it: Telegram's secret token is enforced."""

from __future__ import annotations

import socket

from bot.app import WebhookOptions, build_application
from bot.db.session import Database
from e2e.support import make_services
from fakebot.harness import track_processing
from fakebot.server import FakeTelegram


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_webhook_mode_listens_on_loopback_with_a_secret_even_when_none_is_set() -> None:
    from bot.config import Settings

    first = WebhookOptions.from_settings(Settings(), "https://bot.example.vn/hook", 8443)
    second = WebhookOptions.from_settings(Settings(), "https://bot.example.vn/hook", 8443)
    assert first.listen == "127.0.0.1"
    assert first.generated_secret and len(first.secret_token) >= 32
    assert first.secret_token != second.secret_token  # random per start, never a fixed default
    set_one = Settings(webhook_secret="bi-mat_123")  # type: ignore[arg-type]
    options = WebhookOptions.from_settings(set_one, "https://x.vn/hook", 8443, listen="0.0.0.0")
    assert (options.secret_token, options.generated_secret, options.listen) == (
        "bi-mat_123", False, "0.0.0.0")


def test_a_url_without_path_listens_on_telegram() -> None:
    from bot.config import Settings

    options = WebhookOptions.from_settings(Settings(), "https://bot.example.vn", 8443)
    assert options.url_path == "telegram"
    assert options.webhook_url == "https://bot.example.vn/telegram"
    assert options.as_kwargs()["drop_pending_updates"] is False


async def test_webhook_answers_telegram_and_refuses_a_wrong_secret(
    fake_server: FakeTelegram, db: Database, database_url: str
) -> None:
    services = make_services(fake_server, db, database_url, webhook_secret="bi-mat_123")
    application = build_application(services.settings, services)
    port = _free_port()
    options = WebhookOptions.from_settings(
        services.settings, f"http://127.0.0.1:{port}/hook", port, listen="127.0.0.1"
    )
    track_processing(application, fake_server)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_webhook(**options.as_kwargs())
        try:
            user = fake_server.user(4001, "Thu")
            await user.send("/start")  # pushed to our webhook with the registered secret
            assert "chưa được đăng ký" in user.last_reply().text
            answered = len(fake_server.messages(user.chat_id))
            forged = {"message": fake_server.updates.history[-1]["message"]}
            assert await fake_server.deliver_webhook(forged, secret_token="sai") == 403
            assert await fake_server.deliver_webhook(forged, secret_token=None) == 403
            assert len(fake_server.messages(user.chat_id)) == answered
        finally:
            await application.updater.stop()
            await application.stop()


async def test_without_a_configured_secret_a_forged_webhook_request_gets_403(
    fake_server: FakeTelegram, db: Database, database_url: str
) -> None:
    services = make_services(fake_server, db, database_url)  # no TDKT_WEBHOOK_SECRET
    assert services.settings.webhook_secret is None
    application = build_application(services.settings, services)
    port = _free_port()
    options = WebhookOptions.from_settings(
        services.settings, f"http://127.0.0.1:{port}/hook", port
    )
    track_processing(application, fake_server)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_webhook(**options.as_kwargs())
        try:
            user = fake_server.user(4002, "Lan")
            await user.send("/start")  # Telegram got the generated secret from setWebhook
            assert "chưa được đăng ký" in user.last_reply().text
            answered = len(fake_server.messages(user.chat_id))
            forged = {"message": fake_server.updates.history[-1]["message"]}
            assert await fake_server.deliver_webhook(forged, secret_token=None) == 403
            assert await fake_server.deliver_webhook(forged, secret_token="") == 403
            assert len(fake_server.messages(user.chat_id)) == answered
        finally:
            await application.updater.stop()
            await application.stop()
