"""Identify + resolve in one read (issue 16) gives every kind of user the same principal as the
two steps did: officers, sub-unit officers, reviewers with and without a scope, admins (listed or
not), inactive and blocked officers, strangers, and a known officer writing from a new chat."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.conversation.turn import Turn
from bot.db.models import Officer
from bot.db.session import Database
from bot.identify import identify
from bot.render import Renderer
from bot.services import Services
from bot.status.access import Principal, resolve
from bot.status.principal import principal_for
from e2e.support import knowledge_base
from tests.status.conftest import Province

LISTED_ADMIN = 999  # in TDKT_ADMIN_IDS, never registered


async def _today(turn: Turn) -> Principal:
    viewer = await identify(turn)
    async with turn.services.db.read_session() as session:
        return await resolve(session, viewer)


def _turn(db: Database, now: dt.datetime, user: int, chat: int | None = None) -> Turn:
    settings = Settings(database_url="sqlite://", admin_ids=f"{LISTED_ADMIN},103")  # type: ignore[arg-type]
    services = Services(settings, db, knowledge_base(), Renderer())
    return Turn(services, chat if chat is not None else user, user, "Ai đó", now, text="x")


async def _set(db: Database, user: int, **values: object) -> None:
    async with db.session() as session, session.begin():
        officer = (await session.execute(
            select(Officer).where(Officer.telegram_user_id == user))).scalar_one()
        for name, value in values.items():
            setattr(officer, name, value)


@pytest.mark.parametrize("user", [101, 102, 103, 201, 301, LISTED_ADMIN, 4242])
async def test_every_kind_of_user_gets_the_principal_of_identify_then_resolve(
    province: Province, pinned_now: dt.datetime, user: int
) -> None:
    turn = _turn(province.db, pinned_now, user)
    assert await principal_for(turn) == await _today(turn)


async def test_reviewer_without_scope_and_sub_units_see_what_they_saw(
    province: Province, pinned_now: dt.datetime
) -> None:
    await _set(province.db, 201, scope=None)
    turn = _turn(province.db, pinned_now, 201)
    found = await principal_for(turn)
    assert found == await _today(turn)
    assert found.units == frozenset({province.other})
    sub_officer = await principal_for(_turn(province.db, pinned_now, 102))
    assert sub_officer.units == frozenset({province.own, province.sub})


async def test_an_inactive_officer_is_a_guest_unless_listed_as_admin(
    province: Province, pinned_now: dt.datetime
) -> None:
    await _set(province.db, 101, active=False)
    await _set(province.db, 103, active=False)  # 103 is also in TDKT_ADMIN_IDS
    for user in (101, 103):
        turn = _turn(province.db, pinned_now, user)
        assert await principal_for(turn) == await _today(turn)
    assert (await principal_for(_turn(province.db, pinned_now, 101))).role == "guest"
    assert (await principal_for(_turn(province.db, pinned_now, 103))).role == "admin"


async def test_a_blocked_officer_writing_again_is_reactivated_as_before(
    province: Province, pinned_now: dt.datetime
) -> None:
    await _set(province.db, 101, active=False, blocked_at=pinned_now)
    found = await principal_for(_turn(province.db, pinned_now, 101))
    assert found.role == "officer" and found.units == frozenset({province.own})
    # The write identify does (the chat is recorded, the officer active again) still happens.
    async with province.db.session() as session:
        officer = (await session.execute(
            select(Officer).where(Officer.telegram_user_id == 101))).scalar_one()
    assert officer.active and officer.blocked_at is None


async def test_a_group_chat_does_not_record_the_chat(
    province: Province, pinned_now: dt.datetime
) -> None:
    turn = _turn(province.db, pinned_now, 101, chat=-100500)
    assert await principal_for(turn) == await _today(turn)
    async with province.db.session() as session:
        officer = (await session.execute(
            select(Officer).where(Officer.telegram_user_id == 101))).scalar_one()
    assert officer.chat_id == 101
