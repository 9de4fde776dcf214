"""People and scope from the chat: who is registered per unit, invites, deactivation.

Reviewers and admins (`Action.PEOPLE`) manage the units they cover (ADR 011: every write checks
the scope again, so a forged button outside it changes nothing):
- an admin invites officers, reviewers and admins, and deactivates anyone but themselves;
- a reviewer invites officers and reviewers for a unit in scope (the reviewer's scope is that
  unit), and deactivates officers of units in scope.
Deactivation keeps the officer's row and history; they get no reminders or notices and cannot use
the bot for the unit until they redeem a new invite. Functions flush, the caller commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.viewer import Role
from bot.db import audit
from bot.db.models import Invite, Officer, Unit
from bot.db.officers import create_invite
from bot.errors import AccessDenied
from bot.status.access import Action, Principal, require

INVITE_DAYS = 7
# Roles each manager may invite.
INVITE_ROLES: dict[Role, tuple[str, ...]] = {
    Role.ADMIN: ("officer", "reviewer", "admin"),
    Role.REVIEWER: ("officer", "reviewer"),
}


@dataclass(frozen=True)
class UnitCount:
    unit_id: int
    name: str
    officers: int  # active, registered officers (role officer)


@dataclass(frozen=True)
class OfficerView:
    officer_id: int
    full_name: str
    role: str
    reachable: bool  # has a chat and Telegram did not refuse it


def roles_to_invite(principal: Principal) -> tuple[str, ...]:
    return INVITE_ROLES.get(principal.role, ())


async def units_in_scope(session: AsyncSession, principal: Principal) -> list[UnitCount]:
    """Active units the principal covers with their registered officers, those without any
    first (nobody there gets reminders), then by name."""
    if principal.role not in INVITE_ROLES:
        raise AccessDenied("access_denied", action=Action.PEOPLE.value, unit_id=None)
    counted = (
        select(Officer.unit_id, func.count(Officer.id).label("n"))
        .where(Officer.active.is_(True), Officer.role == "officer")
        .group_by(Officer.unit_id)
        .subquery()
    )
    query = (
        select(Unit.id, Unit.name, func.coalesce(counted.c.n, 0))
        .outerjoin(counted, counted.c.unit_id == Unit.id)
        .where(Unit.active.is_(True))
    )
    if principal.units is not None:
        query = query.where(Unit.id.in_(sorted(principal.units)))
    rows = (await session.execute(query)).all()
    out = [UnitCount(int(r[0]), str(r[1]), int(r[2])) for r in rows]
    return sorted(out, key=lambda u: (u.officers > 0, u.name))


async def unit_people(
    session: AsyncSession, principal: Principal, unit_id: int
) -> tuple[str, list[OfficerView]]:
    """The unit's name and its active registered people (officers first)."""
    require(principal, Action.PEOPLE, unit_id)
    name = await session.scalar(select(Unit.name).where(Unit.id == unit_id))
    if name is None:
        raise AccessDenied("access_denied", action=Action.PEOPLE.value, unit_id=unit_id)
    rows = (await session.execute(
        select(Officer.id, Officer.full_name, Officer.role, Officer.chat_id,
               Officer.telegram_user_id, Officer.unreachable_since)
        .where(Officer.unit_id == unit_id, Officer.active.is_(True))
        .order_by(Officer.role != "officer", Officer.full_name, Officer.id)
    )).all()
    people = [OfficerView(r[0], r[1], r[2], (r[3] or r[4]) is not None and r[5] is None)
              for r in rows]
    return name, people


async def invite_for_unit(
    session: AsyncSession, principal: Principal, unit_id: int, role: str, now: dt.datetime
) -> Invite:
    """A single-use invite for `unit_id` with `role`, if the principal may issue it."""
    require(principal, Action.PEOPLE, unit_id)
    if role not in roles_to_invite(principal):
        raise AccessDenied("access_denied", action=Action.PEOPLE.value, unit_id=unit_id)
    scope = [unit_id] if role == "reviewer" else None
    return await create_invite(session, unit_id, role, principal.officer_id,
                               now + dt.timedelta(days=INVITE_DAYS), now, scope=scope)


async def may_deactivate(session: AsyncSession, principal: Principal, officer_id: int) -> Officer:
    """The active officer `officer_id` if the principal may deactivate them, else AccessDenied."""
    officer = await session.get(Officer, officer_id, populate_existing=True)
    if officer is None or not officer.active or officer.id == principal.officer_id:
        raise AccessDenied("access_denied", action=Action.PEOPLE.value, unit_id=None)
    require(principal, Action.PEOPLE, officer.unit_id)
    if principal.role is not Role.ADMIN and officer.role != "officer":
        raise AccessDenied("access_denied", action=Action.PEOPLE.value, unit_id=officer.unit_id)
    return officer


async def deactivate(
    session: AsyncSession, principal: Principal, officer_id: int, now: dt.datetime
) -> Officer:
    """Make the officer inactive (kept, with history); only a new invite brings them back."""
    officer = await may_deactivate(session, principal, officer_id)
    await session.execute(
        update(Officer).where(Officer.id == officer.id, Officer.active.is_(True))
        .values(active=False, deactivated_at=now, blocked_at=None)
        .execution_options(synchronize_session=False)
    )
    await audit.record(session, principal.officer_id, "officer_deactivated",
                       ("officer", officer.id), officer.unit_id, {"role": officer.role}, now)
    return officer


async def unstaffed_by_reviewer(
    session: AsyncSession, unit_ids: Iterable[int], reviewer_ids: Iterable[int]
) -> dict[int, tuple[str, ...]]:
    """For each reviewer (or admin): the names of `unit_ids` in their scope that have no active
    registered officer — nobody there receives reminders (the digest flags them)."""
    ids = sorted(set(unit_ids))
    reviewers = sorted(set(reviewer_ids))
    if not ids or not reviewers:
        return {}
    staffed = select(Officer.unit_id).where(Officer.active.is_(True), Officer.role == "officer")
    gaps = (await session.execute(
        select(Unit.id, Unit.name).where(Unit.id.in_(ids), Unit.active.is_(True),
                                         Unit.id.not_in(staffed)).order_by(Unit.name)
    )).all()
    if not gaps:
        return {}
    parents: dict[int, int | None] = {
        row[0]: row[1] for row in (await session.execute(select(Unit.id, Unit.parent_id))).all()
    }
    ancestry: dict[int, set[int]] = {}
    for unit_id, _ in gaps:
        chain: set[int] = set()
        current: int | None = unit_id
        while current is not None and current not in chain:
            chain.add(current)
            current = parents.get(current)
        ancestry[unit_id] = chain
    rows = (await session.execute(
        select(Officer.id, Officer.role, Officer.unit_id, Officer.scope)
        .where(Officer.id.in_(reviewers))
    )).all()
    out: dict[int, tuple[str, ...]] = {}
    for officer_id, role, own_unit, scope in rows:
        roots = set(scope or [own_unit])
        out[officer_id] = tuple(
            name for unit_id, name in gaps if role == "admin" or roots & ancestry[unit_id]
        )
    return out
