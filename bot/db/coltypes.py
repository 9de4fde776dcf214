"""Column types shared by the models: timezone-aware UTC datetimes on every backend.

SQLite has no timestamp type and hands naive datetimes back; PostgreSQL returns aware ones in
the session time zone. `UTCDateTime` stores UTC and always returns aware UTC values, and refuses
naive input so that a forgotten `tzinfo` is a bug found in tests, not a silent 7-hour shift.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class NaiveDatetime(ValueError):
    """A datetime without tzinfo was given to the database."""


class UTCDateTime(TypeDecorator[dt.datetime]):
    """`DateTime(timezone=True)` that stores UTC and reads back aware UTC datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetime(f"naive datetime {value.isoformat()} given to the database")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
