"""Malformed or forged button payloads and absurd update ids get a polite answer, never a
traceback: negative or 20-digit offsets, an 11-digit year, an update id over 2^63."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat import common
from bot.chat import reminders as reminders_journey
from bot.chat import reports as reports_journey
from bot.chat import status as status_journey
from bot.chat.router import Router
from bot.config import Settings
from bot.conversation.turn import Turn
from bot.db.session import Database
from bot.db.updates import seen_update
from bot.render import Renderer
from bot.services import Services
from e2e.support import knowledge_base
from tests.status.conftest import Province

ROUTER = Router(
    [common.JOURNEY, status_journey.JOURNEY, reports_journey.JOURNEY, reminders_journey.JOURNEY],
    common.not_understood,
    common.stale_button,
)
OFFICER, REVIEWER = 101, 201


def _turn(db: Database, user: int, now: dt.datetime, *, data: str = "", text: str = "") -> Turn:
    services = Services(Settings(database_url="sqlite://"), db, knowledge_base(), Renderer())
    return Turn(services, user, user, "User", now, text=text, data=data)


@pytest.mark.parametrize(
    "data",
    [
        "st:l:-10",
        "st:l:99999999999999999999",
        "st:q:-1",
        "st:m:KT-2026-ABCDEF:withdrawn:-1",
        "st:m:KT-2026-ABCDEF:withdrawn:99999999999999999999",
        "st:k:²",
        "tk:y:-5",
        "tk:r:u:99999999999999999999:2025",
        "rm:c:99999999999999999999",
        "rm:e:-1:close",
        "rm:d:99999999999",
        "tk:y:99999999999",
    ],
)
async def test_a_malformed_button_is_answered_like_a_stale_one(
    province: Province, pinned_now: dt.datetime, data: str
) -> None:
    for user in (OFFICER, REVIEWER):
        [reply] = await ROUTER.button(_turn(province.db, user, pinned_now, data=data))
        refused = user == OFFICER and "Chỉ cán bộ thẩm định" in reply.text  # checked first
        assert "Nút này đã cũ" in reply.text or refused, (user, data)


async def test_an_absurd_year_is_refused_with_a_clear_sentence(
    province: Province, pinned_now: dt.datetime
) -> None:
    [reply] = await ROUTER.button(_turn(province.db, REVIEWER, pinned_now, data="tk:y:3000"))
    assert "Năm thống kê không hợp lệ" in reply.text
    [typed] = await reports_journey.thongke(_turn(province.db, REVIEWER, pinned_now, text="99999"))
    assert "Năm thống kê không hợp lệ" in typed.text


@pytest.mark.parametrize("update_id", [2**70, 2**63, -1])
async def test_an_update_id_the_database_cannot_hold_is_handled_not_failed(
    db: Database, pinned_now: dt.datetime, update_id: int
) -> None:
    async with db.session() as session, session.begin():
        assert await seen_update(session, update_id, pinned_now) is False
