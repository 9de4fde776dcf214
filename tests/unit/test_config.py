"""Settings refuse bad values with a key naming the variable, and never reveal the token."""

import pytest

from bot.config import load_settings
from bot.errors import ConfigError
from bot.logging_setup import RedactTokens, redact

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"


def test_malformed_token_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_BOT_TOKEN", "not-a-token")
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert info.value.key == "malformed_token"


def test_blank_token_means_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_BOT_TOKEN", "   ")
    assert load_settings().token() is None


def test_token_is_hidden_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_BOT_TOKEN", TOKEN)
    settings = load_settings()
    assert settings.token() == TOKEN
    assert TOKEN not in repr(settings)


def test_file_url_is_derived_from_the_api_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_BOT_API_BASE_URL", "http://127.0.0.1:8081/bot")
    assert load_settings().file_url == "http://127.0.0.1:8081/file/bot"


def test_database_url_reads_the_unprefixed_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert load_settings().database_url == "postgresql://u@h/db"


@pytest.mark.parametrize(
    ("variable", "value", "key"),
    [
        ("TDKT_TIMEZONE", "Mars/Olympus", "unknown_timezone"),
        ("TDKT_ADMIN_IDS", "12,abc", "malformed_admin_ids"),
        ("TDKT_MAX_UPLOAD_MB", "0", "invalid_upload_limit"),
        ("TDKT_WEBHOOK_SECRET", "has space", "malformed_webhook_secret"),
    ],
)
def test_bad_settings_give_their_key(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, key: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert info.value.key == key


def test_log_records_never_carry_the_token() -> None:
    import logging

    record = logging.LogRecord(
        "httpx", logging.INFO, "", 0, "POST %s", (f"https://x/bot{TOKEN}/getMe",), None
    )
    RedactTokens().filter(record)
    assert TOKEN not in record.getMessage()
    assert TOKEN not in redact(f"url bot{TOKEN}/sendMessage")
