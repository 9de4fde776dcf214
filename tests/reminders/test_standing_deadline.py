"""A year-end campaign of Bắc Ninh units created without a deadline takes the province's
standing deadline (QĐ 86/2025 Art. 6): 10/12, schools 10/07 — so reminders count down to it
(`standing_spec` with the knowledge base's dossier rules, then `create_campaign`). Anything the
province's text does not settle stays the usual "no deadline" error."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.db.models import Campaign, CampaignDeadline, Unit
from bot.db.session import Database
from bot.reminders.campaigns import CampaignError, CampaignSpec, create_campaign, standing_spec
from e2e.support import dossier_kb

CREATED = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)


async def units(db: Database) -> dict[str, int]:
    rows = {
        "SYT-BN": ("Sở Y tế tỉnh Bắc Ninh", "y_te", "bac_ninh"),
        "THPT-BN": ("Trường THPT Hàn Thuyên", "giao_duc", "bac_ninh"),
        "SYT-HN": ("Sở Y tế Hà Nội", "y_te", "ha_noi"),
    }
    ids = {}
    async with db.session() as s, s.begin():
        for code, (name, sector, province) in rows.items():
            unit = Unit(code=code, name=name, name_folded=name.lower(), level="tinh_agency",
                        sector=sector, province=province, created_at=CREATED)
            s.add(unit)
            await s.flush()
            ids[code] = unit.id
    return ids


async def create(db: Database, year: int, *unit_ids: int) -> list[tuple[str, dt.date]]:
    spec = CampaignSpec(name=f"Tổng kết năm {year}", year=year, unit_ids=unit_ids)
    async with db.session() as s, s.begin():
        spec = await standing_spec(s, spec, dossier_kb())
        campaign = await create_campaign(s, spec, None, CREATED)
        rows = (await s.execute(select(CampaignDeadline.award_group, CampaignDeadline.deadline)
                                .where(CampaignDeadline.campaign_id == campaign.id))).all()
        source = (await s.get(Campaign, campaign.id)).source_document  # type: ignore[union-attr]
    assert source and "Quyết định 86/2025/QĐ-UBND" in source
    return sorted((group, day) for group, day in rows)


async def test_bac_ninh_year_end_campaign_gets_10_december(db: Database) -> None:
    ids = await units(db)
    found = await create(db, 2026, ids["SYT-BN"])
    assert found == [("danh_hieu_thi_dua", dt.date(2026, 12, 10)),
                     ("hinh_thuc_khen_thuong", dt.date(2026, 12, 10))]


async def test_a_bac_ninh_school_campaign_gets_10_july(db: Database) -> None:
    ids = await units(db)
    found = await create(db, 2026, ids["THPT-BN"])
    assert {day for _, day in found} == {dt.date(2026, 7, 10)}


@pytest.mark.parametrize(("year", "codes"), [
    (2026, ("SYT-BN", "THPT-BN")),  # two different standing deadlines: the officer chooses
    (2026, ("SYT-HN",)),  # a province without standing deadlines
    (2025, ("SYT-BN",)),  # 10/12/2025 is before the pack (15/12/2025)
])
async def test_otherwise_a_deadline_is_still_required(
    db: Database, year: int, codes: tuple[str, ...]
) -> None:
    ids = await units(db)
    with pytest.raises(CampaignError) as raised:
        await create(db, year, *(ids[c] for c in codes))
    assert raised.value.key == "campaign_no_deadline"
