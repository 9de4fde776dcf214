"""/thongke end to end: a registered officer gets their unit's figures, chart and workbook;
a guest is asked to register. Dossiers are written by the status service, as the bot does."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from bot.db.models import AwardRecord, Campaign, Rating, Subject, Unit
from bot.status.service import NewNominee, create_dossier
from e2e.support import BotEnv, register_officer

NOW = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SHEETS = ["Tổng hợp", "Theo hình thức", "Tập thể - cá nhân", "Lãnh đạo", "Theo loại khen",
          "Theo đơn vị"]


async def _unit_with_dossiers(env: BotEnv) -> int:
    """Unit SYT with 3 dossiers (4 nominees) in campaign 2025, another unit with 1; SYT's id."""
    async with env.db.session() as session, session.begin():
        mine = Unit(code="SYT", name="Sở Y tế", name_folded="so y te", level="tinh_agency",
                    created_at=NOW)
        other = Unit(code="SGD", name="Sở Giáo dục", name_folded="so giao duc",
                     level="tinh_agency", created_at=NOW)
        campaign = Campaign(code="TKN-2025", name="Tổng kết 2025", year=2025, kind="year_end",
                            created_at=NOW)
        session.add_all([mine, other, campaign])
        await session.flush()
        boss = Subject(unit_id=mine.id, name="Trần Văn Sơn", name_folded="tran van son",
                       is_leader=True)
        staff = Subject(unit_id=mine.id, name="Lê Thị Hoa", name_folded="le thi hoa",
                        is_leader=False)
        session.add_all([boss, staff])
        await session.flush()
        for award, nominees in (
            ("chien_si_thi_dua_co_so", [NewNominee("Trần Văn Sơn", subject_id=boss.id),
                                        NewNominee("Lê Thị Hoa", subject_id=staff.id)]),
            ("giay_khen", [NewNominee("Lê Thị Hoa", subject_id=staff.id)]),
            ("tap_the_lao_dong_xuat_sac", [NewNominee("Phòng Y tế", kind="collective")]),
        ):
            await create_dossier(session, mine.id, award, nominees, NOW,
                                 campaign_id=campaign.id)
        await create_dossier(session, other.id, "giay_khen", [NewNominee("Ngô Văn Bảy")], NOW,
                             campaign_id=campaign.id)
        return mine.id


async def test_an_officer_gets_the_summary_chart_and_workbook_of_their_unit(
        bot_env: BotEnv) -> None:
    unit = await _unit_with_dossiers(bot_env)
    officer = bot_env.server.user(3001, "Hoa")
    await register_officer(bot_env.services, officer, unit)

    await officer.send("/thongke 2025")
    chooser = officer.last_reply()
    assert "2025" in chooser.text
    assert "🗂 Toàn bộ phạm vi" not in chooser.labels  # an officer sees their unit only
    mark = bot_env.server.state.last_seq
    await officer.tap("🏢 Đơn vị của tôi")

    # "typing…" and "Đang xử lý…" at once; the summary is then written over that notice.
    calls = bot_env.server.calls(chat_id=officer.chat_id, since=mark)
    assert any(c.method == "sendChatAction" for c in calls)
    assert not any("Đang xử lý" in m.text for m in officer.replies())
    assert any(m.edited and "Thống kê thi đua" in m.text for m in officer.replies())
    texts = " ".join(m.text for m in officer.replies()[-3:])
    assert "Thống kê thi đua, khen thưởng năm 2025" in texts
    assert "Sở Y tế" in texts
    assert "Hồ sơ: 3 với 4 tập thể, cá nhân" in texts  # nominees counted as they were filed
    # One leader, two non-leader individual nominations: 66,67% are not leaders.
    assert "66,67%" in texts
    # The chart is a picture in the chat (a preview), the workbook a file to open.
    [chart] = [m.photo for m in officer.replies() if m.photo is not None]
    assert chart.data.startswith(PNG_SIGNATURE) and "2025" in (chart.caption or "")
    [workbook] = officer.documents()
    assert workbook.filename is not None and workbook.filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(workbook.data), read_only=True)
    assert book.sheetnames == SHEETS
    units = [row for row in book["Theo đơn vị"].iter_rows(values_only=True) if "SYT" in row]
    assert len(units) == 1 and 3 in units[0]  # three dossiers, and no other unit's row
    assert not any("SGD" in row for row in book["Theo đơn vị"].iter_rows(values_only=True))


async def test_a_guest_is_told_to_register_first(bot_env: BotEnv) -> None:
    guest = bot_env.server.user(3002, "Khách")
    await guest.send("/thongke")
    assert "mã mời" in guest.last_reply().text
    assert guest.documents() == []


async def test_exemplary_candidates_show_progress_then_the_list_in_its_place(
        bot_env: BotEnv) -> None:
    # A teacher with two years of "Lao động tiên tiến" and excellent ratings: the reviewer's
    # "🌟 Gương điển hình" names her. The search takes a moment, so the bot says so at once.
    async with bot_env.db.session() as session, session.begin():
        school = Unit(code="THPT-NT", name="Trường THPT Nguyễn Trãi", name_folded="truong thpt",
                      level="unit", created_at=NOW)
        office = Unit(code="SNV", name="Sở Nội vụ", name_folded="so noi vu",
                      level="tinh_agency", created_at=NOW)
        session.add_all([school, office])
        await session.flush()
        teacher = Subject(unit_id=school.id, name="Dương Thị Mai", name_folded="duong thi mai",
                          female=True, category="vien_chuc", service_start=dt.date(2015, 9, 1))
        session.add(teacher)
        await session.flush()
        for year in (2023, 2024, 2025):
            session.add(Rating(subject_id=teacher.id, year=year, rating="hoan_thanh_xuat_sac"))
            session.add(AwardRecord(subject_id=teacher.id, award="lao_dong_tien_tien",
                                    year=year))
        school_id, office_id = school.id, office.id
    reviewer = bot_env.server.user(3003, "Thẩm định")
    await register_officer(bot_env.services, reviewer, office_id, role="reviewer",
                           scope=[school_id])
    await reviewer.send("/thongke 2025")
    mark = bot_env.server.state.last_seq
    await reviewer.tap("🌟 Gương điển hình")

    calls = bot_env.server.calls(chat_id=reviewer.chat_id, since=mark)
    methods = [c.method.lower() for c in calls]
    assert "sendchataction" in methods
    # One new message ("Đang xử lý…"), then edited into the list: no notice is left behind.
    assert methods.count("sendmessage") == 1 and "editmessagetext" in methods
    answer = reviewer.last_reply()
    assert answer.edited and "Gương điển hình" in answer.text
    [line] = [x for x in answer.text.splitlines() if "Dương Thị Mai" in x]
    # A target in the emulation year under way, never one whose round is already over.
    assert "→" in line and "năm 2025" not in line
    assert not any("Đang xử lý" in m.text for m in reviewer.replies())
