"""The reminders journey at the router level: edits by reviewers, officers' buttons, stale taps."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat import common
from bot.chat import reminders as journey
from bot.chat.router import Router
from bot.config import Settings
from bot.conversation.turn import Turn
from bot.db.session import Database
from bot.reminders.campaigns import get_campaign
from bot.render import Renderer
from bot.services import Services
from e2e.support import knowledge_base

from .support import World, small_province, vn

NOW = vn(2026, 1, 10, 9).astimezone(dt.UTC)
MAI, REVIEWER = 1001, 2001


@pytest.fixture
async def world(db: Database) -> World:
    return await small_province(db)


def _turn(db: Database, user: int, *, text: str = "", data: str = "") -> Turn:
    services = Services(Settings(database_url="sqlite://"), db, knowledge_base(), Renderer())
    return Turn(services, user, user, "User", NOW, text=text, data=data)


ROUTER = Router([common.JOURNEY, journey.JOURNEY], common.not_understood, common.stale_button)


async def test_a_reviewer_moves_a_deadline_by_typing_the_new_date(db: Database,
                                                                  world: World) -> None:
    did = world.deadline_ids[0]
    [ask] = await ROUTER.button(_turn(db, REVIEWER, data=f"rm:e:{world.campaign_id}:mv:{did}"))
    assert "31/01/2026" in ask.text
    [bad] = await ROUTER.text(_turn(db, REVIEWER, text="1/13/2026"))
    assert "không có trên lịch" in bad.text
    [past] = await ROUTER.text(_turn(db, REVIEWER, text="01/01/2026"))
    assert "đã qua" in past.text
    [detail] = await ROUTER.text(_turn(db, REVIEWER, text="15/02/2026"))
    assert "15/02/2026" in detail.text
    async with db.session() as s:
        campaign = await get_campaign(s, world.campaign_id)
    assert campaign is not None and campaign.deadlines[0].deadline == dt.date(2026, 2, 15)
    # The form is closed: the next text is nobody's.
    [other] = await ROUTER.text(_turn(db, REVIEWER, text="15/03/2026"))
    assert "15/03/2026" not in other.text


async def test_a_reviewer_changes_the_plan_and_a_bad_plan_is_explained(db: Database,
                                                                       world: World) -> None:
    await ROUTER.button(_turn(db, REVIEWER, data=f"rm:e:{world.campaign_id}:plan"))
    [bad] = await ROUTER.text(_turn(db, REVIEWER, text="7,3@23:00"))
    assert "07:00 đến 20:59" in bad.text
    [detail] = await ROUTER.text(_turn(db, REVIEWER, text="7,3@09:00"))
    assert "7, 3 ngày trước hạn, lúc 09:00" in detail.text


async def test_an_officer_cannot_edit_campaigns(db: Database, world: World) -> None:
    [reply] = await ROUTER.button(_turn(db, MAI, data=f"rm:e:{world.campaign_id}:close"))
    assert "Chỉ cán bộ thẩm định" in reply.text


async def test_done_from_a_unit_outside_the_campaign_is_refused(db: Database,
                                                                world: World) -> None:
    [reply] = await ROUTER.button(_turn(db, REVIEWER, data=f"rm:d:{world.deadline_ids[0]}"))
    assert "không thuộc đợt xét" in reply.text


async def test_marking_done_twice_says_it_is_already_recorded(db: Database,
                                                              world: World) -> None:
    data = f"rm:dy:{world.deadline_ids[0]}"
    [first] = await ROUTER.button(_turn(db, MAI, data=data))
    [second] = await ROUTER.button(_turn(db, MAI, data=data))
    assert "Đã ghi nhận" in first.text and "đã được ghi nhận" in second.text


async def _submitted(db: Database, deadline_id: int) -> int:
    from sqlalchemy import func, select

    from bot.db.models_reminders import ReminderSubmission

    async with db.session() as s:
        count = await s.scalar(select(func.count()).select_from(ReminderSubmission)
                               .where(ReminderSubmission.deadline_id == deadline_id))
    return int(count or 0)


async def test_unit_submitted_asks_for_a_confirmation_before_silencing_the_unit(
        db: Database, world: World) -> None:
    did = world.deadline_ids[0]
    [ask] = await ROUTER.button(_turn(db, MAI, data=f"rm:d:{did}"))
    assert "Xác nhận" in ask.text and "mọi cán bộ của đơn vị" in ask.text
    assert [b.data for row in ask.buttons for b in row] == [f"rm:dy:{did}", f"rm:dn:{did}"]
    assert await _submitted(db, did) == 0  # one tap records nothing
    [cancelled] = await ROUTER.button(_turn(db, MAI, data=f"rm:dn:{did}"))
    assert "tiếp tục nhắc" in cancelled.text
    assert await _submitted(db, did) == 0
    [done] = await ROUTER.button(_turn(db, MAI, data=f"rm:dy:{did}"))
    assert "Đã ghi nhận" in done.text
    assert await _submitted(db, did) == 1


@pytest.mark.parametrize("data", ["rm:z:abc", "rm:e:1", "rm:w:save", "rm:q", "rm:d:999999"])
async def test_stale_or_forged_buttons_get_a_friendly_answer(db: Database, world: World,
                                                             data: str) -> None:
    [reply] = await ROUTER.button(_turn(db, MAI, data=data))
    assert reply.text  # a Vietnamese sentence, not a crash
    assert "Traceback" not in reply.text
