"""Invites bind a Telegram user to a unit exactly once; failures say why."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import select

from bot.db import officers
from bot.db.models import AuditLog, Invite
from bot.db.session import Database

DAY = dt.timedelta(days=1)


async def _invite(db: Database, unit_id: int, now: dt.datetime, role: str = "officer") -> str:
    async with db.session() as session, session.begin():
        invite = await officers.create_invite(session, unit_id, role, None, now + 7 * DAY, now)
        return invite.code


async def _redeem(db: Database, code: str, user: int, now: dt.datetime) -> officers.Officer:
    async with db.session() as session, session.begin():
        return await officers.redeem_invite(session, code, user, f"Cán bộ {user}", user, now)


async def test_redeemed_invite_registers_the_officer_in_the_unit(
    db: Database, unit_id: int, pinned_now: dt.datetime
) -> None:
    code = await _invite(db, unit_id, pinned_now, role="reviewer")
    officer = await _redeem(db, code, 5001, pinned_now)
    async with db.session() as session:
        found = await officers.get_officer(session, 5001)
        name = await officers.unit_name(session, unit_id)
        audit = (
            (await session.execute(select(AuditLog.action).order_by(AuditLog.id))).scalars().all()
        )
    assert found is not None and found.id == officer.id
    assert (found.role, found.unit_id, found.chat_id, found.active) == (
        "reviewer",
        unit_id,
        5001,
        True,
    )
    assert name == "Sở Y tế"
    assert audit == ["invite_created", "invite_redeemed"]


async def test_invite_code_is_url_safe_and_short(
    db: Database, unit_id: int, pinned_now: dt.datetime
) -> None:
    code = await _invite(db, unit_id, pinned_now)
    assert len(code) <= 32
    assert all(ch.isalnum() or ch in "-_" for ch in code)


async def test_unknown_code_is_not_found(
    db: Database, unit_id: int, pinned_now: dt.datetime
) -> None:
    with pytest.raises(officers.InviteNotFound):
        await _redeem(db, "no-such-code", 5001, pinned_now)


async def test_expired_invite_is_refused(
    db: Database, unit_id: int, pinned_now: dt.datetime
) -> None:
    code = await _invite(db, unit_id, pinned_now)
    with pytest.raises(officers.InviteExpired):
        await _redeem(db, code, 5001, pinned_now + 8 * DAY)
    async with db.session() as session:
        assert await officers.get_officer(session, 5001) is None


async def test_invite_works_only_once(db: Database, unit_id: int, pinned_now: dt.datetime) -> None:
    code = await _invite(db, unit_id, pinned_now)
    await _redeem(db, code, 5001, pinned_now)
    with pytest.raises(officers.InviteUsed):
        await _redeem(db, code, 5002, pinned_now + DAY)


async def test_two_simultaneous_redemptions_have_one_winner(
    db: Database, second_db: Database, unit_id: int, pinned_now: dt.datetime
) -> None:
    code = await _invite(db, unit_id, pinned_now)
    results = await asyncio.gather(
        _redeem(db, code, 5001, pinned_now),
        _redeem(second_db, code, 5002, pinned_now),
        return_exceptions=True,
    )
    winners = [r for r in results if isinstance(r, officers.Officer)]
    losers = [r for r in results if isinstance(r, officers.InviteUsed)]
    assert (len(winners), len(losers)) == (1, 1)
    async with db.session() as session:
        invite = (await session.execute(select(Invite).where(Invite.code == code))).scalar_one()
    assert invite.used_by_officer_id == winners[0].id


async def test_officer_who_blocked_the_bot_can_register_again(
    db: Database, unit_id: int, pinned_now: dt.datetime
) -> None:
    first = await _redeem(db, await _invite(db, unit_id, pinned_now), 5001, pinned_now)
    async with db.session() as session, session.begin():
        assert await officers.deactivate(session, pinned_now, officer_id=first.id) == 1
    again = await _redeem(db, await _invite(db, unit_id, pinned_now), 5001, pinned_now + DAY)
    assert again.id == first.id
    assert again.active is True


async def test_unknown_role_and_unit_are_typed_errors(
    db: Database, unit_id: int, pinned_now: dt.datetime
) -> None:
    async with db.session() as session:
        with pytest.raises(officers.InvalidRole):
            await officers.create_invite(
                session, unit_id, "boss", None, pinned_now + DAY, pinned_now
            )
        with pytest.raises(officers.UnitNotFound):
            await officers.create_invite(
                session, 999, "officer", None, pinned_now + DAY, pinned_now
            )
