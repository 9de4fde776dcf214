"""Typed errors of the database layer; each carries a machine `key` that selects a template."""

from __future__ import annotations

from bot.errors import TdktError


class DbError(TdktError):
    """Base of the errors raised by `bot.db`."""


class InvalidDatabaseUrl(DbError):
    """The configured database URL names no supported backend."""

    def __init__(self, url: str) -> None:
        super().__init__("database_url_invalid", url=url)


class DatabaseUnavailable(DbError):
    """The database server (or SQLite file) cannot be reached."""

    def __init__(self, host: str, detail: str = "") -> None:
        super().__init__("database_unreachable", host=host, detail=detail)
        self.host = host


class StaleVersion(DbError):
    """Someone else saved the row first (optimistic locking); reload and replay."""

    def __init__(self, table: str, expected: int) -> None:
        super().__init__("stale_version", table=table, expected=expected)


class InviteNotFound(DbError):
    """No invite has this code."""

    def __init__(self, code: str) -> None:
        super().__init__("invite_not_found", code=code)


class InviteExpired(DbError):
    """The invite exists but its validity has ended."""

    def __init__(self, code: str) -> None:
        super().__init__("invite_expired", code=code)


class InviteUsed(DbError):
    """The invite was already redeemed (invites are single-use)."""

    def __init__(self, code: str) -> None:
        super().__init__("invite_used", code=code)
