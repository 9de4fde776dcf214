"""Map the database URL a user configures to the async driver SQLAlchemy needs.

Users write `sqlite:///./tdkt.db` or `postgresql://…` (contracts §6); the engine needs
`sqlite+aiosqlite` / `postgresql+asyncpg`. Async forms pass through unchanged.
"""

from __future__ import annotations

from bot.db.errors import InvalidDatabaseUrl

_ASYNC_SCHEMES = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+pysqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "postgresql+psycopg2": "postgresql+asyncpg",
    "postgresql+psycopg": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}


def to_async_url(url: str) -> str:
    """The async-driver form of `url`; raise `InvalidDatabaseUrl` for anything else."""
    cleaned = url.strip()
    scheme, sep, rest = cleaned.partition("://")
    target = _ASYNC_SCHEMES.get(scheme.lower()) if sep else None
    if target is None or (target.startswith("postgresql") and not rest.strip("/")):
        raise InvalidDatabaseUrl(_without_password(cleaned))
    return f"{target}://{rest}"


def is_sqlite(url: str) -> bool:
    """True when the (async) URL points at SQLite."""
    return to_async_url(url).startswith("sqlite")


def _without_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
