"""Campaigns in the database for the dossier tests: two units, a year-end round and a thematic one.

TKN-2025 (units SYT, SGD): emulation titles due 20/01/2026, Bằng khen tỉnh 31/01/2026.
CD-2026 (unit SYT only): one deadline 28/02/2026 for every award.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.db.models import Officer, Unit
from bot.db.session import Database
from bot.reminders.campaigns import CampaignSpec, DeadlineSpec, create_campaign
from bot.text.normalize import fold

CREATED = dt.datetime(2026, 1, 1, 1, 0, tzinfo=dt.UTC)
TITLES_DUE = dt.date(2026, 1, 20)
BANG_KHEN_DUE = dt.date(2026, 1, 31)
THEMATIC_DUE = dt.date(2026, 2, 28)


@dataclass(frozen=True)
class Units:
    syt: int
    sgd: int
    other: int


async def add_unit(db: Database, code: str, name: str) -> int:
    async with db.session() as s, s.begin():
        unit = Unit(code=code, name=name, name_folded=fold(name), level="tinh_agency",
                    created_at=CREATED)
        s.add(unit)
        await s.flush()
        return unit.id


async def add_officer(db: Database, unit_id: int, telegram_user_id: int, name: str) -> None:
    async with db.session() as s, s.begin():
        s.add(Officer(telegram_user_id=telegram_user_id, full_name=name, unit_id=unit_id,
                      role="officer", chat_id=telegram_user_id, created_at=CREATED))


async def add_campaigns(db: Database, thematic: bool = True) -> Units:
    units = Units(await add_unit(db, "SYT", "Sở Y tế"),
                  await add_unit(db, "SGD", "Sở Giáo dục và Đào tạo"),
                  await add_unit(db, "STC", "Sở Tài chính"))
    specs = [CampaignSpec(
        name="Tổng kết thi đua năm 2025", year=2025, code="TKN-2025",
        deadlines=(DeadlineSpec("danh_hieu_thi_dua", TITLES_DUE, ("cong_trang",)),
                   DeadlineSpec("bang_khen_tinh", BANG_KHEN_DUE, ("cong_trang", "chuyen_de"))),
        unit_ids=(units.syt, units.sgd))]
    if thematic:
        specs.append(CampaignSpec(
            name="Khen thưởng chuyên đề chuyển đổi số", year=2026, kind="thematic",
            code="CD-2026", deadlines=(DeadlineSpec("chung", THEMATIC_DUE),),
            unit_ids=(units.syt,)))
    async with db.session() as s, s.begin():
        for spec in specs:
            await create_campaign(s, spec, None, CREATED)
    return units
