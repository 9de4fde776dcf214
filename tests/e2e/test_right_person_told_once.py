"""People, dates and pushes as the December 2026 UX test found them (issue 14):

- a reviewer invited with `tdkt invite --scope` (a cluster) finds the cluster's dossiers in /hoso;
- a unit's submission is pushed to the reviewers in scope, never back to the officer who made it;
- a reviewer's two quick moves reach the officer as one push, and never the reviewer;
- one dossier shows one expected date, with the overdue mark, in the list, the card, the push
  and the inline result, under the stage's own words;
- a supplement request carries its deadline and who asked; a refusal's reason is on the card.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update

from bot.chat import people
from bot.conversation.callbacks import StaleButton
from bot.conversation.turn import Turn
from bot.conversation.viewer import Role
from bot.db.delivery import deliver_due
from bot.db.models import Dossier, DossierEvent, Invite, Officer, Unit
from bot.invites_admin import create_invite_for_unit
from bot.services import Services
from bot.status.access import Principal
from bot.status.service import NewNominee, change_status, create_dossier
from e2e.support import BotEnv, knowledge_base, register_officer
from fakebot.client import BotMessage, FakeUser
from handlers.notifier import TelegramNotifier, plain_bot

KB = knowledge_base()  # the shipped law and policy (workflow, SLA, calendar…)

ADMIN = Principal(Role.ADMIN, None, None, None)


async def _unit(env: BotEnv, code: str, name: str, cluster: str | None = None) -> int:
    async with env.db.session() as session, session.begin():
        unit = Unit(code=code, name=name, name_folded=code.lower(), level="tinh_agency",
                    cluster=cluster, created_at=dt.datetime.now(dt.UTC))
        session.add(unit)
        await session.flush()
        return unit.id


async def _dossier(env: BotEnv, unit_id: int, name: str, status: str = "submitted",
                   at: dt.datetime | None = None) -> str:
    async with env.db.session() as session, session.begin():
        dossier = await create_dossier(session, unit_id, "bang_khen_tinh", [NewNominee(name)],
                                       at or dt.datetime.now(dt.UTC), status=status)
        return dossier.code


async def _deliver(services: Services) -> int:
    """One outbox pass a minute after now, as the bot's tick would run it."""
    notifier = TelegramNotifier(plain_bot(services.settings))
    async with notifier.bot:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=61)
        report = await deliver_due(services.db, notifier, later, "test", batch=50)
    return report.claimed


def _pushes(user: FakeUser) -> list[BotMessage]:
    return [m for m in user.replies() if m.text.startswith("🔔")]


async def test_reviewer_invited_with_a_cluster_scope_sees_its_dossiers(bot_env: BotEnv) -> None:
    home = await _unit(bot_env, "SNV", "Sở Nội vụ")
    school = await _unit(bot_env, "THPT-NT", "Trường THPT Nguyễn Trãi", "Khối Giáo dục")
    await _unit(bot_env, "SYT", "Sở Y tế", "Khối Y tế")
    code = await _dossier(bot_env, school, "Trần Diệu Lan")
    # As `tdkt invite --unit 'So Noi vu' --role reviewer --scope 'khoi giao duc'` does.
    created = await create_invite_for_unit(
        bot_env.db, "So Noi vu", "reviewer", dt.timedelta(days=7), dt.datetime.now(dt.UTC),
        scope=["khoi giao duc"], bot_username="tdkt_demo_bot",
    )
    assert created.link == f"https://t.me/tdkt_demo_bot?start=inv_{created.code}"
    assert created.scope_names == ("Khối Giáo dục",)
    reviewer = bot_env.server.user(5004, "Tâm")
    await reviewer.send(f"/start inv_{created.code}")
    assert "Đăng ký thành công" in reviewer.last_reply().text
    await reviewer.send("/hoso")
    queue = reviewer.last_reply().text
    assert code in queue and "Không có hồ sơ" not in queue
    assert home  # the reviewer's own unit has no dossiers: the scope is what fills the queue


async def test_submission_pushes_the_reviewer_not_the_officer(bot_env: BotEnv) -> None:
    board = await _unit(bot_env, "BTDKT", "Ban Thi đua - Khen thưởng tỉnh")
    school = await _unit(bot_env, "THPT-NT", "Trường THPT Nguyễn Trãi")
    code = await _dossier(bot_env, school, "Trần Diệu Lan", status="checked")
    officer = bot_env.server.user(5002, "Hương")
    reviewer = bot_env.server.user(5004, "Tâm")
    await register_officer(bot_env.services, officer, school)
    await register_officer(bot_env.services, reviewer, board, role="reviewer", scope=[school])

    await officer.send(f"/hoso {code}")
    await officer.tap("📤 Nộp hồ sơ")
    await officer.send("Đã bổ sung biên bản họp Hội đồng theo yêu cầu")
    assert "Sẽ báo cho 1 cán bộ thẩm định" in officer.replies()[-2].text
    assert await _deliver(bot_env.services) == 1
    assert _pushes(officer) == []
    [push] = _pushes(reviewer)
    assert code in push.text and "Đã nộp, chờ tiếp nhận" in push.text
    assert "Trường THPT Nguyễn Trãi · Trần Diệu Lan" in push.text  # the reviewer knows whose
    assert "Đã bổ sung biên bản họp Hội đồng theo yêu cầu" in push.text


