"""Self-tests of the fake Bot API server, driven by the real python-telegram-bot 22."""

from __future__ import annotations

import asyncio
import datetime as dtm
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from fakebot import FakeTelegram, FakeUser
from fakebot.fixtures import fake_telegram  # noqa: F401  (the fixture under test)
from fakebot.harness import running_application, track_processing

Context = ContextTypes.DEFAULT_TYPE


def demo_application(server: FakeTelegram, seen: list[int] | None = None) -> Application:
    """Echo in HTML, /start with a keyboard, a callback that edits, a document round trip."""

    async def start(update: Update, context: Context) -> None:
        assert update.message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Đồng ý", callback_data="yes"),
                                          InlineKeyboardButton("Hủy bỏ", callback_data="no")]])
        payload = " ".join(context.args or [])
        await update.message.reply_text(f"<b>Chào</b> payload={payload}", parse_mode=ParseMode.HTML,
                                        reply_markup=keyboard)

    async def echo(update: Update, context: Context) -> None:
        assert update.message is not None and update.message.text is not None
        if seen is not None:
            seen.append(update.update_id)
        await update.message.reply_text(f"echo: {update.message.text}", parse_mode=ParseMode.HTML)

    async def pressed(update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer(f"ok {query.data}")
        await query.edit_message_text(f"Đã chọn <i>{query.data}</i>", parse_mode=ParseMode.HTML)

    async def document(update: Update, context: Context) -> None:
        assert update.message is not None and update.message.document is not None
        doc = update.message.document
        data = await (await doc.get_file()).download_as_bytearray()
        await update.message.reply_text(f"{doc.file_name}: {len(data)} bytes")
        await update.message.reply_document(bytes(data).upper(), filename=f"back-{doc.file_name}")

    async def inline(update: Update, context: Context) -> None:
        assert update.inline_query is not None
        query = update.inline_query.query
        await update.inline_query.answer([InlineQueryResultArticle(
            "1", f"Tìm: {query}", InputTextMessageContent(query))])

    app = server.application_builder().build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(InlineQueryHandler(inline))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.Document.ALL, document))
    return app


@pytest.fixture
async def bot(fake_telegram: FakeTelegram) -> AsyncIterator[Bot]:  # noqa: F811
    async with Bot(fake_telegram.token, base_url=fake_telegram.base_url,
                   base_file_url=fake_telegram.base_file_url) as bot:
        yield bot


@pytest.fixture
async def user(fake_telegram: FakeTelegram) -> AsyncIterator[FakeUser]:  # noqa: F811
    async with running_application(demo_application(fake_telegram), fake_telegram):
        yield fake_telegram.user(1001, "Mai", username="mai_ubnd")


def _retry_seconds(exc: RetryAfter) -> float:
    value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


# --- the user's side --------------------------------------------------------------------------


async def test_deep_link_start_shows_formatted_text_and_keyboard(user: FakeUser) -> None:
    replies = await user.send("/start ref_abc")
    assert [r.text for r in replies] == ["Chào payload=ref_abc"]
    reply = user.last_reply()
    assert reply.html == "<b>Chào</b> payload=ref_abc"
    assert reply.buttons == [["Đồng ý", "Hủy bỏ"]]
    assert reply.callback_data == [["yes", "no"]]


async def test_plain_text_is_echoed_once_per_message(fake_telegram: FakeTelegram) -> None:  # noqa: F811
    seen: list[int] = []
    async with running_application(demo_application(fake_telegram, seen), fake_telegram):
        mai = fake_telegram.user(1001, "Mai")
        for text in ("một", "hai", "ba"):
            await mai.send(text)
    assert [r.text for r in mai.replies()] == ["echo: một", "echo: hai", "echo: ba"]
    assert len(seen) == len(set(seen)) == 3  # no update handled twice
    assert set(fake_telegram.updates.fetch_counts.values()) == {1}  # offsets confirmed each


