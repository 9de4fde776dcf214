"""DATABASE_URL works in its plain or async form; anything else is refused clearly."""

import pytest

from bot.db.errors import InvalidDatabaseUrl
from bot.db.url import to_async_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///./tdkt.db", "sqlite+aiosqlite:///./tdkt.db"),
        ("sqlite:////var/lib/tdkt/tdkt.db", "sqlite+aiosqlite:////var/lib/tdkt/tdkt.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql://u:p@db:5432/tdkt", "postgresql+asyncpg://u:p@db:5432/tdkt"),
        ("postgres://u@db/tdkt", "postgresql+asyncpg://u@db/tdkt"),
        ("postgresql+psycopg2://u@db/tdkt", "postgresql+asyncpg://u@db/tdkt"),
        ("postgresql+asyncpg://u@db/tdkt", "postgresql+asyncpg://u@db/tdkt"),
    ],
)
def test_plain_and_async_urls_map_to_async_drivers(given: str, expected: str) -> None:
    assert to_async_url(given) == expected


@pytest.mark.parametrize("bad", ["mysql://u@h/db", "tdkt.db", "", "postgresql://"])
def test_unsupported_url_is_a_typed_error(bad: str) -> None:
    with pytest.raises(InvalidDatabaseUrl) as info:
        to_async_url(bad)
    assert info.value.key == "database_url_invalid"


def test_error_does_not_echo_the_password() -> None:
    with pytest.raises(InvalidDatabaseUrl) as info:
        to_async_url("mysql://admin:s3cret@db/tdkt")
    assert "s3cret" not in str(info.value)
