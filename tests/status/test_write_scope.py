"""Scope on every dossier write in chat: a move button (`st:m:`) or a forged confirmation
(`st:ok` over a doctored form) on a dossier outside the user's units changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.chat import status as status_journey
from bot.config import Settings
from bot.conversation import sessions
from bot.conversation.turn import Turn
from bot.db.models import Dossier
from bot.db.session import Database
from bot.render import Renderer
from bot.services import Services
from e2e.support import knowledge_base
from tests.status.conftest import Province

OFFICER, REVIEWER = 101, 201  # of `own`; reviewer scoped to `own`


def _turn(db: Database, user: int, now: dt.datetime, data: str) -> Turn:
    services = Services(Settings(database_url="sqlite://"), db, knowledge_base(), Renderer())
    return Turn(services, user, user, "User", now, data=data)


async def _status(db: Database, code: str) -> tuple[str, int]:
    async with db.session() as session:
        row = (await session.execute(
            select(Dossier.status, Dossier.version).where(Dossier.code == code))).one()
    return row[0], row[1]


@pytest.mark.parametrize(("user", "to"), [(REVIEWER, "received"), (OFFICER, "withdrawn")])
async def test_a_move_on_a_dossier_outside_scope_changes_nothing(
    province: Province, pinned_now: dt.datetime, user: int, to: str
) -> None:
    code = await province.dossier(province.other, ["Hồ Văn Nam"], pinned_now, status="submitted")
    before = await _status(province.db, code)
    [reply] = await status_journey.on_button(
        _turn(province.db, user, pinned_now, f"m:{code}:{to}:{before[1]}"))
    assert "Không tìm thấy" in reply.text
    # A form confirmed after the scope changed (or doctored): refused politely, nothing written.
    state = {"code": code, "from": "submitted", "to": to, "version": before[1], "items": [],
             "ticked": []}
    await sessions.update_flow(province.db, user, user, status_journey.FLOW,
                               lambda _: sessions.FlowState(data=state), pinned_now)
    [refused, *_] = await status_journey.on_button(_turn(province.db, user, pinned_now, "ok"))
    assert "Không tìm thấy" in refused.text or "Không thể" in refused.text
    assert await _status(province.db, code) == before
