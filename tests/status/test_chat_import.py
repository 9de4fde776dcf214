"""Importing a file in chat: reviewers and admins get the all-or-nothing import with row-numbered
errors; officers are refused; a file that is no import goes on to the dossier-check journey."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.chat import common, dossier
from bot.chat import status as status_journey
from bot.chat.router import Router
from bot.db.models import Dossier, Unit
from bot.db.session import Database
from e2e.support import make_services, start_bot
from fakebot.server import FakeTelegram
from tests.status.conftest import Province

MINE = (
    "code,status,unit,campaign,award,nominees\n"
    ",submitted,SYT,,bang_khen_tinh,Phan Thị Thu; Đinh Văn Bình\n"
    ",draft,BVT,,giay_khen,Lý Thị Ngọc\n"
)
WITH_OTHER_UNIT = MINE + ",draft,SGD,,giay_khen,Hồ Văn Nam\n"
UNITS = "code,name,level\nSTC,Sở Tài chính,tinh_agency\n"


def _router() -> Router:
    # The order the lead is asked to adopt: status takes import files before the dossier check.
    return Router(
        [common.JOURNEY, status_journey.JOURNEY, dossier.JOURNEY],
        fallback_text=common.not_understood,
        stale=common.stale_button,
    )


async def _dossiers(db: Database) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count()).select_from(Dossier))).scalar_one())


async def test_reviewer_imports_dossiers_by_caption_all_or_nothing(
    fake_telegram: FakeTelegram, db: Database, database_url: str, province: Province
) -> None:
    services = make_services(fake_telegram, db, database_url)
    reviewer = fake_telegram.user(201, "Tâm")
    async with start_bot(fake_telegram, services, router=_router()):
        await reviewer.upload("ho-so.csv", WITH_OTHER_UNIT.encode(), caption="nhập hồ sơ")
        refused = reviewer.last_reply().text
        assert await _dossiers(db) == 0
        assert "Dòng 4" in refused and "SGD" in refused and "không thuộc" in refused
        # The import stays open: the corrected file needs no caption.
        await reviewer.upload("ho-so.csv", MINE.encode())
        assert "Đã nhập 2 dòng (hồ sơ)" in reviewer.last_reply().text
    assert await _dossiers(db) == 2


async def test_reviewer_opens_the_import_from_the_queue(
    fake_telegram: FakeTelegram, db: Database, database_url: str, province: Province
) -> None:
    services = make_services(fake_telegram, db, database_url)
    reviewer = fake_telegram.user(201, "Tâm")
    async with start_bot(fake_telegram, services, router=_router()):
        await reviewer.send("/menu")
        await reviewer.tap("Hồ sơ của đơn vị")
        await reviewer.tap("Nhập dữ liệu")
        assert "Gửi tệp hồ sơ" in reviewer.last_reply().text
        await reviewer.upload("ds.csv", MINE.replace("SYT", "XYZ").encode())
        assert "Dòng 2" in reviewer.last_reply().text  # unknown unit, nothing written
        await reviewer.upload("ds.csv", MINE.encode())
        assert "Đã nhập 2 dòng" in reviewer.last_reply().text
    assert await _dossiers(db) == 2


async def test_officers_are_refused_and_reviewers_import_no_units(
    fake_telegram: FakeTelegram, db: Database, database_url: str, province: Province
) -> None:
    services = make_services(fake_telegram, db, database_url)
    officer = fake_telegram.user(101, "Mai")
    reviewer = fake_telegram.user(201, "Tâm")
    async with start_bot(fake_telegram, services, router=_router()):
        await officer.upload("ho-so.csv", MINE.encode(), caption="nhap ho so")
        assert "không có quyền nhập" in officer.last_reply().text
        await reviewer.upload("dv.csv", UNITS.encode(), caption="nhập đơn vị")
        assert "không có quyền nhập dữ liệu đơn vị" in reviewer.last_reply().text
    assert await _dossiers(db) == 0
    async with db.session() as session:
        assert (await session.execute(select(Unit).where(Unit.code == "STC"))).first() is None


async def test_admin_imports_units(
    fake_telegram: FakeTelegram, db: Database, database_url: str, province: Province
) -> None:
    services = make_services(fake_telegram, db, database_url)
    admin = fake_telegram.user(301, "Quản Trị")
    async with start_bot(fake_telegram, services, router=_router()):
        await admin.upload("dv.csv", UNITS.encode(), caption="Nhap don vi")
        assert "Đã nhập 1 dòng (đơn vị)" in admin.last_reply().text
    async with db.session() as session:
        assert (await session.execute(select(Unit).where(Unit.code == "STC"))).first()


async def test_a_file_without_an_import_goes_to_the_dossier_check(
    fake_telegram: FakeTelegram,
    db: Database,
    database_url: str,
    province: Province,
    pinned_now: dt.datetime,
) -> None:
    services = make_services(fake_telegram, db, database_url)
    reviewer = fake_telegram.user(201, "Tâm")
    async with start_bot(fake_telegram, services, router=_router()):
        await reviewer.upload("ho-so.csv", MINE.encode(), caption="tệp của tôi")
        reply = reviewer.last_reply().text
    assert "Đã nhập" not in reply and "không có quyền" not in reply
    assert await _dossiers(db) == 0


async def test_a_unit_whose_dossiers_have_no_campaign_sees_its_list(
    fake_telegram: FakeTelegram, db: Database, database_url: str, province: Province
) -> None:
    """Imported dossiers often carry no campaign: the list groups them under "Ngoài đợt xét"
    (two of them once made /hoso fail: the grouping compared None with None)."""
    services = make_services(fake_telegram, db, database_url)
    reviewer = fake_telegram.user(201, "Tâm")
    officer = fake_telegram.user(101, "Mai")
    two_without_campaign = (
        "code,status,unit,campaign,award,nominees\n"
        ",submitted,SYT,,bang_khen_tinh,Phan Thị Thu\n"
        ",draft,SYT,,giay_khen,Lý Thị Ngọc\n"
    )
    async with start_bot(fake_telegram, services, router=_router()):
        await reviewer.upload("ho-so.csv", two_without_campaign.encode(), caption="nhập hồ sơ")
        assert "Đã nhập 2 dòng" in reviewer.last_reply().text
        await officer.send("/hoso")
        listed = officer.last_reply().text
    assert "Ngoài đợt xét" in listed
    assert "Phan Thị Thu" in listed and "Lý Thị Ngọc" in listed
