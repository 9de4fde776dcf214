"""Who may do what to which unit's dossiers — the one place these rules live.

- an officer sees and acts for their own unit, plus its sub-units when `can_see_subunits`;
- a reviewer sees and reviews the units in their `scope` (and their sub-units), or their own
  unit (and sub-units) when no scope is set; they may also export and import dossiers there;
- a reviewer may create and change reminder campaigns whose units all lie in their scope
  (`can_all`): closing, reopening, re-scoping or editing a campaign that reaches one unit outside
  it (a province-wide one) needs an admin;
- a reviewer may invite people to the units in their scope and deactivate their officers
  (`PEOPLE`, `bot.status.people`);
- an admin may do everything; a guest nothing.

`resolve` turns a `Viewer` into a `Principal` (role + the set of unit ids it covers, computed
once per request from the unit tree). `can` answers; `require` raises `AccessDenied`. Callers
log every refused read and audit every write (see `bot.status.service`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.conversation.viewer import Role, Viewer
from bot.db.fast_read import PgReader
from bot.db.models import Officer, Unit
from bot.errors import AccessDenied


class Action(StrEnum):
    VIEW = "view"  # read dossiers, history, card, search results
    ACT_FOR_UNIT = "act_for_unit"  # the unit's own transitions (submit, resubmit, withdraw)
    REVIEW = "review"  # reviewer transitions (receive, request supplement, decide…)
    EXPORT = "export"  # export the dossiers of a unit
    IMPORT_DOSSIERS = "import_dossiers"  # bulk-create or update dossiers of a unit
    MANAGE = "manage"  # units, officers, people: admin only
    CAMPAIGN = "campaign"  # create, edit, close or reopen a reminder campaign of these units
    PEOPLE = "people"  # invite people to these units, deactivate their officers (bot.status.people)


# Role → actions it may take on the units it covers.
_ALLOWED: dict[Role, frozenset[Action]] = {
    Role.GUEST: frozenset(),
    Role.OFFICER: frozenset({Action.VIEW, Action.ACT_FOR_UNIT}),
    Role.REVIEWER: frozenset(
        {Action.VIEW, Action.REVIEW, Action.EXPORT, Action.IMPORT_DOSSIERS, Action.CAMPAIGN,
         Action.PEOPLE}
    ),
    Role.ADMIN: frozenset(Action),
}


@dataclass(frozen=True)
class Principal:
    """A viewer with the unit ids it covers (`units is None` means every unit)."""

    role: Role
    officer_id: int | None
    unit_id: int | None
    units: frozenset[int] | None

    @property
    def everything(self) -> bool:
        return self.units is None

    def covers(self, unit_id: int) -> bool:
        return self.units is None or unit_id in self.units


def can(principal: Principal, action: Action, unit_id: int | None) -> bool:
    """May `principal` take `action` on unit `unit_id` (None: not about one unit, e.g. MANAGE)?"""
    if action not in _ALLOWED[principal.role]:
        return False
    if principal.role is Role.ADMIN:
        return True
    if unit_id is None:
        return False
    return principal.covers(unit_id)


def can_all(principal: Principal, action: Action, unit_ids: Iterable[int]) -> bool:
    """May `principal` take `action` on every one of `unit_ids`? An empty set of units (a
    campaign of the whole province by default) is for admins only."""
    if principal.role is Role.ADMIN:
        return action in _ALLOWED[Role.ADMIN]
    units = set(unit_ids)
    return bool(units) and all(can(principal, action, unit) for unit in units)


def require(principal: Principal, action: Action, unit_id: int | None) -> None:
    """Raise `AccessDenied` unless `can(principal, action, unit_id)`."""
    if not can(principal, action, unit_id):
        raise AccessDenied("access_denied", action=action.value, unit_id=unit_id)


async def resolve(session: AsyncSession, viewer: Viewer) -> Principal:
    """The principal for `viewer`: role plus the unit ids it covers, from the unit tree."""
    if viewer.role is Role.ADMIN:
        return Principal(Role.ADMIN, viewer.officer_id, viewer.unit_id, None)
    if viewer.role is Role.GUEST or viewer.officer_id is None or viewer.unit_id is None:
        return Principal(Role.GUEST, None, None, frozenset())
    officer = await session.get(Officer, viewer.officer_id)
    if officer is None or not officer.active:
        return Principal(Role.GUEST, None, None, frozenset())
    if viewer.role is Role.REVIEWER:
        roots = list(officer.scope or [officer.unit_id])
        units = await session.run_sync(with_descendants, roots)
        return Principal(Role.REVIEWER, officer.id, officer.unit_id, units)
    own = [officer.unit_id]
    units = (
        await session.run_sync(with_descendants, own) if officer.can_see_subunits
        else frozenset(own)
    )
    return Principal(Role.OFFICER, officer.id, officer.unit_id, units)


def with_descendants(session: Session, roots: Iterable[int]) -> frozenset[int]:
    """`roots` and every unit below them, one indexed query per level of the tree (a sync
    `Session`: the one-read principal calls it directly, `resolve` through `run_sync`)."""
    seen: set[int] = set(roots)
    frontier = list(seen)
    while frontier:
        rows = session.execute(select(Unit.id).where(Unit.parent_id.in_(frontier)))
        frontier = [unit for unit in rows.scalars() if unit not in seen]
        seen.update(frontier)
    return frozenset(seen)


_CHILDREN_PG = f"SELECT id FROM {Unit.__tablename__} WHERE parent_id = ANY($1::integer[])"


async def with_descendants_pg(pg: PgReader, roots: Iterable[int]) -> frozenset[int]:
    """`with_descendants` on PostgreSQL's fast path (`Database.read_fast`): the same query per
    level of the tree, the same set."""
    seen: set[int] = set(roots)
    frontier = list(seen)
    while frontier:
        found = await pg.column(_CHILDREN_PG, frontier)
        frontier = [unit for unit in found if unit not in seen]
        seen.update(frontier)
    return frozenset(seen)
