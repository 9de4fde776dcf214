"""In the lists, the expected date is shown only while the appraisal clock runs, and a dossier
past it is flagged "quá hạn" — a reviewer scanning the queue on a phone sees what is late."""

from __future__ import annotations

import datetime as dt

from bot.chat import common
from bot.chat import status as status_journey
from bot.chat.router import Router
from bot.db.session import Database
from bot.render import Renderer
from bot.status.service import change_status
from e2e.support import knowledge_base, make_services, start_bot
from fakebot.server import FakeTelegram
from tests.status.conftest import TZ, Province

KB = knowledge_base()  # the shipped law and policy (workflow, SLA, calendar…)


async def test_the_queue_flags_late_dossiers_and_hides_dates_of_decided_ones(
    fake_telegram: FakeTelegram,
    db: Database,
    database_url: str,
    province: Province,
    renderer: Renderer,
    pinned_now: dt.datetime,
) -> None:
    late = await province.dossier(province.own, ["Đinh Thị Lụa"], pinned_now, "submitted")
    decided = await province.dossier(province.own, ["Lâm Văn Sáu"], pinned_now, "submitted")
    reviewer = await province.principal(province.reviewer)
    for code, moves in ((late, ["received"]), (decided, ["received", "appraising"])):
        for to in moves:
            async with db.session() as session, session.begin():
                await change_status(session, reviewer, code, to, pinned_now, TZ, renderer, kb=KB)
    # Appraisal over (received in January 2026, months before the bot's real clock).
    for to in ("consulting", "council_review", "awaiting_decision", "approved"):
        async with db.session() as session, session.begin():
            await change_status(session, reviewer, decided, to, pinned_now, TZ, renderer, kb=KB)
    services = make_services(fake_telegram, db, database_url)
    user = fake_telegram.user(201, "Tâm")
    async with start_bot(fake_telegram, services, router=Router(
        [common.JOURNEY, status_journey.JOURNEY],
        fallback_text=common.not_understood,
        stale=common.stale_button,
    )):
        await user.send("/hoso")
        queue = user.last_reply().text
        assert decided not in queue  # decided: out of the queue, behind the filter button
        await user.tap("✅ Xem hồ sơ đã quyết định, đã trao")
        done = user.last_reply().text
    late_row = queue[queue.index(late):].split("➜")[0]
    decided_row = done[done.index(decided):].split("➜")[0]
    assert "hẹn" in late_row and "quá hạn" in late_row
    assert "hẹn" not in decided_row and "quá hạn" not in decided_row
