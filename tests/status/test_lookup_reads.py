"""What an officer sees on a card and in the lists, read in one statement per lookup: every
nominee in the order entered, the history oldest first with who and why, the unit's newest
dossiers first page by page, the reviewer's most urgent first, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from bot.render import Renderer
from bot.status.lookup import get_card, reviewer_queue, search_dossiers, unit_dossiers
from bot.status.service import change_status
from e2e.support import knowledge_base
from tests.status.conftest import TZ, Province

KB = knowledge_base()  # the shipped law and policy (workflow, SLA, calendar…)

TEAM = ["Trần Thị Mai", "Lê Văn Hùng", "Phạm Thu Hà"]


async def _move(
    province: Province, code: str, to: str, at: dt.datetime, renderer: Renderer, **extra: object
) -> None:
    reviewer = await province.principal(province.reviewer)
    async with province.db.session() as session, session.begin():
        await change_status(session, reviewer, code, to, at, TZ, renderer, **extra, kb=KB)  # type: ignore[arg-type]


async def test_the_card_lists_every_nominee_and_the_history_in_order(
    province: Province, renderer: Renderer, pinned_now: dt.datetime
) -> None:
    code = await province.dossier(province.own, TEAM, pinned_now, "submitted")
    later = pinned_now + dt.timedelta(hours=2)
    await _move(province, code, "received", later, renderer)
    await _move(province, code, "appraising", later, renderer)
    await _move(
        province, code, "needs_supplement", later + dt.timedelta(days=1), renderer,
        note="Thiếu biên bản", missing=["Biên bản họp Hội đồng"],
    )
    officer = await province.principal(province.officer)
    card = await province.db.read(get_card, officer, code.lower(), later, TZ, KB)
    assert card.summary.nominees == TEAM
    assert [h.to_status for h in card.history][-3:] == [
        "received", "appraising", "needs_supplement"
    ]
    assert card.history[-1].note == "Thiếu biên bản"
    assert card.missing == ["Biên bản họp Hội đồng"]
    assert card.unit_name and card.summary.code == code


async def test_the_units_list_pages_newest_first_with_each_dossiers_nominees(
    province: Province, pinned_now: dt.datetime
) -> None:
    codes = [
        await province.dossier(
            province.own, [f"Người {i}", f"Phó {i}"], pinned_now + dt.timedelta(minutes=i)
        )
        for i in range(12)
    ]
    officer = await province.principal(province.officer)
    first = await province.db.read(unit_dossiers, officer, province.own)
    second = await province.db.read(unit_dossiers, officer, province.own, 10)
    assert [s.code for s in first + second] == codes[::-1]
    assert first[0].nominees == ["Người 11", "Phó 11"]


async def test_the_reviewer_queue_puts_the_nearest_deadline_first(
    province: Province, renderer: Renderer, pinned_now: dt.datetime
) -> None:
    late = await province.dossier(province.own, ["Vũ Minh Khoa"], pinned_now, "submitted")
    early = await province.dossier(province.sub, ["Đặng Thị Yến"], pinned_now, "submitted")
    await _move(province, late, "received", pinned_now + dt.timedelta(days=3), renderer)
    await _move(province, early, "received", pinned_now, renderer)
    reviewer = await province.principal(province.reviewer)
    queue = await province.db.read(reviewer_queue, reviewer, KB)
    assert [s.code for s in queue][:2] == [early, late]
    assert queue[0].nominees == ["Đặng Thị Yến"]


async def test_a_name_holding_a_control_character_is_shown_not_a_crash(
    province: Province, pinned_now: dt.datetime
) -> None:
    """Names pasted from spreadsheets can carry odd characters; the list still shows them."""
    await province.dossier(province.own, ["Ngô\x1eBảo Anh", "Lý Thị Chi"], pinned_now)
    officer = await province.principal(province.officer)
    [summary] = await province.db.read(search_dossiers, officer, "ly thi chi")
    assert summary.nominees == ["Ngô\x1eBảo Anh", "Lý Thị Chi"]
