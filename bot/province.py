"""Which province's rules apply to a unit: stored on the unit (`units.province`), inherited from
its parent units, else the deployment's `TDKT_PROVINCE` (issue 11 item 9).

An officer of a unit in tỉnh X is never asked which province applies; a guest, or an officer of
a unit whose province is not known, is asked in the interview (with "không rõ" → national rules).
Province ids are slugs of the province name ("Bắc Ninh" → `bac_ninh`), the ids of
`knowledge/provinces/*.yaml`.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.db.models import Unit
from bot.text.normalize import fold

# Words before the name that are not part of the id ("Tỉnh Bắc Ninh", "TP. Huế").
_PREFIXES = ("tinh ", "thanh pho ", "tp ")
_SLUG = re.compile(r"[a-z][a-z0-9_]*")
# A chain of parents deeper than this is broken data (a cycle), not an administration.
MAX_DEPTH = 16


def province_slug(text: str | None) -> str | None:
    """The province id a cell or setting names (`bac_ninh`, "Bắc Ninh", "tinh bac ninh"), or None
    when it is empty or cannot be an id (digits only, punctuation)."""
    if text is None:
        return None
    folded = fold(text.replace("_", " ")).strip()
    for prefix in _PREFIXES:
        if folded.startswith(prefix):
            folded = folded[len(prefix) :].strip()
            break
    slug = "_".join(folded.split())
    return slug if _SLUG.fullmatch(slug) else None


async def unit_province(session: AsyncSession, unit_id: int | None) -> str | None:
    """The unit's province: its own, else the nearest parent's; None when no unit says."""
    return await session.run_sync(unit_province_sync, unit_id)


def unit_province_sync(session: Session, unit_id: int | None) -> str | None:
    """`unit_province` on a sync session (a `Database.read` lookup)."""
    seen: set[int] = set()
    current = unit_id
    while current is not None and current not in seen and len(seen) < MAX_DEPTH:
        seen.add(current)
        row = session.execute(
            select(Unit.province, Unit.parent_id).where(Unit.id == current)
        ).first()
        if row is None:
            return None
        if row.province:
            return str(row.province)
        current = row.parent_id
    return None
