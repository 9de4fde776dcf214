"""Officers and invites: issue a single-use code, redeem it race-safely, look officers up.

Redemption is one conditional UPDATE (`used_at IS NULL AND expires_at > now`), so of two
concurrent redemptions exactly one wins on either backend; the loser learns why it lost.
Functions flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import audit
from bot.db.codes import new_invite_code
from bot.db.errors import DbError, InviteExpired, InviteNotFound, InviteUsed
from bot.db.models import Invite, Officer, Unit

ROLES = ("officer", "reviewer", "admin")
MAX_CODE_LENGTH = 64

__all__ = [
    "ROLES",
    "InvalidRole",
    "InviteExpired",
    "InviteNotFound",
    "InviteUsed",
    "UnitNotFound",
    "create_invite",
    "deactivate",
    "get_officer",
    "mark_reachable",
    "mark_unreachable",
    "needs_seen",
    "redeem_invite",
    "seen",
    "unit_name",
]


class InvalidRole(DbError):
    """The role is not one of officer, reviewer, admin."""

    def __init__(self, role: str) -> None:
        super().__init__("invalid_role", role=role)


class UnitNotFound(DbError):
    """No unit has this id."""

    def __init__(self, unit_id: int) -> None:
        super().__init__("unit_not_found", unit_id=unit_id)


async def create_invite(
    session: AsyncSession,
    unit_id: int,
    role: str,
    created_by: int | None,
    expires_at: dt.datetime,
    now: dt.datetime,
    scope: list[int] | None = None,
    can_see_subunits: bool = False,
) -> Invite:
    """A new invite for `unit_id` with `role`; `created_by` is an officer id (None from the CLI)."""
    if role not in ROLES:
        raise InvalidRole(role)
    unit = await session.get(Unit, unit_id)
    if unit is None:
        raise UnitNotFound(unit_id)
    invite = Invite(
        code=new_invite_code(),
        unit_id=unit_id,
        role=role,
        scope=scope,
        can_see_subunits=can_see_subunits,
        expires_at=expires_at,
        created_by=created_by,
        created_at=now,
    )
    session.add(invite)
    await session.flush()
    await audit.record(
        session, created_by, "invite_created", ("invite", invite.id), unit_id, {"role": role}, now
    )
    return invite


async def redeem_invite(
    session: AsyncSession,
    code: str,
    telegram_user_id: int,
    full_name: str,
    chat_id: int,
    now: dt.datetime,
) -> Officer:
    """Bind this Telegram user to the invite's unit and role; the invite is then used up.

    Raises `InviteNotFound`, `InviteExpired` or `InviteUsed`. A user who was registered before
    (e.g. deactivated after blocking the bot) gets their row updated and reactivated.
    """
    code = code.strip()
    if not code or len(code) > MAX_CODE_LENGTH:
        raise InviteNotFound(code[:MAX_CODE_LENGTH])
    claimed = (
        await session.execute(
            update(Invite)
            .where(Invite.code == code, Invite.used_at.is_(None), Invite.expires_at > now)
            .values(used_at=now)
            .returning(
                Invite.id, Invite.unit_id, Invite.role, Invite.scope, Invite.can_see_subunits
            )
            .execution_options(synchronize_session=False)
        )
    ).first()
    if claimed is None:
        raise await _why_not_redeemable(session, code)
    invite_id, unit_id, role, scope, can_see_subunits = claimed
    officer = await get_officer(session, telegram_user_id)
    if officer is None:
        officer = Officer(telegram_user_id=telegram_user_id, created_at=now)
        session.add(officer)
    officer.full_name = full_name
    officer.unit_id = unit_id
    officer.role = role
    officer.scope = scope
    officer.can_see_subunits = can_see_subunits
    officer.chat_id = chat_id
    officer.active = True
    officer.deactivated_at = None
    officer.blocked_at = None
    officer.unreachable_since = None
    await session.flush()
    await session.execute(
        update(Invite)
        .where(Invite.id == invite_id)
        .values(used_by_officer_id=officer.id)
        .execution_options(synchronize_session=False)
    )
    await audit.record(
        session, officer.id, "invite_redeemed", ("invite", invite_id), unit_id, {"role": role}, now
    )
    return officer


async def _why_not_redeemable(session: AsyncSession, code: str) -> DbError:
    invite = (
        await session.execute(
            select(Invite).where(Invite.code == code).execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if invite is None:
        return InviteNotFound(code)
    if invite.used_at is not None:
        return InviteUsed(code)
    return InviteExpired(code)


async def get_officer(session: AsyncSession, telegram_user_id: int) -> Officer | None:
    """The officer registered with this Telegram user id (active or not), or None."""
    return (
        await session.execute(select(Officer).where(Officer.telegram_user_id == telegram_user_id))
    ).scalar_one_or_none()


async def unit_name(session: AsyncSession, unit_id: int) -> str:
    """The unit's display name (raises `UnitNotFound`)."""
    name = await session.scalar(select(Unit.name).where(Unit.id == unit_id))
    if name is None:
        raise UnitNotFound(unit_id)
    return name


