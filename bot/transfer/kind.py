"""The shapes of an import/export kind: its row errors, checked rows and protocol, and `register`.

Kept apart from the driver (`bot.transfer.registry`) so the built-in kinds (`bot.transfer.kinds`)
register themselves without importing the module that imports them (no import cycle).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.transfer.table import Row
from knowledge.loader import KnowledgeBase


@dataclass(frozen=True)
class RowError:
    row: int
    key: str  # template key under bot/templates/transfer/row_errors.j2
    column: str = ""
    value: str = ""
    hint: str = ""  # a near valid value to offer back ("có phải …?"), when one is close


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
        self, session: AsyncSession, rows: Sequence[Row], errors: list[RowError],
        kb: KnowledgeBase,
    ) -> Checked: ...

    async def apply(
        self, session: AsyncSession, checked: Checked, now: dt.datetime, actor: int | None
    ) -> int: ...


# Every registered kind by name; `bot.transfer.registry` fills it with the built-in kinds on first
# use, and a feature adds its own with `register` (the reminders' campaigns).
KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    KINDS[kind.name] = kind
