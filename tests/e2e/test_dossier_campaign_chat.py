"""An officer checks a draft for a campaign: "Kiểm tra" asks which open campaign the dossier is
for, and the late-submission check uses that campaign's deadline for the award."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dossier.campaigns import CREATED, add_officer, add_unit
from dossier.test_readers import full_draft

from bot.db.session import Database
from bot.reminders.campaigns import CampaignSpec, DeadlineSpec, create_campaign
from e2e.support import make_services, start_bot
from fakebot.client import FakeUser
from fakebot.server import FakeTelegram

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The bot reads the real clock, so the campaigns are placed around today.
TODAY = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
TITLES_DUE = TODAY + dt.timedelta(days=3)
RECEIVED = TODAY + dt.timedelta(days=8)


def vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


async def province(db: Database, user_id: int, thematic: bool) -> None:
    """Unit SYT with an officer, in a year-end round (titles due in 3 days) and, optionally, a
    thematic round due in 40 days."""
    syt = await add_unit(db, "SYT", "Sở Y tế")
    await add_officer(db, syt, user_id, "Nguyễn Thị Lan")
    specs = [CampaignSpec(
        name="Tổng kết thi đua năm nay", year=TODAY.year, code="TKN-NAY",
        deadlines=(DeadlineSpec("danh_hieu_thi_dua", TITLES_DUE, ("cong_trang",)),
                   DeadlineSpec("bang_khen_tinh", TODAY + dt.timedelta(days=20))),
        unit_ids=(syt,))]
    if thematic:
        specs.append(CampaignSpec(
            name="Khen thưởng chuyên đề chuyển đổi số", year=TODAY.year, kind="thematic",
            code="CD-NAY", deadlines=(DeadlineSpec("chung", TODAY + dt.timedelta(days=40)),),
            unit_ids=(syt,)))
    async with db.session() as s, s.begin():
        for spec in specs:
            await create_campaign(s, spec, None, CREATED)


async def upload_draft_received_late(user: FakeUser) -> None:
    files = dict(full_draft())  # a Chiến sĩ thi đua cơ sở dossier
    await user.upload("to_trinh.docx", files["to_trinh.docx"], DOCX)
    await user.upload("danh_sach.xlsx", files["danh_sach.xlsx"], XLSX)
    await user.send("/menu")
    await user.tap("📄 Kiểm tra hồ sơ")
    await user.tap("📅 Ngày nhận hồ sơ")
    await user.send(vn(RECEIVED))


async def test_the_officer_picks_the_campaign_and_gets_the_late_finding_after_a_restart(
        fake_server: FakeTelegram, db: Database, database_url: str) -> None:
    await province(db, 2101, thematic=True)
    async with start_bot(fake_server, make_services(fake_server, db, database_url)):
        user = fake_server.user(2101, "Lan")
        await upload_draft_received_late(user)
        await user.tap("✅ Kiểm tra")
        asked = user.last_reply()
        assert "Hồ sơ này nộp cho đợt xét nào?" in asked.text
        assert asked.labels == ["Tổng kết thi đua năm nay", "Khen thưởng chuyên đề chuyển đổi số",
                                "Không thuộc đợt nào"]
        assert "Kết quả kiểm tra hồ sơ" not in " ".join(m.text for m in user.replies())
    # a restart between the question and the answer loses nothing
    async with start_bot(fake_server, make_services(fake_server, db, database_url)):
        await user.tap("Tổng kết thi đua năm nay")
        texts = " ".join(m.text for m in user.replies()[-2:])
        assert f"quá hạn 5 ngày so với hạn nộp {vn(TITLES_DUE)} của đợt TKN-NAY" in texts
        assert f"Đợt xét: Tổng kết thi đua năm nay (TKN-NAY), hạn nộp {vn(TITLES_DUE)}." in texts
        await user.tap("🔁 Kiểm tra lại")  # the choice is kept: no second question
        texts = " ".join(m.text for m in user.replies()[-2:])
        assert "quá hạn 5 ngày" in texts and "đợt xét nào" not in texts


async def test_no_campaign_means_no_deadline(fake_server: FakeTelegram, db: Database,
                                             database_url: str) -> None:
    await province(db, 2102, thematic=True)
    async with start_bot(fake_server, make_services(fake_server, db, database_url)):
        user = fake_server.user(2102, "Minh")
        await upload_draft_received_late(user)
        await user.tap("✅ Kiểm tra")
        await user.tap("Không thuộc đợt nào")
        texts = " ".join(m.text for m in user.replies()[-2:])
        assert "Kết quả kiểm tra hồ sơ" in texts
        assert "quá hạn" not in texts and "Đợt xét:" not in texts


async def test_the_only_open_campaign_is_used_without_asking(
        fake_server: FakeTelegram, db: Database, database_url: str) -> None:
    await province(db, 2103, thematic=False)
    async with start_bot(fake_server, make_services(fake_server, db, database_url)):
        user = fake_server.user(2103, "Hoa")
        await upload_draft_received_late(user)
        await user.tap("✅ Kiểm tra")
        texts = " ".join(m.text for m in user.replies()[-2:])
        assert "đợt xét nào" not in texts
        assert f"Đợt xét: Tổng kết thi đua năm nay (TKN-NAY), hạn nộp {vn(TITLES_DUE)}." in texts
        assert "quá hạn 5 ngày" in texts
