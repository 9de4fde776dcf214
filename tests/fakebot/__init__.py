"""A fake Telegram Bot API server and a user-side client for end-to-end tests of the bot.

`FakeTelegram` (server.py) speaks the Bot API over HTTP the way api.telegram.org does for
python-telegram-bot 22; `FakeUser` (client.py) injects a user's messages, taps and uploads and
waits for the bot's reaction; `running_application` (harness.py) runs a PTB Application against
the server; `fake_telegram` (fixtures.py) is the pytest fixture. Typical end-to-end test:

    # tests/conftest.py
    from fakebot.fixtures import fake_telegram  # noqa: F401

    # tests/e2e/test_start.py
    async def test_start(fake_telegram):
        settings = load_settings(bot_token=fake_telegram.token,
                                 bot_api_base_url=fake_telegram.base_url, ...)
        application = build_application(settings, services)
        async with running_application(application, fake_telegram):
            mai = fake_telegram.user(1001, "Mai")
            await mai.send("/start")
            await mai.tap("xet dieu kien")
            assert "..." in mai.last_reply().text
"""

from .client import BotMessage, FakeUser, SentDocument
from .harness import running_application, track_processing
from .server import DEFAULT_TOKEN, FakeTelegram

__all__ = ["DEFAULT_TOKEN", "BotMessage", "FakeTelegram", "FakeUser", "SentDocument",
           "running_application", "track_processing"]