async def deactivate(
    session: AsyncSession,
    now: dt.datetime,
    officer_id: int | None = None,
    chat_id: int | None = None,
) -> int:
    """Mark the officer (by id, else by chat) inactive because they blocked the bot.

    `blocked_at` records why, so their next update reactivates them (`seen`); an officer made
    inactive by an admin or an import has no `blocked_at` and stays inactive.
    """
    if officer_id is None and chat_id is None:
        return 0
    condition = Officer.id == officer_id if officer_id is not None else Officer.chat_id == chat_id
    result = await session.execute(
        update(Officer)
        .where(condition, Officer.active.is_(True))
        .values(active=False, deactivated_at=now, blocked_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def mark_unreachable(session: AsyncSession, now: dt.datetime, officer_id: int) -> int:
    """Telegram refused a chat the officer never opened: they stay active, noted as unreachable."""
    result = await session.execute(
        update(Officer)
        .where(Officer.id == officer_id, Officer.unreachable_since.is_(None))
        .values(unreachable_since=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def mark_reachable(session: AsyncSession, officer_id: int) -> None:
    """A message reached the officer: they are no longer listed as unreachable."""
    await session.execute(
        update(Officer)
        .where(Officer.id == officer_id, Officer.unreachable_since.is_not(None))
        .values(unreachable_since=None)
        .execution_options(synchronize_session=False)
    )


class ChatReach(Protocol):
    """What `needs_seen` reads of an officer (an `Officer`, or a row read without the ORM)."""

    @property
    def active(self) -> bool: ...
    @property
    def blocked_at(self) -> dt.datetime | None: ...
    @property
    def chat_id(self) -> int | None: ...
    @property
    def unreachable_since(self) -> dt.datetime | None: ...


def needs_seen(officer: ChatReach, chat_id: int) -> bool:
    """Whether an update from this officer in `chat_id` changes what we know of their chat."""
    if not officer.active:
        return officer.blocked_at is not None
    return officer.chat_id != chat_id or officer.unreachable_since is not None


async def seen(session: AsyncSession, officer_id: int, chat_id: int, now: dt.datetime) -> bool:
    """The officer wrote to the bot from their private chat `chat_id`: they are reachable again.

    Records the chat, clears "unreachable", and reactivates an officer whom only their blocking
    of the bot had made inactive (an admin's deactivation is kept). True when they were blocked.
    """
    officer = await session.get(Officer, officer_id, populate_existing=True)
    if officer is None:
        return False
    was_blocked = not officer.active and officer.blocked_at is not None
    if not officer.active and not was_blocked:
        return False
    officer.chat_id = chat_id
    officer.unreachable_since = None
    if was_blocked:
        officer.active = True
        officer.blocked_at = None
        officer.deactivated_at = None
        await audit.record(session, officer.id, "officer_unblocked", ("officer", officer.id),
                           officer.unit_id, {}, now)
    await session.flush()
    return was_blocked