async def test_two_quick_moves_reach_the_officer_as_one_push(bot_env: BotEnv) -> None:
    board = await _unit(bot_env, "BTDKT", "Ban Thi đua - Khen thưởng tỉnh")
    school = await _unit(bot_env, "THPT-NT", "Trường THPT Nguyễn Trãi")
    code = await _dossier(bot_env, school, "Trần Diệu Lan")
    officer = bot_env.server.user(5002, "Hương")
    reviewer = bot_env.server.user(5004, "Tâm")
    await register_officer(bot_env.services, officer, school)
    await register_officer(bot_env.services, reviewer, board, role="reviewer", scope=[school])

    await reviewer.send(f"/hoso {code}")
    await reviewer.tap("✅ Tiếp nhận")
    await reviewer.tap("Bỏ qua lý do")
    await reviewer.tap("🔎 Bắt đầu thẩm định")
    await reviewer.tap("Bỏ qua lý do")
    assert await _deliver(bot_env.services) == 1
    assert await _deliver(bot_env.services) == 0
    [push] = _pushes(officer)
    assert "Đang thẩm định" in push.text and "Đã tiếp nhận" in push.text
    assert _pushes(reviewer) == []


async def test_one_expected_date_in_list_card_push_and_inline(bot_env: BotEnv) -> None:
    board = await _unit(bot_env, "BTDKT", "Ban Thi đua - Khen thưởng tỉnh")
    school = await _unit(bot_env, "THPT-NT", "Trường THPT Nguyễn Trãi")
    # Received two months ago (before anyone registered): the 25 working days are long gone.
    then = dt.datetime.now(dt.UTC) - dt.timedelta(days=60)
    code = await _dossier(bot_env, school, "Trần Diệu Lan", at=then)
    async with bot_env.db.session() as session, session.begin():
        await change_status(session, ADMIN, code, "received", then + dt.timedelta(days=1),
                            bot_env.services.settings.tz, bot_env.services.renderer, kb=KB)
    officer = bot_env.server.user(5002, "Hương")
    reviewer = bot_env.server.user(5004, "Tâm")
    await register_officer(bot_env.services, officer, school)
    await register_officer(bot_env.services, reviewer, board, role="reviewer", scope=[school])

    await reviewer.send(f"/hoso {code}")
    assert "Hẹn trả kết quả" in reviewer.last_reply().text  # received: not yet "thẩm định"
    assert "kết quả thẩm định" not in reviewer.last_reply().text
    await reviewer.tap("🔎 Bắt đầu thẩm định")
    await reviewer.tap("Bỏ qua lý do")
    await _deliver(bot_env.services)
    async with bot_env.db.session() as session:
        due = (await session.execute(select(Dossier.sla_due_on))).scalar_one()
    assert due is not None and due < dt.date.today()
    line = f"Dự kiến có kết quả thẩm định: {due:%d/%m/%Y} <b>⚠️ quá hạn</b>"

    await officer.send("/hoso")
    listed = officer.last_reply().html
    await officer.send(f"/hoso {code}")
    card = officer.last_reply().html
    [push] = _pushes(officer)
    [inline] = await officer.inline_query(code)
    shared = inline["input_message_content"]["message_text"]
    for shown in (listed, card, push.html, shared):
        assert line in shown, shown

    # With the Council, the date is no longer "kết quả thẩm định".
    await reviewer.send(f"/hoso {code}")
    await reviewer.tap("🏛 Trình Hội đồng")
    await reviewer.tap("Bỏ qua lý do")
    await officer.send(f"/hoso {code}")
    card = officer.last_reply().text
    assert "kết quả thẩm định" not in card and f"{due:%d/%m/%Y} ⚠️ quá hạn" in card


