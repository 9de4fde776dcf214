"""Import or export one kind as a file: the entry point shared by the CLI and the chat."""

from __future__ import annotations

import datetime as dt

from bot.db.session import Database
from bot.errors import InputError
from bot.transfer.registry import ImportRejected, RowError, get_kind, import_table, kind_names
from bot.transfer.table import TableError, read_table, write_table
from knowledge.loader import KnowledgeBase

__all__ = ["ImportRejected", "RowError", "export_kind", "import_kind"]


def _kind(name: str):  # type: ignore[no-untyped-def]
    kind = get_kind(name)
    if kind is None:
        raise InputError("transfer_unknown_kind", kind=name, kinds=", ".join(kind_names()))
    return kind


async def import_kind(
    db: Database, name: str, filename: str, content: bytes, now: dt.datetime, actor: int | None,
    *, kb: KnowledgeBase,
) -> int:
    """Import every row or none; `ImportRejected` lists row-numbered errors."""
    kind = _kind(name)
    try:
        header, rows = read_table(filename, content)
    except TableError as error:
        raise InputError(error.key, file=filename) from None
    async with db.session() as session, session.begin():
        return await import_table(session, kind, header, rows, now, actor, kb)


async def export_kind(db: Database, name: str, filename: str) -> tuple[bytes, int]:
    """The file's bytes and the number of data rows."""
    kind = _kind(name)
    try:
        from bot.transfer.table import file_format

        file_format(filename)
    except TableError as error:
        raise InputError(error.key, file=filename) from None
    rows = []
    async with db.session() as session:
        async for row in kind.export_rows(session):
            rows.append(row)
    return write_table(filename, kind.columns, rows), len(rows)
