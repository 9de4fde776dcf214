"""Phones send PDFs, photos, stickers and voice notes: a text PDF is read, a photo is kept as the
component the officer names (never refused), the rest get a short reply saying what works."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator

import openpyxl
import pytest_asyncio
from dossier.corpus.generate import CORPUS

from bot.db.session import Database
from e2e.support import make_services, start_bot
from fakebot.client import FakeUser
from fakebot.server import FakeTelegram

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 500
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest_asyncio.fixture
async def server(fake_server: FakeTelegram, db: Database,
                 database_url: str) -> AsyncIterator[FakeTelegram]:
    services = make_services(fake_server, db, database_url)
    async with start_bot(fake_server, services):
        yield fake_server


async def _send(server: FakeTelegram, user: FakeUser, **fields: object) -> None:
    record = user._user_message()
    record.extra.update(fields)
    await user._interact({"message": server.state.message_to_api(record)}, "media", True, None)


async def _photo(server: FakeTelegram, user: FakeUser, data: bytes, **extra: object) -> None:
    stored = server.state.store_file(data, "photo.jpg", "image/jpeg")
    await _send(server, user, photo=[{"file_id": stored.file_id,
                                      "file_unique_id": stored.file_unique_id,
                                      "width": 800, "height": 1000, "file_size": len(data)}],
                **extra)


async def test_a_photo_with_no_caption_becomes_the_component_the_officer_names(
        server: FakeTelegram) -> None:
    user = server.user(2301, "Hương")
    await user.upload("bien_ban.docx", CORPUS["bb_hd_tdkt_truong_van_xuoi.docx"](), DOCX)
    await _photo(server, user, JPEG)
    texts = " ".join(m.text for m in user.replies()[-2:])
    assert "bản chụp — chưa đọc được nội dung" in texts
    assert "Hồ sơ đang có 2 tệp" in texts  # the photo is kept, not refused
    await user.tap("Tờ trình đề nghị khen thưởng")
    assert "hình thức khen thưởng" in user.last_reply().text  # the next question
    await user.tap("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    await user.tap("✅ Kiểm tra")
    sheet = openpyxl.load_workbook(io.BytesIO(user.documents()[-1].data)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    missing = [row[4] for row in rows if row[2] == "Thiếu thành phần hồ sơ"]
    assert missing and "Tờ trình đề nghị khen thưởng" not in missing  # the photo counts
    assert "Báo cáo thành tích" in missing  # while what was never sent is still missing


async def test_a_text_pdf_is_read_like_a_word_file(server: FakeTelegram) -> None:
    user = server.user(2302, "Bình")
    await user.upload("to_trinh.pdf", CORPUS["tt_pdf_xuat_tu_word.pdf"](), "application/pdf")
    assert "đã nhận ra Tờ trình đề nghị khen thưởng" in " ".join(
        m.text for m in user.replies()[-2:])


async def test_stickers_voice_and_locations_get_a_short_reply(server: FakeTelegram) -> None:
    user = server.user(2303, "Lan")
    await _send(server, user, sticker={"file_id": "S1", "file_unique_id": "s1", "type": "regular",
                                       "width": 512, "height": 512, "is_animated": False,
                                       "is_video": False})
    assert "nhãn dán" in user.last_reply().text and ".pdf" in user.last_reply().text
    await _send(server, user, voice={"file_id": "V1", "file_unique_id": "v1", "duration": 3})
    assert "tin nhắn thoại" in user.last_reply().text
    await _send(server, user, location={"latitude": 21.0, "longitude": 105.8})
    assert "vị trí" in user.last_reply().text



async def test_a_zip_counts_the_files_inside_it(server: FakeTelegram) -> None:
    user = server.user(2304, "Giang")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("tt_truong_thpt_bk_tinh.docx", "bb_hd_tdkt_truong_van_xuoi.docx",
                     "bctt_giao_vien_tran_dieu_lan.docx"):
            archive.writestr(name, CORPUS[name]())
    await user.upload("ho_so.zip", buffer.getvalue(), "application/zip")
    assert "Hồ sơ đang có 3 tệp" in " ".join(m.text for m in user.replies()[-2:])


async def test_a_photo_captioned_with_its_component_needs_no_tap(server: FakeTelegram) -> None:
    user = server.user(2305, "Mai")
    await user.upload("bien_ban.docx", CORPUS["bb_hd_tdkt_truong_van_xuoi.docx"](), DOCX)
    await _photo(server, user, JPEG, caption="Tờ trình đề nghị khen thưởng")
    asked = user.last_reply()
    assert "Tờ trình đề nghị khen thưởng" not in asked.labels  # not asked what it is
    assert "hình thức khen thưởng" in asked.text  # the next open question instead
