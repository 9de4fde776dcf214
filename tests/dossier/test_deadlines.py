"""`deadline_for` and `open_campaigns`: the deadline a dossier must meet, the rounds still open."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from bot.db.models import Campaign
from bot.db.session import Database
from bot.reminders.deadlines import deadline_for, open_campaigns
from dossier.campaigns import BANG_KHEN_DUE, THEMATIC_DUE, TITLES_DUE, add_campaigns
from e2e.support import dossier_kb

KB = dossier_kb()  # the shipped dossier rules (award groups of campaign deadlines)


async def test_the_deadline_follows_the_award_group(db: Database) -> None:
    units = await add_campaigns(db)
    async with db.session() as s:
        assert await deadline_for(s, "TKN-2025", "bang_khen_tinh", units.syt, KB) == BANG_KHEN_DUE
        # "danh_hieu_thi_dua" covers every emulation title
        due = await deadline_for(s, "TKN-2025", "chien_si_thi_dua_co_so", units.syt, KB)
        assert due == TITLES_DUE
        assert await deadline_for(s, "TKN-2025", "lao_dong_tien_tien", None, KB) == TITLES_DUE
        # an award no group names, or no award at all: the latest deadline (no false alarm)
        assert await deadline_for(s, "TKN-2025", "giay_khen", units.sgd, KB) == BANG_KHEN_DUE
        assert await deadline_for(s, "TKN-2025", None, units.sgd, KB) == BANG_KHEN_DUE
        assert await deadline_for(s, "CD-2026", "bang_khen_tinh", units.syt, KB) == THEMATIC_DUE


async def test_a_unit_outside_the_campaign_or_an_unknown_code_has_no_deadline(
        db: Database) -> None:
    units = await add_campaigns(db)
    async with db.session() as s:
        assert await deadline_for(s, "TKN-2025", "bang_khen_tinh", units.other, KB) is None
        assert await deadline_for(s, "CD-2026", "bang_khen_tinh", units.sgd, KB) is None
        assert await deadline_for(s, "KHONG-CO", "bang_khen_tinh", units.syt, KB) is None


async def test_open_campaigns_of_a_unit_on_a_day(db: Database) -> None:
    units = await add_campaigns(db)
    async with db.session() as s:
        on_15_jan = await open_campaigns(s, units.syt, dt.date(2026, 1, 15))
        assert [c.code for c in on_15_jan] == ["TKN-2025", "CD-2026"]  # soonest first
        assert on_15_jan[0].last_deadline == BANG_KHEN_DUE
        # the last deadline day still counts; the day after, the round is over
        assert [c.code for c in await open_campaigns(s, units.syt, BANG_KHEN_DUE)] == [
            "TKN-2025", "CD-2026"]
        after = BANG_KHEN_DUE + dt.timedelta(days=1)
        assert [c.code for c in await open_campaigns(s, units.syt, after)] == ["CD-2026"]
        assert [c.code for c in await open_campaigns(s, units.sgd, after)] == []
        assert await open_campaigns(s, units.other, dt.date(2026, 1, 15)) == []
    async with db.session() as s, s.begin():
        await s.execute(update(Campaign).where(Campaign.code == "CD-2026").values(active=False))
    async with db.session() as s:
        assert [c.code for c in await open_campaigns(s, units.syt, dt.date(2026, 1, 15))] == [
            "TKN-2025"]
