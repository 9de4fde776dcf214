"""Free text typed at the top level (no journey open) goes somewhere useful: an award name opens
the interview, a journey's name opens it, a nominee's name finds the dossier, a near miss asks
"Ý anh/chị là …?" with buttons; and /help lists what this person's role can do."""

from __future__ import annotations

import datetime as dt

from bot.db.models import Unit
from bot.status.service import NewNominee, create_dossier
from e2e.support import BotEnv, register_officer
from fakebot.client import FakeUser

NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)


async def _unit(env: BotEnv, code: str = "SYT", name: str = "Sở Y tế") -> int:
    async with env.db.session() as session, session.begin():
        unit = Unit(code=code, name=name, name_folded=name.lower(), level="tinh_agency",
                    created_at=NOW)
        session.add(unit)
        await session.flush()
        return unit.id


async def _officer(env: BotEnv, user_id: int, role: str = "officer") -> tuple[FakeUser, int]:
    unit_id = await _unit(env)
    user = env.server.user(user_id, "Hương")
    await register_officer(env.services, user, unit_id, role=role)
    return user, unit_id


async def test_award_name_typed_without_diacritics_opens_the_interview_for_it(
    bot_env: BotEnv,
) -> None:
    user = bot_env.server.user(5002, "Hương")
    await user.send("bang khen thu tuong")
    reply = user.last_reply()
    assert "chưa hiểu" not in reply.text
    assert "Bằng khen của Thủ tướng Chính phủ" in reply.text


async def test_my_dossiers_in_words_opens_the_unit_list(bot_env: BotEnv) -> None:
    user, _ = await _officer(bot_env, 5003)
    await user.send("hồ sơ của tôi đâu")
    assert "chưa hiểu" not in user.last_reply().text
    assert "Hồ sơ" in user.last_reply().text
    await user.send("nhac han")
    assert "Nhắc hạn" in user.last_reply().text
    await user.send("thống kê")
    assert "chưa hiểu" not in user.last_reply().text
    assert user.last_reply().labels  # the scope chooser


async def test_a_nominee_name_finds_the_dossier_and_a_code_opens_its_card(bot_env: BotEnv) -> None:
    user, unit_id = await _officer(bot_env, 5004)
    async with bot_env.db.session() as session, session.begin():
        dossier = await create_dossier(session, unit_id, "bang_khen_tinh",
                                       [NewNominee("Trần Hồng Hương")], NOW, status="submitted")
        code = dossier.code
    await user.send("tran hong huong")
    assert code in user.last_reply().text
    await user.send(code.lower())
    assert f"Hồ sơ {code}" in user.last_reply().text or code in user.last_reply().text
    assert "Trần Hồng Hương" in user.last_reply().text


async def test_a_near_miss_asks_did_you_mean_with_buttons(bot_env: BotEnv) -> None:
    user = bot_env.server.user(5005, "Lan")
    await user.send("bang khen")
    reply = user.last_reply()
    assert "Ý anh/chị là" in reply.text
    assert any("Bằng khen" in label for label in reply.labels), reply
    assert not any("Thống kê" in label for label in reply.labels)
    await user.tap(next(label for label in reply.labels if "tỉnh" in label))
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in user.last_reply().text

    await user.send("/cancel")  # the interview it opened takes free text until closed
    await user.send("nhắc hẹn")  # a typo of a journey's name
    assert "Ý anh/chị là" in user.last_reply().text
    await user.tap("⏰ Nhắc hạn nộp")
    assert "chỉ dành cho cán bộ đã đăng ký" in user.last_reply().text


async def test_chit_chat_still_gets_the_menu(bot_env: BotEnv) -> None:
    user = bot_env.server.user(5006, "Minh")
    await user.send("xin chào")
    assert "chưa hiểu" in user.last_reply().text
    assert len(user.last_reply().labels) == 4


async def test_help_lists_every_command_of_the_role(bot_env: BotEnv) -> None:
    guest = bot_env.server.user(5007, "Lan")
    await guest.send("/help")
    guest_help = guest.last_reply().text
    for command in ("/menu", "/xet", "/mau", "/start", "/cancel", "/help"):
        assert command in guest_help
    assert "/hoso –" not in guest_help  # a guest cannot use it: named only as what comes later

    officer, _ = await _officer(bot_env, 5008)
    await officer.send("/help")
    officer_help = officer.last_reply().text
    for command in ("/menu", "/xet", "/mau", "/hoso", "/nhac", "/thongke", "/cancel", "/help"):
        assert command in officer_help
    assert "hồ sơ của đơn vị" in officer_help

    reviewer = bot_env.server.user(5009, "Tâm")
    unit_id = await _unit(bot_env, "SNV", "Sở Nội vụ")
    await register_officer(bot_env.services, reviewer, unit_id, role="reviewer")
    await reviewer.send("/help")
    reviewer_help = reviewer.last_reply().text
    assert "hồ sơ cần xử lý" in reviewer_help
    assert "các đợt xét" in reviewer_help
