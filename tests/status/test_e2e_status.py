"""End to end through the fake Bot API: an officer finds a dossier by a name typed without
diacritics, a reviewer requests a supplement with a checklist and a typed reason, and the
officer receives the notice exactly once when the outbox is delivered (twice over)."""

from __future__ import annotations

import datetime as dt

from bot.chat import common
from bot.chat import status as status_journey
from bot.chat.router import Router
from bot.db.delivery import deliver_due
from bot.db.session import Database
from e2e.support import make_services, start_bot
from fakebot.server import FakeTelegram
from handlers.notifier import TelegramNotifier, plain_bot
from tests.status.conftest import Province


def _router() -> Router:
    return Router(
        [common.JOURNEY, status_journey.JOURNEY],
        fallback_text=common.not_understood,
        stale=common.stale_button,
    )


async def test_lookup_supplement_and_one_notice(
    fake_telegram: FakeTelegram,
    db: Database,
    database_url: str,
    province: Province,
    pinned_now: dt.datetime,
) -> None:
    code = await province.dossier(
        province.own, ["Nguyễn Thị Hồng Nhung"], pinned_now, status="submitted"
    )
    services = make_services(fake_telegram, db, database_url)
    officer = fake_telegram.user(101, "Mai")
    reviewer = fake_telegram.user(201, "Tâm")
    async with start_bot(fake_telegram, services, router=_router()):
        await officer.send("/hoso nguyen thi hong nhung")
        found = officer.last_reply()
        assert code in found.text
        assert "Đã nộp, chờ tiếp nhận" in found.text

        await reviewer.send(f"/hoso {code.lower()}")
        assert "Tiếp nhận" in " ".join(reviewer.last_reply().labels)
        await reviewer.tap("Yêu cầu bổ sung")
        await reviewer.tap("Biên bản họp Hội đồng")
        await reviewer.send("Biên bản thiếu chữ ký thư ký")
        assert "Yêu cầu bổ sung, hoàn thiện" in reviewer.last_reply().text

        outside = fake_telegram.user(103, "Hà")  # an officer of another unit
        await outside.send(f"/hoso {code}")
        assert "Không tìm thấy" in outside.last_reply().text

        notifier = TelegramNotifier(plain_bot(services.settings))
        async with notifier.bot:
            # The bot stamps changes with the real clock (the Telegram edge reads it).
            later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
            reports = [await deliver_due(db, notifier, later, "test", batch=50) for _ in range(2)]
    assert [r.claimed for r in reports] == [2, 0]  # Mai and Hùng; the second pass finds nothing
    notices = [m for m in officer.replies() if "🔔" in m.text]
    assert len(notices) == 1
    assert "Biên bản họp Hội đồng" in notices[0].text
    assert "Biên bản thiếu chữ ký thư ký" in notices[0].text


async def test_inline_mode_answers_only_registered_users_in_scope(
    fake_telegram: FakeTelegram, db: Database, database_url: str, province: Province,
    pinned_now: dt.datetime,
) -> None:
    from handlers import inline

    code = await province.dossier(province.own, ["Bùi Thị Thanh Xuân"], pinned_now)
    services = make_services(fake_telegram, db, database_url)
    async with start_bot(fake_telegram, services, router=_router()) as application:
        inline.register(application)
        mine = await fake_telegram.user(101, "Mai").inline_query("bui thi thanh xuan")
        other = await fake_telegram.user(103, "Hà").inline_query("bui thi thanh xuan")
        stranger = await fake_telegram.user(999, "Lạ").inline_query(code)
    assert [r["id"] for r in mine] == [code]
    assert other == [] and stranger == []
