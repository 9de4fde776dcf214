"""Bad input in the dossier chat: a PDF with a password and a .docx that is really an old .doc
each get a clear Vietnamese reply saying what to do; the draft keeps the files already sent,
the refused file is not counted, and nothing is filed."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import openpyxl
import pytest_asyncio
from dossier.corpus.generate import CORPUS, build_pdf
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select

from bot.db.models import Dossier
from bot.db.session import Database
from e2e.support import make_services, start_bot
from fakebot.server import FakeTelegram

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The start of a Word 97–2003 file (OLE2 compound file) with its main stream's name, as a
# .doc renamed to .docx by hand looks.
OLD_DOC = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
           + "WordDocument".encode("utf-16-le") + b"\x00" * 4000)


def _locked_pdf() -> bytes:
    pdf = build_pdf(["TỜ TRÌNH", "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh"])
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="123456", owner_password="chu", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest_asyncio.fixture
async def server(fake_server: FakeTelegram, db: Database,
                 database_url: str) -> AsyncIterator[FakeTelegram]:
    services = make_services(fake_server, db, database_url)
    async with start_bot(fake_server, services):
        yield fake_server


async def test_password_pdf_and_renamed_doc_are_explained_and_the_draft_is_kept(
        server: FakeTelegram, db: Database) -> None:
    user = server.user(2401, "Thu")
    await user.upload("bien_ban.docx", CORPUS["bb_hd_tdkt_truong_van_xuoi.docx"](), DOCX)
    assert "Hồ sơ đang có 1 tệp" in " ".join(m.text for m in user.replies()[-2:])

    await user.upload("to_trinh.pdf", _locked_pdf(), "application/pdf")
    said = " ".join(m.text for m in user.replies()[-2:])
    assert "to_trinh.pdf" in said and "tệp PDF được đặt mật khẩu" in said
    assert "Gỡ mật khẩu" in said
    assert "Hồ sơ đang có 1 tệp" in said  # the refused PDF is not counted; the minutes stay

    await user.upload("bao_cao.docx", OLD_DOC, DOCX)
    said = " ".join(m.text for m in user.replies()[-2:])
    assert "định dạng Word/Excel cũ (.doc/.xls)" in said and "Lưu thành" in said
    assert "Hồ sơ đang có 1 tệp" in said

    await user.tap("✅ Kiểm tra")
    sheet = openpyxl.load_workbook(io.BytesIO(user.documents()[-1].data)).active
    assert sheet is not None
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    # The minutes sent first were kept and checked; the two bad files are named as unreadable.
    assert not any("Thiếu" in c and "Biên bản họp Hội đồng" in c for c in cells)
    assert any("to_trinh.pdf" in c for c in cells) and any("bao_cao.docx" in c for c in cells)
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(Dossier)) == 0  # nothing filed


async def test_a_real_doc_file_is_refused_before_download_with_the_same_advice(
        server: FakeTelegram) -> None:
    user = server.user(2402, "Khoa")
    await user.upload("to_trinh.doc", OLD_DOC, "application/msword")
    said = user.last_reply().text
    assert "định dạng Word/Excel cũ (.doc/.xls)" in said and "Lưu thành" in said
    assert "Hồ sơ đang có 0 tệp" in said
