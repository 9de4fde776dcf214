"""A user's first minutes with the bot: /start, the menu, invites, mistakes, failures."""

from __future__ import annotations

import datetime as dt

from bot.chat import common
from bot.chat.journeys import build_router
from bot.chat.router import Journey, Router
from bot.conversation.turn import Turn
from bot.db.models import Unit
from bot.render import Reply
from bot.status.ratelimit import CAPACITY
from e2e.support import BotEnv, make_services, new_invite, start_bot

NOW = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)


async def _unit_with_invite(
    env: BotEnv, role: str = "officer", expires_in_days: int = 7, unit_code: str = "SYT"
) -> str:
    async with env.db.session() as session, session.begin():
        unit = Unit(
            code=unit_code, name="Sở Y tế", name_folded="so y te", level="tinh_agency",
            created_at=NOW,
        )
        session.add(unit)
        await session.flush()
    return await new_invite(env.db, unit.id, role=role, expires_in_days=expires_in_days)


async def test_start_greets_a_guest_with_how_to_get_an_invite_and_the_menu(bot_env: BotEnv) -> None:
    user = bot_env.server.user(1001, "Mai")
    await user.send("/start")
    reply = user.last_reply()
    assert "chưa được đăng ký" in reply.text
    assert "mã mời" in reply.text
    assert len(reply.labels) == 4
    assert any("Xét điều kiện" in label for label in reply.labels)


async def test_vietnamese_command_menu_is_set(bot_env: BotEnv) -> None:
    commands = bot_env.server.commands()
    names = [c["command"] for c in commands]
    assert names[0] == "menu"
    assert {"start", "help", "cancel", "xet", "hoso", "mau"} <= set(names)
    assert all(c["description"] for c in commands)


async def test_menu_command_shows_the_four_journeys(bot_env: BotEnv) -> None:
    user = bot_env.server.user(1002, "Lan")
    await user.send("/menu")
    assert len(user.last_reply().labels) == 4


async def test_invite_deep_link_binds_the_officer_to_the_unit(bot_env: BotEnv) -> None:
    code = await _unit_with_invite(bot_env)
    user = bot_env.server.user(1003, "Long")
    await user.send(f"/start inv_{code}")
    assert "Đăng ký thành công" in user.last_reply().text
    assert "Sở Y tế" in user.last_reply().text
    await user.send("/start")
    assert "Sở Y tế" in user.last_reply().text
    assert "chưa được đăng ký" not in user.last_reply().text


async def test_an_invite_works_only_once(bot_env: BotEnv) -> None:
    code = await _unit_with_invite(bot_env)
    await bot_env.server.user(1004, "An").send(f"/start {code}")
    second = bot_env.server.user(1005, "Bình")
    await second.send(f"/start {code}")
    assert "đã được sử dụng" in second.last_reply().text


async def test_an_expired_invite_is_refused(bot_env: BotEnv) -> None:
    code = await _unit_with_invite(bot_env, expires_in_days=-1)
    user = bot_env.server.user(1006, "Cúc")
    await user.send(f"/start {code}")
    assert "hết hạn" in user.last_reply().text


async def test_a_wrong_invite_code_is_explained(bot_env: BotEnv) -> None:
    user = bot_env.server.user(1007, "Dũng")
    await user.send("/start inv_KHONGCOMA123")
    assert "không đúng" in user.last_reply().text


async def test_unknown_used_and_expired_invites_get_one_reply(bot_env: BotEnv) -> None:
    """Trying codes tells nothing: the refusal is the same sentence whatever the reason."""
    used = await _unit_with_invite(bot_env)
    await bot_env.server.user(1010, "An").send(f"/start {used}")
    expired = await _unit_with_invite(bot_env, expires_in_days=-1, unit_code="SGD")
    user = bot_env.server.user(1011, "Bảo")
    replies = []
    for code in (used, expired, "inv_KHONGCOMA123"):
        await user.send(f"/start {code}")
        replies.append(user.last_reply().text.replace(code.removeprefix("inv_"), "CODE"))
    assert len(set(replies)) == 1, replies


