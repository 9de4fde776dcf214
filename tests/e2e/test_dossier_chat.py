"""An officer checks a draft dossier in Telegram: uploads, questions, the checklist, findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import AsyncIterator

import openpyxl
import pytest_asyncio
from dossier.builders import minutes_docx
from dossier.test_readers import CTX, full_draft

from bot.db.models import Officer, Unit
from bot.db.session import Database
from bot.dossier.blanks import BlankContext, BlankNominee, nominee_list_xlsx, to_trinh_docx
from e2e.support import dossier_kb, make_services, start_bot
from fakebot.server import FakeTelegram

KB = dossier_kb()  # the shipped dossier rules (readers, checker, blank forms)

NOW = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest_asyncio.fixture
async def server(fake_server: FakeTelegram, db: Database,
                 database_url: str) -> AsyncIterator[FakeTelegram]:
    services = make_services(fake_server, db, database_url, max_upload_mb=1)
    async with start_bot(fake_server, services):
        yield fake_server


async def test_upload_files_then_check_shows_cited_findings_and_sends_the_xlsx(
        server: FakeTelegram) -> None:
    user = server.user(2001, "Mai")
    await user.send("/menu")
    await user.tap("📄 Kiểm tra hồ sơ")
    assert "Gửi các tệp của hồ sơ" in user.last_reply().text
    files = dict(full_draft())
    await user.upload("to_trinh.docx", files["to_trinh.docx"], DOCX)
    assert "đã nhận ra Tờ trình đề nghị khen thưởng" in user.replies()[-1].text
    await user.upload("danh_sach.xlsx", files["danh_sach.xlsx"], XLSX)
    assert "(2 người/tập thể)" in " ".join(m.text for m in user.replies()[-2:])
    await user.upload("bien_ban.docx", minutes_docx(votes={"Trần Thị Mai": 10,
                                                           "Lê Văn Hùng": 7}), DOCX)
    await user.tap("✅ Kiểm tra")
    texts = " ".join(m.text for m in user.replies()[-2:])
    assert "Kết quả kiểm tra hồ sơ" in texts
    assert "Lê Văn Hùng" in texts  # findings name the nominee …
    assert "Cách sửa:" in texts  # … say what to fix …
    assert "Căn cứ:" in texts  # … and cite the rule
    assert "Báo cáo thành tích" in texts  # the reports were never sent
    sheet = openpyxl.load_workbook(io.BytesIO(user.documents()[-1].data)).active
    assert sheet is not None and sheet.max_row > 2
    assert user.documents()[-1].filename == "ket_qua_kiem_tra_ho_so.xlsx"


async def test_an_oversized_file_is_refused_without_downloading_it(server: FakeTelegram) -> None:
    user = server.user(2002, "Lan")
    await user.upload("danh_sach.xlsx", b"PK\x03\x04" + b"0" * (1024 * 1024 + 10), XLSX)
    assert "danh_sach.xlsx" in user.last_reply().text
    assert "quá dung lượng" in user.last_reply().text
    assert "MB >" not in user.last_reply().text  # a sentence, not "20.0 MB > 20 MB"
    assert "Hồ sơ đang có 0 tệp" in user.last_reply().text  # the refused file is not counted
    assert server.calls("getFile") == []


async def test_a_corrupt_file_is_named_and_the_draft_is_kept(server: FakeTelegram) -> None:
    user = server.user(2003, "Hùng")
    files = dict(full_draft())
    await user.upload("to_trinh.docx", files["to_trinh.docx"], DOCX)
    await user.upload("bao_cao.docx", b"PK\x03\x04 this is not a real word file", DOCX)
    reply = user.last_reply().text
    assert "bao_cao.docx" in reply and "hỏng" in reply
    assert "các tệp đã gửi trước vẫn được giữ" in reply
    assert "Hồ sơ đang có 1 tệp" in reply  # the corrupt file is named, not counted
    await user.upload("macro.xlsm", b"PK\x03\x04", XLSX)
    assert "macro" in user.last_reply().text
    await user.tap("✅ Kiểm tra")
    texts = " ".join(m.text for m in user.replies()[-2:])
    assert "bao_cao.docx" in texts and "macro.xlsm" in texts  # named in the findings too
    assert "Biên bản bình xét" in texts  # the tờ trình is still in the draft


async def test_a_question_the_reader_cannot_settle_is_asked_with_buttons(
        server: FakeTelegram) -> None:
    user = server.user(2004, "Cúc")
    # CSTĐ cơ sở: its ballot is checked, so the vote counts are asked (not for an award
    # with no vote rule).
    unsigned = to_trinh_docx(BlankContext(unit="Sở Y tế", award="chien_si_thi_dua_co_so",
                                          dated=dt.date(2026, 1, 15)), kb=KB)
    await user.upload("to_trinh.docx", unsigned, DOCX)
    no_votes = dataclasses.replace(CTX, nominees=tuple(
        dataclasses.replace(n, votes_agree=None) for n in CTX.nominees))
    await user.upload("danh_sach.xlsx", nominee_list_xlsx(no_votes, kb=KB), XLSX)
    minutes = minutes_docx(total=None, votes=None)
    await user.upload("bien_ban.docx", minutes, DOCX)
    asked = user.last_reply()
    assert "Cần anh/chị xác nhận" in asked.text
    assert "Hội đồng có bao nhiêu thành viên" in asked.text
    await user.send("mười một")
    assert "không phải một số" in user.last_reply().text
    await user.send("11")
    asked = user.last_reply()
    assert "số phiếu đồng ý" in asked.text
    await user.send("10, 9")
    assert "Bỏ qua" in user.last_reply().labels or "Kiểm tra" in user.last_reply().text


async def test_guided_checklist_builds_the_same_kind_of_result(server: FakeTelegram) -> None:
    user = server.user(2005, "Dũng")
    await user.send("/menu")
    await user.tap("📄 Kiểm tra hồ sơ")
    await user.tap("📝 Điền theo danh mục")
    await user.tap("Chiến sĩ thi đua cơ sở")
    await user.tap("Thủ tục thông thường")
    await user.send("32/01/2026")
    assert "Không có ngày" in user.last_reply().text
    await user.send("20/01/2026")
    await user.send("Nguyễn Thị Hoa")
    await user.tap("Không")  # not a leader
    await user.tap("Xong danh sách")
    await user.tap("Có")  # tờ trình
    await user.tap("Có")  # báo cáo thành tích
    await user.tap("Có")  # biên bản
    await user.tap("Không")  # no initiative certificate
    for _ in range(10):
        if "Hội đồng" in user.last_reply().text:
            break
        await user.tap("Có")  # every signature present
    await user.send("11")
    await user.send("9")
    await user.send("2")
    await user.send("8")  # 8/11 < 80 %
    assert "Bấm “Kiểm tra”" in user.last_reply().text
    await user.tap("✅ Kiểm tra")
    texts = " ".join(m.text for m in user.replies()[-2:])
    assert "Nguyễn Thị Hoa" in texts
    assert "Giấy chứng nhận/xác nhận sáng kiến" in texts
    assert "8" in texts and "phiếu" in texts.lower()
    assert user.documents()[-1].filename == "ket_qua_kiem_tra_ho_so.xlsx"


async def test_back_undoes_the_last_checklist_answer(server: FakeTelegram) -> None:
    user = server.user(2006, "Giang")
    await user.send("/menu")
    await user.tap("📄 Kiểm tra hồ sơ")
    await user.tap("📝 Điền theo danh mục")
    await user.tap("Giấy khen")
    assert "thủ tục nào" in user.last_reply().text
    await user.tap("⬅️ Quay lại")
    assert "danh hiệu hoặc hình thức" in user.last_reply().text


async def test_the_draft_survives_a_restart(fake_server: FakeTelegram, db: Database,
                                            database_url: str) -> None:
    files = dict(full_draft())
    services = make_services(fake_server, db, database_url)
    async with start_bot(fake_server, services):
        user = fake_server.user(2007, "Hà")
        await user.upload("to_trinh.docx", files["to_trinh.docx"], DOCX)
        await user.upload("danh_sach.xlsx", files["danh_sach.xlsx"], XLSX)
    async with start_bot(fake_server, make_services(fake_server, db, database_url)):
        await user.tap("✅ Kiểm tra")
        texts = " ".join(m.text for m in user.replies()[-2:])
        assert "Người/tập thể được đề nghị: 2" in texts
        assert "Trần Thị Mai" in texts


async def test_long_results_are_paged(server: FakeTelegram) -> None:
    user = server.user(2008, "Khoa")
    many = BlankContext(unit="Sở Y tế", award="chien_si_thi_dua_co_so",
                        nominees=tuple(BlankNominee(f"Nguyễn Văn Số {chr(65 + i)}", "Chuyên viên")
                                       for i in range(20)))
    await user.upload("danh_sach.xlsx", nominee_list_xlsx(many, kb=KB), XLSX)
    await user.tap("✅ Kiểm tra")
    page = next(m for m in reversed(user.replies()) if "Trang sau ➡️" in m.labels)
    assert "Trang 1/" in page.text
    await user.tap("Trang sau ➡️")
    assert "Trang 2/" in user.last_reply().text
    await user.tap("⬅️ Trang trước")
    assert "Trang 1/" in user.last_reply().text


async def test_mau_sends_the_blanks_prefilled_for_a_registered_officer(
        server: FakeTelegram, db: Database) -> None:
    async with db.session() as session, session.begin():
        unit = Unit(code="SGD", name="Sở Giáo dục và Đào tạo", name_folded="so giao duc va dao tao",
                    level="tinh_agency", created_at=NOW)
        session.add(unit)
        await session.flush()
        session.add(Officer(telegram_user_id=2009, full_name="Lê Thị Thu", unit_id=unit.id,
                            role="officer", created_at=NOW))
    user = server.user(2009, "Thu")
    await user.send("/mau")
    names = [d.filename for d in user.documents()]
    assert names == ["to_trinh.docx", "danh_sach_de_nghi.xlsx",
                     "bao_cao_thanh_tich_ca_nhan.docx", "bao_cao_thanh_tich_tap_the.docx",
                     "bien_ban_hop_hoi_dong.docx", "bien_ban_kiem_phieu.docx"]
    assert "Sở Giáo dục và Đào tạo" in " ".join(m.text for m in user.replies())
    sent_back = user.documents()[0].data
    await user.upload("to_trinh.docx", sent_back, DOCX)
    assert "đã nhận ra Tờ trình" in user.replies()[-2].text + user.replies()[-1].text


async def test_mau_chooses_the_forms_for_the_draft_s_award_kind_and_basis(
        server: FakeTelegram, db: Database) -> None:
    async with db.session() as session, session.begin():
        unit = Unit(code="UBX", name="Ủy ban nhân dân xã Minh Sơn",
                    name_folded="uy ban nhan dan xa minh son", level="commune", created_at=NOW)
        session.add(unit)
        await session.flush()
        session.add(Officer(telegram_user_id=2010, full_name="Đỗ Văn Tài", unit_id=unit.id,
                            role="officer", created_at=NOW))
    ctx = BlankContext(unit="Ủy ban nhân dân xã Minh Sơn", award="giay_khen", basis="dot_xuat",
                       nominees=(BlankNominee("Đội dân quân xã Minh Sơn"),
                                 BlankNominee("Chi đoàn thôn Đông")))
    user = server.user(2010, "Tài")
    await user.upload("to_trinh.docx", to_trinh_docx(ctx, kb=KB), DOCX)
    await user.upload("danh_sach.xlsx", nominee_list_xlsx(ctx, kb=KB), XLSX)
    before = len(user.documents())
    await user.send("/mau")
    sent = [m for m in user.replies() if m.document is not None][before:]
    names = [m.document.filename for m in sent if m.document]
    # Collectives only: no individual report; the đột xuất wording of the tờ trình and report.
    assert names == ["to_trinh.docx", "danh_sach_de_nghi.xlsx",
                     "bao_cao_thanh_tich_tap_the.docx", "bien_ban_hop_hoi_dong.docx",
                     "bien_ban_kiem_phieu.docx"]
    captions = {m.document.filename: m.text for m in sent if m.document}
    assert "thành tích đột xuất" in captions["bao_cao_thanh_tich_tap_the.docx"]
    assert "Mẫu số 01" in captions["to_trinh.docx"]
