"""A nominee list longer than a draft may hold is refused at upload, and the draft is kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest_asyncio
from dossier.test_readers import full_draft

from bot.db.session import Database
from bot.dossier.blanks import BlankContext, BlankNominee, nominee_list_xlsx
from e2e.support import dossier_kb, make_services, start_bot
from fakebot.server import FakeTelegram

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest_asyncio.fixture
async def server(fake_server: FakeTelegram, db: Database,
                 database_url: str) -> AsyncIterator[FakeTelegram]:
    services = make_services(fake_server, db, database_url, max_draft_nominees=3)
    async with start_bot(fake_server, services):
        yield fake_server


def _list(count: int) -> bytes:
    nominees = tuple(BlankNominee(name=f"Trần Thị {chr(65 + i)}", position="Chuyên viên",
                                  birth_date=dt.date(1980, 1, 1 + i)) for i in range(count))
    return nominee_list_xlsx(BlankContext(unit="Sở Y tế", award="lao_dong_tien_tien",
                                          nominees=nominees), kb=dossier_kb())


async def test_a_list_over_the_nominee_cap_is_refused_and_the_draft_kept(
        server: FakeTelegram) -> None:
    user = server.user(3201, "Hà")
    await user.upload("to_trinh.docx", dict(full_draft())["to_trinh.docx"], DOCX)
    await user.upload("danh_sach.xlsx", _list(5), XLSX)
    refusal = user.last_reply().text
    assert "danh_sach.xlsx" in refusal and "tối đa 3 người" in refusal
    assert "chia danh sách" in refusal
    await user.upload("danh_sach_2.xlsx", _list(3), XLSX)  # within the cap: accepted
    replies = " ".join(m.text for m in user.replies()[-2:])
    assert "(3 người/tập thể)" in replies
    assert "Hồ sơ đang có 2 tệp" in replies  # the refused list is not part of the draft
