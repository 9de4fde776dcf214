"""Bulk import by a reviewer or an admin, with the access rules of `bot.status.access`.

An admin may import every kind; a reviewer only dossiers, and only of the units in their scope:
a row naming a unit outside it, or the code of a dossier of such a unit, is a row error like any
other, so the whole file is refused and nothing is written (all or nothing). The scope check
and the import run in one transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.codes import parse_dossier_code
from bot.db.models import Dossier, Unit
from bot.db.session import Database
from bot.errors import AccessDenied, InputError
from bot.status.access import Action, Principal, can
from bot.transfer.registry import ImportRejected, RowError, get_kind, import_table, kind_names
from bot.transfer.table import Row, TableError, read_table
from knowledge.loader import KnowledgeBase

DOSSIERS = "dossiers"
OUT_OF_SCOPE = "out_of_scope"  # row error key (template status/import_rejected.j2)


def may_import(principal: Principal, kind: str) -> bool:
    """Admins import every kind; reviewers import dossiers (of their scope, checked per row)."""
    if can(principal, Action.MANAGE, None):
        return True
    return kind == DOSSIERS and any(
        can(principal, Action.IMPORT_DOSSIERS, unit) for unit in principal.units or ()
    )


def importable_kinds(principal: Principal) -> list[str]:
    return [kind for kind in kind_names() if may_import(principal, kind)]


async def import_as(
    db: Database,
    principal: Principal,
    kind_name: str,
    filename: str,
    content: bytes,
    now: dt.datetime,
    table: tuple[list[str], list[Row]] | None = None,
    *,
    kb: KnowledgeBase,
) -> int:
    """Import every row of the file or none; `ImportRejected` lists row-numbered errors,
    `AccessDenied` when the principal may not import this kind, `InputError` for a bad file.

    `table` is the file already read (the chat reads it in a worker process, ADR 007)."""
    kind = get_kind(kind_name)
    if kind is None:
        raise InputError("transfer_unknown_kind", kind=kind_name, kinds=", ".join(kind_names()))
    if not may_import(principal, kind_name):
        raise AccessDenied("access_denied", action=Action.IMPORT_DOSSIERS.value, unit_id=None)
    try:
        header, rows = table if table is not None else read_table(filename, content)
    except TableError as error:
        raise InputError(error.key, file=filename) from None
    async with db.session() as session, session.begin():
        if principal.units is not None:
            errors = await _scope_errors(session, principal, rows)
            if errors:
                raise ImportRejected(errors)
        return await import_table(
            session, kind, header, rows, now, principal.officer_id, kb
        )


async def _scope_errors(
    session: AsyncSession, principal: Principal, rows: list[Row]
) -> list[RowError]:
    """Rows that name a unit, or an existing dossier, outside the principal's scope."""
    unit_codes = {r.values.get("unit", "").strip() for r in rows} - {""}
    units = (
        dict(
            (
                await session.execute(select(Unit.code, Unit.id).where(Unit.code.in_(unit_codes)))
            ).all()
        )
        if unit_codes
        else {}
    )
    found = (parse_dossier_code(r.values.get("code", "")) for r in rows)
    codes = {code for code in found if code is not None}
    owners = (
        dict(
            (
                await session.execute(
                    select(Dossier.code, Dossier.unit_id).where(Dossier.code.in_(codes))
                )
            ).all()
        )
        if codes
        else {}
    )
    errors: list[RowError] = []
    for row in rows:
        unit = row.values.get("unit", "").strip()
        if unit in units and not can(principal, Action.IMPORT_DOSSIERS, units[unit]):
            errors.append(RowError(row.number, OUT_OF_SCOPE, "unit", unit))
        code = parse_dossier_code(row.values.get("code", ""))
        if code in owners and not can(principal, Action.IMPORT_DOSSIERS, owners[code]):
            errors.append(RowError(row.number, OUT_OF_SCOPE, "code", code))
    return sorted(errors, key=lambda e: (e.row, e.column))