async def test_tap_by_label_without_diacritics_edits_the_message(user: FakeUser) -> None:
    await user.send("/start")
    replies = await user.tap("dong y")
    assert [r.text for r in replies] == ["Đã chọn yes"]
    assert user.last_reply().edited and user.last_reply().buttons == []  # edit dropped keyboard
    assert user.last_answer() == {"text": "ok yes", "show_alert": False, "url": None}
    assert len(user.replies()) == 1


async def test_tap_on_unknown_button_lists_the_buttons(user: FakeUser) -> None:
    await user.send("/start")
    with pytest.raises(AssertionError, match="Đồng ý"):
        await user.tap("Không có")


async def test_a_refused_reply_fails_the_send_with_telegrams_reason(user: FakeUser) -> None:
    with pytest.raises(AssertionError, match="can't parse entities: Unsupported start tag"):
        await user.send("a <oops> b")  # the echo handler puts user text into HTML unescaped


async def test_upload_is_downloadable_and_documents_come_back(user: FakeUser) -> None:
    data = b"PK\x03\x04 ho so thi dua"
    replies = await user.upload("hoso.xlsx", data)
    assert replies[0].text == f"hoso.xlsx: {len(data)} bytes"
    document = user.documents()[-1]
    assert (document.filename, document.data) == ("back-hoso.xlsx", data.upper())


async def test_inline_query_results_are_recorded(user: FakeUser) -> None:
    results = await user.inline_query("bang khen")
    assert [r["title"] for r in results] == ["Tìm: bang khen"]


async def test_a_silent_bot_fails_the_send_with_a_diagnosis(fake_telegram: FakeTelegram) -> None:  # noqa: F811
    nobody_polls = fake_telegram.user(1001, "Mai", timeout=0.3)
    with pytest.raises(AssertionError, match="never fetched by the bot"):
        await nobody_polls.send("alo")


async def test_answering_a_callback_twice_is_refused(user: FakeUser, bot: Bot) -> None:
    await user.send("/start")
    await user.tap("Hủy")
    query = user.server.calls("answerCallbackQuery")[-1].params["callback_query_id"]
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query)


async def test_post_init_runs_and_command_menu_is_validated(
    fake_telegram: FakeTelegram, bot: Bot  # noqa: F811
) -> None:
    async def post_init(application: Application) -> None:
        await application.bot.set_my_commands([BotCommand("menu", "Trình đơn chính")])

    app = fake_telegram.application_builder().post_init(post_init).build()
    async with running_application(app, fake_telegram):
        assert fake_telegram.commands() == [{"command": "menu", "description": "Trình đơn chính"}]
    assert [c.command for c in await bot.get_my_commands()] == ["menu"]
    for command, match in [(BotCommand("Menu", "x"), r"(?i)BOT_COMMAND_INVALID"),
                           (BotCommand("a" * 33, "x"), r"(?i)BOT_COMMAND_INVALID"),
                           (BotCommand("menu", " "), r"(?i)description must be non-empty"),
                           (BotCommand("menu", "x" * 257), r"(?i)description is too long")]:
        with pytest.raises(BadRequest, match=match):
            await bot.set_my_commands([command])


# --- what Telegram refuses --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<b>đậm", "can't find end tag corresponding to start tag \"b\""),
        ("<div>x</div>", 'unsupported start tag "div" at byte offset 0'),
        ("<b>x</i>", 'unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "unexpected end tag at byte offset 1"),
        ("a" * 4097, "message is too long"),
        ("<b> </b>\n", "message text is empty"),
    ],
)
async def test_html_that_telegram_refuses(bot: Bot, user: FakeUser, text: str, reason: str) -> None:
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(user.chat_id, text, parse_mode=ParseMode.HTML)
    assert reason in str(caught.value).lower()


async def test_length_is_counted_after_entity_parsing(bot: Bot, user: FakeUser) -> None:
    sent = await bot.send_message(user.chat_id, "<b>" + "đ" * 4095 + "</b>&amp;",
                                  parse_mode=ParseMode.HTML)
    assert sent.text == "đ" * 4095 + "&"
    assert sent.entities[0].type == "bold" and sent.entities[0].length == 4095


