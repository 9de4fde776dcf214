"""Nothing is lost by one tap: withdrawing a dossier and replacing a draft ask first, saying
what will be lost; a reviewer's long instruction reaches the card and the officer whole."""

from __future__ import annotations

import datetime as dt

from dossier.test_readers import full_draft
from sqlalchemy import select

from bot.db.delivery import deliver_due
from bot.db.models import DossierEvent, Unit
from bot.status.service import NewNominee, create_dossier
from e2e.support import BotEnv, register_officer
from fakebot.client import FakeUser
from handlers.notifier import TelegramNotifier, plain_bot

NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def _unit_dossier(env: BotEnv, status: str) -> tuple[int, str]:
    async with env.db.session() as session, session.begin():
        unit = Unit(code="THPT-NT", name="Trường THPT Nguyễn Trãi", name_folded="truong thpt",
                    level="tinh_agency", created_at=NOW)
        session.add(unit)
        await session.flush()
        dossier = await create_dossier(session, unit.id, "bang_khen_tinh",
                                       [NewNominee("Trần Diệu Lan")], NOW, status=status)
        return unit.id, dossier.code


async def _status_of(env: BotEnv, code: str, user: FakeUser) -> str:
    await user.send(f"/hoso {code}")
    return user.last_reply().text


async def test_withdrawing_a_dossier_says_it_cannot_be_undone_and_waits_for_a_confirm(
    bot_env: BotEnv,
) -> None:
    unit_id, code = await _unit_dossier(bot_env, "submitted")
    officer = bot_env.server.user(5002, "Hương")
    await register_officer(bot_env.services, officer, unit_id)
    await officer.send(f"/hoso {code}")
    await officer.tap("🗑 Rút hồ sơ")
    ask = officer.last_reply()
    assert "không hoàn tác được" in ask.text
    assert "Bỏ qua lý do" not in " ".join(ask.labels)
    assert any("Xác nhận" in label for label in ask.labels)

    await officer.send("Đơn vị bổ sung thành tích, sẽ nộp lại")  # a note does not act alone
    held = officer.last_reply()
    assert "Đơn vị bổ sung thành tích, sẽ nộp lại" in held.text
    assert "Đã nộp, chờ tiếp nhận" in await _status_of(bot_env, code, officer)

    await officer.send(f"/hoso {code}")
    await officer.tap("🗑 Rút hồ sơ")
    await officer.tap("↩️ Huỷ, giữ nguyên hồ sơ")
    assert "Đã nộp, chờ tiếp nhận" in await _status_of(bot_env, code, officer)

    await officer.tap("🗑 Rút hồ sơ")
    await officer.send("Rút để bổ sung")
    await officer.tap(next(label for label in officer.last_reply().labels if "Xác nhận" in label))
    assert "Đơn vị đã rút hồ sơ" in " ".join(m.text for m in officer.replies()[-2:])


async def test_a_new_draft_over_one_with_files_asks_first_and_keeps_it_on_no(
    bot_env: BotEnv,
) -> None:
    user = bot_env.server.user(5003, "Mai")
    await user.send("/menu")
    await user.tap("📄 Kiểm tra hồ sơ")
    files = dict(full_draft())
    await user.upload("to_trinh.docx", files["to_trinh.docx"], DOCX)
    await user.send("/menu")
    await user.tap("📄 Kiểm tra hồ sơ")
    await user.tap("🗑 Làm hồ sơ mới")
    ask = user.last_reply()
    assert "1 tệp" in ask.text and "không hoàn tác được" in ask.text
    await user.tap("↩️ Giữ hồ sơ đang làm")
    assert "1 tệp" in user.last_reply().text  # the draft is still there
    await user.tap("🗑 Làm hồ sơ mới")
    await user.tap("🗑 Xoá hồ sơ đang làm, làm mới")
    assert "Gửi các tệp của hồ sơ" in user.last_reply().text
    assert "1 tệp" not in user.last_reply().text


async def test_a_long_reviewer_instruction_is_kept_whole_on_the_card_and_in_the_push(
    bot_env: BotEnv,
) -> None:
    unit_id, code = await _unit_dossier(bot_env, "submitted")
    officer = bot_env.server.user(5004, "Hương")
    await register_officer(bot_env.services, officer, unit_id)
    reviewer = bot_env.server.user(5005, "Tâm")
    await register_officer(bot_env.services, reviewer, unit_id, role="reviewer")
    lines = [f"{i:02d}. Bổ sung bản sao quyết định khen thưởng năm {2000 + i} có chữ ký."
             for i in range(1, 61)]
    note = "\n".join(lines)
    assert 3700 < len(note) <= 4096
    await reviewer.send(f"/hoso {code}")
    await reviewer.tap("📝 Yêu cầu bổ sung")
    await reviewer.send(note)

    async with bot_env.db.session() as session:
        stored = (await session.execute(
            select(DossierEvent.note).where(DossierEvent.to_status == "needs_supplement")
        )).scalar_one()
    assert stored == note

    await reviewer.send(f"/hoso {code}")
    card = "\n".join(m.text for m in reviewer.replies()[-3:])
    assert lines[0] in card and lines[-1] in card

    notifier = TelegramNotifier(plain_bot(bot_env.services.settings))
    async with notifier.bot:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
        await deliver_due(bot_env.db, notifier, later, "test", batch=50)
    pushed = "\n".join(m.text for m in officer.replies())
    assert lines[0] in pushed and lines[-1] in pushed