async def test_invite_attempts_are_throttled_per_user(bot_env: BotEnv) -> None:
    guesser = bot_env.server.user(1012, "Đoán")
    replies = []
    for n in range(2 * CAPACITY):  # the bucket refills one try every 3 s meanwhile
        await guesser.send(f"/start inv_GUESS{n:04d}")
        replies.append(guesser.last_reply().text)
    throttled = [i for i, text in enumerate(replies) if "thử mã mời nhiều lần" in text]
    assert throttled and throttled[0] >= CAPACITY
    assert all("không dùng được" in text for text in replies[:CAPACITY])
    # Another user is not slowed down by the guesser, and a real code still works for them.
    code = await _unit_with_invite(bot_env, unit_code="STC")
    other = bot_env.server.user(1013, "Ngọc")
    await other.send(f"/start {code}")
    assert "thử mã mời nhiều lần" not in other.last_reply().text
    assert "không dùng được" not in other.last_reply().text


async def test_unknown_command_gets_a_polite_answer_with_the_menu(bot_env: BotEnv) -> None:
    user = bot_env.server.user(1008, "Hà")
    await user.send("/xyz")
    reply = user.last_reply()
    assert "/xyz" in reply.text
    assert "không có" in reply.text
    assert len(reply.labels) == 4


async def test_a_stale_button_gets_a_friendly_answer(bot_env: BotEnv) -> None:
    user = bot_env.server.user(1009, "Khoa")
    await user.send("/menu")
    # Simulate a keyboard left over from an older version of the bot.
    message = bot_env.server.messages(user.chat_id)[-1]
    message.reply_markup = {"inline_keyboard": [[{"text": "Cũ", "callback_data": "old:gone:1"}]]}
    await user.tap("Cũ")
    assert "Nút này đã cũ" in user.last_reply().text


async def test_cancel_with_nothing_open_says_so(bot_env: BotEnv) -> None:
    user = bot_env.server.user(1010, "Linh")
    await user.send("/cancel")
    assert "không có thao tác nào" in user.last_reply().text


async def test_free_text_nobody_expects_gets_the_menu(bot_env: BotEnv) -> None:
    user = bot_env.server.user(1011, "Minh")
    await user.send("alo alo")
    assert "chưa hiểu" in user.last_reply().text


async def test_a_crash_in_a_journey_becomes_a_polite_apology(
    fake_server,
    db,
    database_url,  # type: ignore[no-untyped-def]
) -> None:
    async def boom(turn: Turn) -> list[Reply]:
        raise RuntimeError("simulated failure")

    base = build_router()
    router = Router(
        [*base.journeys, Journey(name="boom", commands={"boom": boom})],
        fallback_text=common.not_understood,
        stale=common.stale_button,
    )
    services = make_services(fake_server, db, database_url)
    async with start_bot(fake_server, services, router):
        user = fake_server.user(1012, "Nam")
        await user.send("/boom")
        assert "Xin lỗi" in user.last_reply().text
        assert "sự cố" in user.last_reply().text


async def test_a_crash_after_dang_xu_ly_puts_the_apology_in_its_place(
    fake_server,
    db,
    database_url,  # type: ignore[no-untyped-def]
) -> None:
    async def slow_then_boom(turn: Turn) -> list[Reply]:
        await turn.show_progress()
        raise RuntimeError("simulated failure")

    base = build_router()
    router = Router(
        [*base.journeys, Journey(name="boom", commands={"cham": slow_then_boom})],
        fallback_text=common.not_understood,
        stale=common.stale_button,
    )
    services = make_services(fake_server, db, database_url)
    async with start_bot(fake_server, services, router):
        user = fake_server.user(1014, "Quang")
        await user.send("/cham")
        [reply] = user.replies()  # one message: "Đang xử lý…", then the apology over it
        assert reply.edited and "Xin lỗi" in reply.text and "Đang xử lý" not in reply.text


async def test_an_update_delivered_twice_is_answered_once(bot_env: BotEnv) -> None:
    """A webhook retry (or a second instance) must not answer the same update again."""
    from telegram import Update

    user = bot_env.server.user(1013, "Oanh")
    await user.send("/help")
    answered = len(bot_env.server.messages(user.chat_id))
    raw = bot_env.server.updates.history[-1]
    application = bot_env.application
    await application.process_update(Update.de_json(raw, application.bot))
    assert len(bot_env.server.messages(user.chat_id)) == answered