async def test_callback_data_is_limited_to_64_bytes(bot: Bot, user: FakeUser) -> None:
    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Chọn", callback_data=data)]])

    await bot.send_message(user.chat_id, "ok", reply_markup=keyboard("đ" * 32))  # 64 bytes
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(user.chat_id, "no", reply_markup=keyboard("đ" * 33))  # 33 chars


async def test_editing_to_the_same_content_is_not_modified(bot: Bot, user: FakeUser) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(user.chat_id, "Trạng thái", reply_markup=markup)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Trạng thái", user.chat_id, sent.message_id,
                                    reply_markup=markup)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(user.chat_id, sent.message_id, reply_markup=markup)
    await bot.edit_message_reply_markup(user.chat_id, sent.message_id)
    assert user.last_reply().buttons == []


async def test_message_ids_are_per_chat_and_deleting_hides_a_message(
    fake_telegram: FakeTelegram, bot: Bot  # noqa: F811
) -> None:
    mai, lan = fake_telegram.user(1001, "Mai"), fake_telegram.user(1002, "Lan")
    first = await bot.send_message(mai.chat_id, "một")
    second = await bot.send_message(mai.chat_id, "hai")
    other = await bot.send_message(lan.chat_id, "ba")
    assert (first.message_id, second.message_id, other.message_id) == (1, 2, 1)
    assert await bot.delete_message(mai.chat_id, second.message_id)
    assert mai.last_reply().text == "một"
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(mai.chat_id, second.message_id)
    assert await bot.send_chat_action(mai.chat_id, "typing")
    with pytest.raises(BadRequest, match=r"(?i)wrong parameter action"):
        await bot.send_chat_action(mai.chat_id, "dancing")
    assert fake_telegram.state.chat_actions == [(mai.chat_id, "typing")]


async def test_blocked_user_gives_403(fake_telegram: FakeTelegram, bot: Bot) -> None:  # noqa: F811
    fake_telegram.block(2002)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(2002, "Nhắc hạn nộp hồ sơ")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(3003, "Chưa từng bắt đầu trò chuyện")


