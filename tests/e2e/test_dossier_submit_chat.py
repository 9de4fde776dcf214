"""An officer files a checked dossier from the chat and supplements it when the reviewer asks:
upload → check → "📤 Nộp hồ sơ" (with a reason, since it has an error) → the reviewer is pushed →
"Yêu cầu bổ sung" → the officer adds the missing file → re-check → "📤 Nộp bổ sung" → pushed."""

from __future__ import annotations

import datetime as dt

from dossier.campaigns import add_unit
from dossier.test_readers import full_draft
from sqlalchemy import select

from bot.db.delivery import deliver_due
from bot.db.models import Dossier, DossierEvent
from bot.db.models_submit import DossierFile
from bot.db.session import Database
from bot.services import Services
from e2e.support import make_services, register_officer, start_bot
from fakebot.server import FakeTelegram
from handlers.notifier import TelegramNotifier, plain_bot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REASON = "Biên bản họp Hội đồng đang chờ ký, sẽ bổ sung"


async def deliver(services: Services) -> int:
    """One outbox pass, as the bot's tick does (the bot stamps with the real clock)."""
    notifier = TelegramNotifier(plain_bot(services.settings))
    async with notifier.bot:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
        report = await deliver_due(services.db, notifier, later, "test", batch=50)
    return report.claimed


async def test_submit_push_supplement_resubmit_push(
        fake_server: FakeTelegram, db: Database, database_url: str) -> None:
    syt = await add_unit(db, "SYT", "Sở Y tế")
    board = await add_unit(db, "BTDKT", "Ban Thi đua - Khen thưởng tỉnh")
    services = make_services(fake_server, db, database_url)
    files = dict(full_draft())
    async with start_bot(fake_server, services):
        officer = fake_server.user(3101, "Lan")
        reviewer = fake_server.user(3201, "Tâm")
        guest = fake_server.user(3301, "Lạ")
        await register_officer(services, officer, syt)
        await register_officer(services, reviewer, board, role="reviewer", scope=[syt])

        # A guest can check, but is told to register before filing.
        await guest.upload("to_trinh.docx", files["to_trinh.docx"], DOCX)
        await guest.tap("✅ Kiểm tra")
        await guest.tap("📤 Nộp hồ sơ")
        assert "cán bộ đã đăng ký" in guest.last_reply().text

        # The officer sends everything but the council minutes: the check finds an error.
        for name in ("to_trinh.docx", "danh_sach.xlsx", "bc_mai.docx", "bc_hung.docx",
                     "sk_mai.docx", "sk_hung.docx"):
            await officer.upload(name, files[name], XLSX if name.endswith("xlsx") else DOCX)
        await officer.tap("✅ Kiểm tra")
        assert "Biên bản" in " ".join(m.text for m in officer.replies()[-2:])
        await officer.tap("📤 Nộp hồ sơ")
        assert "gõ lý do" in officer.last_reply().text  # errors block until a reason is given
        async with db.session() as s:
            assert (await s.scalars(select(Dossier))).all() == []
        await officer.send("ok")
        assert "Lý do quá ngắn" in officer.last_reply().text
        await officer.send(REASON)
        filed = officer.last_reply().text
        assert "Đã nộp hồ sơ" in filed and "6 tệp" in filed
        async with db.session() as s:
            dossier = (await s.scalars(select(Dossier))).one()
            stored = (await s.scalars(select(DossierFile))).all()
        code = dossier.code
        assert code in filed and dossier.status == "submitted"
        assert {f.name for f in stored} == {"to_trinh.docx", "danh_sach.xlsx", "bc_mai.docx",
                                            "bc_hung.docx", "sk_mai.docx", "sk_hung.docx"}
        assert all(f.telegram_file_id and len(f.sha256) == 64 for f in stored)

        # /hoso shows it at once; a new upload starts a new draft.
        await officer.send("/hoso")
        assert code in officer.last_reply().text

        # The reviewer is pushed once, with the summary and the reason; the card shows it too.
        assert await deliver(services) >= 1
        pushes = [m for m in reviewer.replies() if "📥" in m.text]
        assert len(pushes) == 1
        assert code in pushes[0].text and "Sở Y tế" in pushes[0].text
        assert REASON in pushes[0].text and "Trần Thị Mai" in pushes[0].text
        assert await deliver(services) == 0
        # The reviewer opens the filed files in the chat (sent back by Telegram file_id).
        await reviewer.tap("📎 Tệp hồ sơ", message_id=pushes[0].message_id)
        received = reviewer.documents()
        assert sorted(d.filename for d in received) == sorted(f.name for f in stored)
        assert {d.data for d in received} == {files[f.name] for f in stored}
        await reviewer.tap("📄 Xem hồ sơ", message_id=pushes[0].message_id)
        assert REASON in reviewer.last_reply().text

        # The reviewer asks for the minutes.
        await reviewer.tap("Yêu cầu bổ sung")
        await reviewer.tap("⬜ Hồ sơ thiếu Biên bản")  # the check's finding, offered
        await reviewer.send("Thiếu biên bản họp Hội đồng")
        await deliver(services)
        notice = [m for m in officer.replies() if "🔔" in m.text][-1]
        assert code in notice.text

        # The officer opens the card, starts the supplement, adds the file and resubmits.
        await officer.tap("📄 Xem hồ sơ", message_id=notice.message_id)
        card = officer.last_reply()
        await officer.tap("📎 Bổ sung hồ sơ")
        assert code in officer.last_reply().text and "6 tệp" in officer.last_reply().text
        await officer.upload("bien_ban.docx", files["bien_ban.docx"], DOCX)
        await officer.tap("✅ Kiểm tra")
        await officer.tap("📤 Nộp bổ sung")
        done = officer.last_reply().text
        assert "Đã nộp bổ sung" in done and code in done and "thêm 1 tệp" in done
        async with db.session() as s:
            dossier = (await s.scalars(select(Dossier))).one()
            rounds = sorted(f.round for f in (await s.scalars(select(DossierFile))).all())
            events = [e.to_status for e in (await s.scalars(
                select(DossierEvent).order_by(DossierEvent.id))).all()]
        assert dossier.status == "submitted" and rounds == [1] * 6 + [2]
        assert events == ["submitted", "needs_supplement", "submitted"]

        await deliver(services)
        pushes = [m for m in reviewer.replies() if "📥" in m.text]
        assert len(pushes) == 2 and "bổ sung và nộp lại" in pushes[1].text
        # The officer is not told about their own resubmission (only of the request).
        assert len([m for m in officer.replies() if "🔔" in m.text]) == 1

        # A supplement to a dossier no longer awaiting one: told so, nothing filed, and the
        # draft the officer had started since is kept as it was.
        await officer.upload("to_trinh.docx", files["to_trinh.docx"], DOCX)
        await officer.tap("📎 Bổ sung hồ sơ", message_id=card.message_id)
        assert "không phải chờ bổ sung" in officer.last_reply().text
        assert "hồ sơ đang soạn vẫn được giữ" in officer.last_reply().text
        async with db.session() as s:
            files_now = (await s.scalars(select(DossierFile.name))).all()
        assert len(files_now) == 7  # nothing added to the filed dossier
        await officer.upload("danh_sach.xlsx", files["danh_sach.xlsx"], XLSX)
        assert "Hồ sơ đang có 2 tệp" in " ".join(m.text for m in officer.replies()[-2:])
