"""Logs keep what users typed out, follow TDKT_LOG_LEVEL, and do not drown in alembic's chatter."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.config import load_settings
from bot.db.session import Database
from bot.errors import ConfigError
from bot.logging_setup import configure_logging

USER_TEXT = "Nguyễn Thị Bí Mật 0912345678"


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    names = ("alembic", "httpx", "apscheduler")
    saved = (root.level, list(root.handlers), [logging.getLogger(n).level for n in names])
    yield
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]
    for name, level in zip(names, saved[2], strict=True):
        logging.getLogger(name).setLevel(level)


async def test_a_failing_statement_does_not_carry_the_users_text(db: Database) -> None:
    with pytest.raises(DBAPIError) as info:
        async with db.session() as session:
            await session.execute(text("SELECT :name FROM no_such_table"), {"name": USER_TEXT})
    assert USER_TEXT not in str(info.value)
    assert "hidden" in str(info.value)


def test_the_log_level_comes_from_the_setting(
    monkeypatch: pytest.MonkeyPatch, restored_logging: None
) -> None:
    monkeypatch.setenv("TDKT_LOG_LEVEL", "warning")
    configure_logging(load_settings().log_level)
    assert logging.getLogger().getEffectiveLevel() == logging.WARNING
    assert not logging.getLogger("tdkt.run").isEnabledFor(logging.INFO)


def test_alembic_start_up_chatter_is_hidden_at_info(restored_logging: None) -> None:
    configure_logging("INFO")
    assert not logging.getLogger("alembic.runtime.plugins").isEnabledFor(logging.INFO)
    assert logging.getLogger("tdkt.ticks").isEnabledFor(logging.INFO)
    configure_logging("DEBUG")
    assert logging.getLogger("alembic.runtime.plugins").isEnabledFor(logging.INFO)


def test_an_unknown_log_level_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_LOG_LEVEL", "LOUD")
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert info.value.key == "invalid_log_level"
