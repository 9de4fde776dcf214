"""Which province's rules apply to a unit: stored on the unit (`units.province`), inherited from
its parent units, else the deployment's `TDKT_PROVINCE` (issue 11 item 9).

An officer of a unit in tỉnh X is never asked which province applies; a guest, or an officer of
a unit whose province is not known, is asked in the interview (with "không rõ" → national rules).
Province ids are the registered ids of `knowledge/regions/provinces.yaml` (also the ids of
the packs in `knowledge/provinces/`); a file naming an unregistered province is refused at import,
with the nearest registered name offered back.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.db.models import Unit
from bot.text.match import best_matches
from knowledge.regions import Regions

SUGGEST_CUTOFF = 75.0  # a misspelt province name at least this close is offered back
# A chain of parents deeper than this is broken data (a cycle), not an administration.
MAX_DEPTH = 16


def nearest_province_name(regions: Regions, text: str) -> str | None:
    """The registered province whose name is closest to a misspelt `text`, if any is close."""
    found = best_matches(text, regions.province_labels(), limit=1, cutoff=SUGGEST_CUTOFF)
    return found[0].label if found else None


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
