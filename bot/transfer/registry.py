"""What can be imported and exported, and the all-or-nothing import driver.

A *kind* (units, officers, people, dossiers…; campaigns can be added by the reminders feature
with `register`) declares its columns, how to export its rows, how to check one row (returning
error keys, never raising) and how to apply the checked rows. `import_table` checks every row
first; if any row is wrong nothing is written and every error comes back with its row number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import audit
from bot.transfer import kinds as _builtin  # noqa: F401  (registers the built-in kinds)
from bot.transfer.kind import KINDS, Checked, Kind, RowError, register
from bot.transfer.table import Row
from knowledge.loader import KnowledgeBase

__all__ = ["Checked", "ImportRejected", "Kind", "RowError", "get_kind", "import_table",
           "kind_names", "register"]


def get_kind(name: str) -> Kind | None:
    return KINDS.get(name)


def kind_names() -> list[str]:
    return sorted(KINDS)


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
    kb: KnowledgeBase,
) -> int:
    """Check all rows, then apply them all (caller's transaction) or raise `ImportRejected`.
    `kb` holds the registered ids (provinces, sectors) a row is checked against."""
    errors = [
        RowError(1, "missing_column", column) for column in kind.required if column not in header
    ]
    if errors:
        raise ImportRejected(errors)
    checked = await kind.check(session, rows, errors, kb)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.row, e.column)))
    count = await kind.apply(session, checked, now, actor)
    await audit.record(session, actor, f"import.{kind.name}", None, None, {"rows": count}, now)
    return count