async def test_injected_429_carries_retry_after(fake_telegram: FakeTelegram, bot: Bot) -> None:  # noqa: F811
    fake_telegram.add_chat(2002)
    fake_telegram.inject_retry_after(1, seconds=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(2002, "một")
    assert _retry_seconds(caught.value) == 7
    await bot.send_message(2002, "hai")
    assert [m.text for m in fake_telegram.messages(2002)] == ["hai"]


async def test_global_rate_cap_answers_429_until_the_second_has_passed() -> None:
    now = [1000.0]
    async with FakeTelegram(monotonic=lambda: now[0]) as server:
        server.set_rate_limit(per_second=2)
        for chat_id in (1, 2, 3):
            server.add_chat(chat_id)
        async with Bot(server.token, base_url=server.base_url) as bot:
            await bot.send_message(1, "a")
            await bot.send_message(2, "b")
            with pytest.raises(RetryAfter):
                await bot.send_message(3, "c")
            now[0] += 1.0
            await bot.send_message(3, "c")
    assert server.throttled == 1


# --- updates: long polling and webhook ------------------------------------------------------


async def test_offset_confirms_updates_and_a_new_poll_ends_the_old_one(
    fake_telegram: FakeTelegram, bot: Bot  # noqa: F811
) -> None:
    mai = fake_telegram.user(1001, "Mai")
    for text in ("a", "b"):
        await fake_telegram.enqueue_update({"message": {
            "message_id": 1, "date": 0, "chat": mai.chat.to_api(), "from": mai.as_api_user(),
            "text": text}})
    first = await bot.get_updates()
    assert [u.message.text for u in first if u.message] == ["a", "b"]
    again = await bot.get_updates(limit=1)  # nothing confirmed yet: same first update
    assert [u.update_id for u in again] == [first[0].update_id]
    assert await bot.get_updates(offset=first[-1].update_id + 1) == ()

    waiting = asyncio.create_task(bot.get_updates(offset=first[-1].update_id + 1, timeout=5))
    await fake_telegram.wait_until(lambda: fake_telegram.updates.polls >= 4, 5)
    async with httpx.AsyncClient() as http:  # a second instance polling with the same token
        url = f"{fake_telegram.base_url}{fake_telegram.token}/getUpdates"
        assert (await http.post(url, data={"timeout": "0"})).json() == {"ok": True, "result": []}
    with pytest.raises(Conflict, match=r"(?i)terminated by other getupdates"):
        await waiting


async def test_long_poll_returns_when_an_update_arrives(
    fake_telegram: FakeTelegram, bot: Bot  # noqa: F811
) -> None:
    waiting = asyncio.create_task(bot.get_updates(timeout=10))
    await fake_telegram.wait_until(lambda: fake_telegram.updates.polls >= 1, 5)
    queued = await fake_telegram.enqueue_update({"callback_query": {
        "id": "1", "from": {"id": 1, "is_bot": False, "first_name": "A"}, "chat_instance": "1",
        "data": "x"}})
    updates = await asyncio.wait_for(waiting, 5)
    assert queued is not None and [u.update_id for u in updates] == [queued["update_id"]]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_webhook_delivery_checks_the_secret_token(fake_telegram: FakeTelegram) -> None:  # noqa: F811
    app = demo_application(fake_telegram)
    track_processing(app, fake_telegram)
    port = _free_port()
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="hook", secret_token="s3cret-token_1",
            webhook_url=f"http://127.0.0.1:{port}/hook",
        )
        try:
            info = await app.bot.get_webhook_info()
            assert info.url == f"http://127.0.0.1:{port}/hook"
            mai = fake_telegram.user(1001, "Mai")
            await mai.send("qua webhook")  # pushed to the webhook, not polled
            assert mai.last_reply().text == "echo: qua webhook"
            with pytest.raises(Conflict, match=r"(?i)webhook is active"):
                await app.bot.get_updates()
            update = {"message": {"message_id": 99, "date": 0, "chat": mai.chat.to_api(),
                                  "from": mai.as_api_user(), "text": "giả mạo"}}
            assert await fake_telegram.deliver_webhook(update, secret_token="wrong") == 403
            assert await fake_telegram.deliver_webhook(update, secret_token=None) == 403
        finally:
            await app.updater.stop()
            await app.stop()
    assert [r.text for r in mai.replies()] == ["echo: qua webhook"]


# --- the HTTP surface -------------------------------------------------------------------------


async def test_http_shapes_tokens_and_unknown_methods(fake_telegram: FakeTelegram) -> None:  # noqa: F811
    api = f"{fake_telegram.base_url}{fake_telegram.token}"
    fake_telegram.add_chat(1001, "Mai")
    async with httpx.AsyncClient() as http:
        me = (await http.get(f"{api}/getMe")).json()["result"]
        assert me["is_bot"] is True and me["username"] == "tdkt_test_bot"
        assert {"can_join_groups", "can_read_all_group_messages", "supports_inline_queries",
                "first_name", "id"} <= set(me)
        sent = (await http.post(f"{api}/sendMessage", json={"chat_id": 1001, "text": "hi"})).json()
        message = sent["result"]
        assert message["chat"]["type"] == "private" and message["from"]["is_bot"] is True
        assert isinstance(message["date"], int)
        unknown = await http.post(f"{api}/sendPigeon", data={"chat_id": "1001"})
        assert (unknown.status_code, unknown.json()) == (
            404, {"ok": False, "error_code": 404, "description": "Not Found"})
        wrong = await http.post(f"{fake_telegram.base_url}1:wrong/getMe")
        assert (wrong.status_code, wrong.json()["description"]) == (401, "Unauthorized")


async def test_files_above_20_mb_cannot_be_fetched(fake_telegram: FakeTelegram, bot: Bot) -> None:  # noqa: F811
    big = fake_telegram.state.store_file(b"\0" * (20 * 1024 * 1024 + 1), "scan.zip", None)
    with pytest.raises(BadRequest, match=r"(?i)file is too big"):
        await bot.get_file(big.file_id)
