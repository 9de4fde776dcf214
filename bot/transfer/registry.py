"""What can be imported and exported, and the all-or-nothing import driver.

A *kind* (units, officers, people, dossiers…; campaigns can be added by the reminders feature
with `register`) declares its columns, how to export its rows, how to check one row (returning
error keys, never raising) and how to apply the checked rows. `import_table` checks every row
first; if any row is wrong nothing is written and every error comes back with its row number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import audit
from bot.transfer.table import Row


@dataclass(frozen=True)
class RowError:
    row: int
    key: str  # template key under bot/templates/transfer/row_errors.j2
    column: str = ""
    value: str = ""


@dataclass
class Checked:
    """Rows that passed checking, with whatever the kind resolved while checking them."""

    rows: list[tuple[Row, dict[str, Any]]] = field(default_factory=list)


class Kind(Protocol):
    name: str
    columns: Sequence[str]
    required: Sequence[str]

    def export_rows(self, session: AsyncSession) -> AsyncIterator[dict[str, Any]]: ...

    async def check(
        self, session: AsyncSession, rows: Sequence[Row], errors: list[RowError]
    ) -> Checked: ...

    async def apply(
        self, session: AsyncSession, checked: Checked, now: dt.datetime, actor: int | None
    ) -> int: ...


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.name] = kind


def get_kind(name: str) -> Kind | None:
    from bot.transfer import kinds  # noqa: F401  (registers the built-in kinds)

    return _KINDS.get(name)


def kind_names() -> list[str]:
    from bot.transfer import kinds  # noqa: F401

    return sorted(_KINDS)


class ImportRejected(Exception):
    """The file had errors; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} row error(s)")
        self.errors = errors


async def import_table(
    session: AsyncSession,
    kind: Kind,
    header: Sequence[str],
    rows: Sequence[Row],
    now: dt.datetime,
    actor: int | None,
) -> int:
    """Check all rows, then apply them all (caller's transaction) or raise `ImportRejected`."""
    errors = [
        RowError(1, "missing_column", column) for column in kind.required if column not in header
    ]
    if errors:
        raise ImportRejected(errors)
    checked = await kind.check(session, rows, errors)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.row, e.column)))
    count = await kind.apply(session, checked, now, actor)
    await audit.record(session, actor, f"import.{kind.name}", None, None, {"rows": count}, now)
    return count