async def test_supplement_deadline_requester_and_refusal_reason(bot_env: BotEnv) -> None:
    board = await _unit(bot_env, "BTDKT", "Ban Thi đua - Khen thưởng tỉnh")
    school = await _unit(bot_env, "THPT-NT", "Trường THPT Nguyễn Trãi")
    code = await _dossier(bot_env, school, "Trần Diệu Lan")
    other = await _dossier(bot_env, school, "Hoàng Anh An")
    officer = bot_env.server.user(5002, "Hương")
    reviewer = bot_env.server.user(5004, "Tâm")
    await register_officer(bot_env.services, officer, school)
    await register_officer(bot_env.services, reviewer, board, role="reviewer", scope=[school])

    await reviewer.send(f"/hoso {code}")
    await reviewer.tap("📝 Yêu cầu bổ sung")
    assert "Hạn bổ sung ghi trong yêu cầu:" in reviewer.last_reply().text
    await reviewer.tap("⬜ Biên bản họp Hội đồng")
    await reviewer.send("Biên bản thiếu chữ ký thư ký")
    await _deliver(bot_env.services)
    [push] = _pushes(officer)
    assert "Hạn bổ sung:" in push.text
    assert "Người yêu cầu: Tâm – Ban Thi đua - Khen thưởng tỉnh" in push.text
    assert 'href="tg://user?id=5004"' in (push.html or "")  # one tap to write to the reviewer
    await officer.send(f"/hoso {code}")
    card = officer.last_reply().text
    assert "Hạn bổ sung:" in card and "Người yêu cầu: Tâm" in card

    # "Không khen thưởng" needs a reason, and the card shows it.
    async with bot_env.db.session() as session, session.begin():
        await session.execute(update(Dossier).where(Dossier.code == other)
                              .values(status="appraising"))
    await reviewer.send(f"/hoso {other}")
    await reviewer.tap("✖️ Không khen thưởng")
    assert "⚠️ Xác nhận" not in " ".join(reviewer.last_reply().labels)  # no reason, no confirm
    await reviewer.send("Chưa đủ 02 lần Chiến sĩ thi đua cơ sở liên tục")
    await reviewer.tap("⚠️ Xác nhận")
    await officer.send(f"/hoso {other}")
    card = officer.last_reply().text
    assert "Lý do không khen thưởng: Chưa đủ 02 lần Chiến sĩ thi đua cơ sở liên tục" in card
    async with bot_env.db.session() as session:
        notes = (await session.execute(
            select(DossierEvent.note).where(DossierEvent.to_status == "not_approved"))).scalars()
        assert list(notes) == ["Chưa đủ 02 lần Chiến sĩ thi đua cơ sở liên tục"]


async def test_reviewer_manages_people_of_the_units_in_scope_from_the_chat(
    bot_env: BotEnv,
) -> None:
    board = await _unit(bot_env, "BTDKT", "Ban Thi đua - Khen thưởng tỉnh")
    school = await _unit(bot_env, "THPT-NT", "Trường THPT Nguyễn Trãi")
    lonely = await _unit(bot_env, "THPT-CMS", "Trường THPT chuyên Minh Sơn")
    outside = await _unit(bot_env, "SYT", "Sở Y tế")
    officer = bot_env.server.user(5002, "Hương")
    reviewer = bot_env.server.user(5004, "Tâm")
    await register_officer(bot_env.services, officer, school)
    await register_officer(bot_env.services, reviewer, board, role="reviewer",
                           scope=[school, lonely])

    await reviewer.send("/canbo")
    page = reviewer.last_reply()
    assert "1 đơn vị chưa có cán bộ đăng ký" in page.text
    assert "Trường THPT chuyên Minh Sơn" in page.text and "Sở Y tế" not in page.text
    assert page.labels[0] == "🏢 Trường THPT chuyên Minh Sơn (0)"  # the gap comes first

    # An invite for the unit nobody has registered: link and code; a newcomer redeems it.
    await reviewer.tap("🏢 Trường THPT chuyên Minh Sơn (0)")
    assert "Chưa có ai đăng ký" in reviewer.last_reply().text
    await reviewer.tap("➕ Mã mời cán bộ đơn vị")
    given = reviewer.last_reply()
    assert "Trường THPT chuyên Minh Sơn" in given.text and "/start " in given.text
    code = given.text.split("/start ")[1].split()[0]
    newcomer = bot_env.server.user(5008, "Vy")
    await newcomer.send(f"/start {code}")
    assert "Trường THPT chuyên Minh Sơn" in newcomer.last_reply().text

    # Deactivating asks first, saying what it does; then the officer is out.
    await reviewer.send("/canbo")
    await reviewer.tap("🏢 Trường THPT Nguyễn Trãi (1)")
    assert "Hương" in reviewer.last_reply().text
    await reviewer.tap("🚫 Ngừng quyền: Hương")
    confirm = reviewer.last_reply().text
    assert "không nhận nhắc hạn" in confirm and "mã mời mới" in confirm
    await reviewer.tap("⚠️ Xác nhận ngừng quyền")
    assert "Đã ngừng quyền của Hương" in " ".join(m.text for m in reviewer.replies()[-2:])
    await officer.send("/hoso")
    assert "chỉ dành cho cán bộ đã đăng ký" in officer.last_reply().text

    # Forged buttons outside the scope (or above the reviewer's rights) change nothing.
    async with bot_env.db.session() as session:
        before = (await session.execute(select(func.count(Invite.id)))).scalar_one()
        other = await session.scalar(select(Officer.id).where(Officer.telegram_user_id == 5008))
    now = dt.datetime.now(dt.UTC)
    for data in (f"i:{outside}:officer", f"i:{school}:admin", f"u:{outside}"):
        with pytest.raises(StaleButton):
            await people.on_button(Turn(bot_env.services, 5004, 5004, "Tâm", now, data=data))
    async with bot_env.db.session() as session:
        after = (await session.execute(select(func.count(Invite.id)))).scalar_one()
        still = await session.get(Officer, other)
    assert after == before and still is not None and still.active
