"""A guest's huge upload and check run off the event loop: other users are answered meanwhile."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest_asyncio

from bot.db.session import Database
from bot.dossier.blanks import BlankContext, BlankNominee, nominee_list_xlsx
from e2e.support import dossier_kb, make_services, start_bot
from fakebot.server import FakeTelegram

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = 20_000


def _big_list(rows: int) -> bytes:
    """One look-alike block, the review's worst case for the duplicate check (H1)."""
    middles = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân", "Thu")
    nominees = tuple(
        BlankNominee(name=f"Nguyễn {middles[i % 10]} {middles[i // 10 % 10]} Long",
                     position="Chuyên viên", unit=f"Phòng {i % 40}",
                     birth_date=dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28))
        for i in range(rows))
    return nominee_list_xlsx(BlankContext(unit="Sở Y tế", award="lao_dong_tien_tien",
                                          nominees=nominees), kb=dossier_kb())


@pytest_asyncio.fixture
async def server(fake_server: FakeTelegram, db: Database,
                 database_url: str) -> AsyncIterator[FakeTelegram]:
    # The nominee cap is raised so the 20,000-row check really runs; its time budget is kept
    # short so the test ends either way (a result, or the "too long" message).
    services = make_services(fake_server, db, database_url, max_draft_nominees=ROWS,
                             work_seconds=10)
    async with start_bot(fake_server, services):
        yield fake_server


async def test_a_guests_big_check_does_not_delay_another_users_help(
        server: FakeTelegram) -> None:
    guest = server.user(3101, "Khách")
    await guest.upload("danh_sach.xlsx", _big_list(ROWS), XLSX, timeout=120)
    assert f"({ROWS} người/tập thể)" in " ".join(m.text for m in guest.replies()[-2:])
    mark = server.state.last_seq
    check = asyncio.create_task(guest.tap("✅ Kiểm tra", timeout=120))
    # The check has started once the bot shows "typing…" to the guest.
    await server.wait_until(
        lambda: any(c.method == "sendChatAction"
                    for c in server.calls(chat_id=guest.chat_id, since=mark)), 30)
    other = server.user(3102, "Lan")
    await other.send("/help", timeout=1.0)  # fails unless answered within 1 s
    assert "/menu" in other.last_reply().text
    assert not check.done()  # the guest's check was still running meanwhile
    await check
    final = " ".join(m.text for m in guest.replies()[-2:])
    assert "Kết quả kiểm tra hồ sơ" in final or "quá thời gian" in final
