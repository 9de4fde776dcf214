"""A Telegram user talking to the bot through the fake server: send, tap, upload, read replies.

    user = server.user(1001, "Mai")
    await user.send("/start")                 # waits until the bot has answered
    await user.tap("Chiến sĩ thi đua")        # a button of the latest keyboard, diacritics optional
    assert "đủ điều kiện" in user.last_reply().text

Each action returns the bot messages it sent or edited in reaction, and fails with an
AssertionError that lists what the bot did (and which of its calls Telegram refused) when the
bot does not answer in time.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.text.normalize import fold

from .entities import bot_command_entities
from .state import CallbackRecord, JsonDict, MessageRecord

if TYPE_CHECKING:
    from .server import FakeTelegram

# Bot calls that show the user something (or end a button's spinner).
_REACTIONS = frozenset(
    {"sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagecaption",
     "editmessagereplymarkup", "deletemessage", "answercallbackquery"}
)
_MESSAGE_CHANGES = _REACTIONS - {"answercallbackquery", "deletemessage"}
_query_ids = itertools.count(4_200_000_000_001)


@dataclass(frozen=True)
class SentDocument:
    filename: str | None
    data: bytes
    mime_type: str | None
    caption: str | None


@dataclass(frozen=True)
class BotMessage:
    """A bot message as the user sees it now."""

    message_id: int
    text: str  # visible text after entity parsing; a document's caption; "" if none
    html: str | None  # the text or caption as the bot sent it, markup included
    parse_mode: str | None
    buttons: list[list[str]] = field(default_factory=list)  # rows of labels
    callback_data: list[list[str | None]] = field(default_factory=list)  # same shape
    document: SentDocument | None = None
    photo: SentDocument | None = None  # a picture shown in the chat (with its caption)
    edited: bool = False
    reply_markup: JsonDict | None = None

    @classmethod
    def of(cls, record: MessageRecord) -> BotMessage:
        rows = (record.reply_markup or {}).get("inline_keyboard", [])
        document = None
        if record.document is not None:
            document = SentDocument(record.document.file_name, record.document.data,
                                    record.document.mime_type, record.caption)
        photo = None
        if record.photo is not None:
            photo = SentDocument(record.photo.file_name, record.photo.data,
                                 record.photo.mime_type, record.caption)
        text = record.text if record.text is not None else (record.caption or "")
        return cls(
            message_id=record.message_id, text=text, html=record.source,
            parse_mode=record.parse_mode,
            buttons=[[b["text"] for b in row] for row in rows],
            callback_data=[[b.get("callback_data") for b in row] for row in rows],
            document=document, photo=photo, edited=record.edit_date is not None,
            reply_markup=record.reply_markup,
        )

    @property
    def labels(self) -> list[str]:
        return [label for row in self.buttons for label in row]

    def __str__(self) -> str:
        shown = f"#{self.message_id} {self.text!r}"
        if self.document:
            shown += f" [document {self.document.filename!r}]"
        if self.photo:
            shown += " [photo]"
        if self.buttons:
            shown += f" buttons={self.buttons}"
        return shown


class FakeUser:
    """A user in a private chat with the bot (chat id = user id)."""

    def __init__(self, server: FakeTelegram, *, user_id: int = 1001, first_name: str = "Mai",
                 username: str | None = None, last_name: str | None = None,
                 language_code: str = "vi", timeout: float = 5.0, settle: float = 0.15) -> None:
        self.server = server
        self.user_id = user_id
        self.first_name, self.username, self.last_name = first_name, username, last_name
        self.language_code = language_code
        self.timeout = timeout
        self.settle = settle
        self.chat = server.add_chat(user_id, first_name, username, last_name)
        self._last_query: CallbackRecord | None = None

    @property
    def chat_id(self) -> int:
        return self.user_id

    def as_api_user(self) -> JsonDict:
        user: JsonDict = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        user["language_code"] = self.language_code
        return user

    # --- actions -----------------------------------------------------------------------------

    async def send(self, text: str, *, reply_to: int | None = None, expect_reply: bool = True,
                   timeout: float | None = None) -> list[BotMessage]:
        """Type a message (commands get their bot_command entity) and wait for the answer;
        `reply_to` quotes a message of the chat by id, as a swipe-to-reply does."""
        record = self._user_message()
        record.text = text
        record.entities = bot_command_entities(text)
        if reply_to is not None:
            replied = self.server.state.message(self.chat, reply_to, "message to reply not found")
            record.extra["reply_to_message"] = self.server.state.message_to_api(replied)
        return await self._interact({"message": self.server.state.message_to_api(record)},
                                    f"message {text!r}", expect_reply, timeout)

    async def upload(self, filename: str, data: bytes, mime_type: str | None = None, *,
                     caption: str | None = None, expect_reply: bool = True,
                     timeout: float | None = None) -> list[BotMessage]:
        """Send a file as a document; the bot can fetch it with getFile."""
        stored = self.server.state.store_file(data, filename, mime_type)
        record = self._user_message()
        record.document, record.caption = stored, caption
        return await self._interact({"message": self.server.state.message_to_api(record)},
                                    f"upload {filename!r}", expect_reply, timeout)

    async def tap(self, label: str, *, message_id: int | None = None, expect_reply: bool = True,
                  timeout: float | None = None) -> list[BotMessage]:
        """Tap the inline button whose label matches (exactly, else by prefix; case and
        diacritics ignored) on the latest message with a keyboard, or on `message_id`."""
        state = self.server.state
        message = self._keyboard_message(message_id)
        data = _find_button(message, label)
        query = CallbackRecord(str(next(_query_ids)), self.chat_id, message.message_id, data)
        state.callbacks[query.id] = query
        self._last_query = query
        update = {"callback_query": {
            "id": query.id, "from": self.as_api_user(), "message": state.message_to_api(message),
            "chat_instance": str(self.chat_id * 7919 % 10**18 + 10**17), "data": data,
        }}
        return await self._interact(update, f"tap {label!r}", expect_reply, timeout,
                                    callback=query)

    async def inline_query(self, query: str, *, timeout: float | None = None) -> list[JsonDict]:
        """Type `@bot query` in any chat; the results the bot answered with."""
        query_id = str(next(_query_ids))
        self.server.state.inline_queries[query_id] = None
        await self.server.enqueue_update({"inline_query": {
            "id": query_id, "from": self.as_api_user(), "query": query, "offset": "",
            "chat_type": "private",
        }})
        answered = await self.server.wait_until(
            lambda: self.server.state.inline_queries[query_id] is not None, timeout or self.timeout
        )
        if not answered:
            raise AssertionError(f"{self}: the bot did not answer inline query {query!r}")
        answer = self.server.state.inline_queries[query_id] or {}
        results: list[JsonDict] = answer.get("results", [])
        return results

    # --- what the user sees ------------------------------------------------------------------

    def replies(self) -> list[BotMessage]:
        """Every bot message in the chat as it stands now, oldest first."""
        return [BotMessage.of(m) for m in self._bot_records()]

    def last_reply(self) -> BotMessage:
        """The bot message sent or edited most recently."""
        records = self._bot_records()
        if not records:
            raise AssertionError(f"{self}: the bot has not sent anything to this chat")
        return BotMessage.of(max(records, key=lambda m: m.touched))

    def documents(self) -> list[SentDocument]:
        return [m.document for m in self.replies() if m.document is not None]

    def last_answer(self) -> JsonDict | None:
        """The bot's answerCallbackQuery for the last tap (text, show_alert, url), if any."""
        return self._last_query.answer if self._last_query else None

    def __str__(self) -> str:
        return f"user {self.first_name} ({self.user_id})"

    # --- internals ---------------------------------------------------------------------------

    def _user_message(self) -> MessageRecord:
        return self.server.state.new_message(self.chat, from_bot=False, sender=self.as_api_user())

    def _bot_records(self) -> list[MessageRecord]:
        return [m for m in self.server.messages(self.chat_id) if m.from_bot]

    def _keyboard_message(self, message_id: int | None) -> MessageRecord:
        records = [m for m in self._bot_records() if (m.reply_markup or {}).get("inline_keyboard")]
        if message_id is not None:
            records = [m for m in records if m.message_id == message_id]
        if not records:
            where = f"message #{message_id}" if message_id is not None else "any bot message"
            raise AssertionError(f"{self}: no inline keyboard on {where}; bot messages: "
                                 + "; ".join(str(m) for m in self.replies()))
        return max(records, key=lambda m: m.message_id)

    async def _interact(self, update: JsonDict, what: str, expect_reply: bool,
                        timeout: float | None, callback: CallbackRecord | None = None,
                        ) -> list[BotMessage]:
        server = self.server
        limit = timeout if timeout is not None else self.timeout
        mark = server.state.last_seq
        queued = await server.enqueue_update(update)
        if queued is None:
            raise AssertionError(f"{self}: {what} filtered out by allowed_updates "
                                 f"{server.updates.allowed}")
        update_id: int = queued["update_id"]

        def reactions() -> list[Any]:
            return [c for c in server.calls(chat_id=self.chat_id, since=mark)
                    if c.method.lower() in _REACTIONS]

        def handled() -> bool:
            return update_id in server.processed

        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        if server.tracks_processing:
            await server.wait_until(handled, limit)
        elif expect_reply:
            await server.wait_until(lambda: bool(reactions()), limit)
        else:
            await server.wait_until(lambda: self._fetched(update_id), limit)
        await self._settle(mark, deadline)
        touched = self._touched_since(mark)
        answered = callback is not None and callback.answered
        problem = None
        if server.tracks_processing and not handled():
            problem = "the application did not finish handling it"
        elif expect_reply and not touched and not answered:
            problem = "no reply"
        if problem:
            raise AssertionError(self._report(what, update_id, mark, limit, problem))
        return [BotMessage.of(m) for m in touched]

    async def _settle(self, mark: int, deadline: float) -> None:
        """Wait until the bot has been quiet in this chat for `settle` seconds."""
        loop = asyncio.get_running_loop()
        quiet = self.settle / 3 if self.server.tracks_processing else self.settle
        seen = len(self.server.calls(chat_id=self.chat_id, since=mark))
        while loop.time() < deadline:
            await asyncio.sleep(quiet)
            now_seen = len(self.server.calls(chat_id=self.chat_id, since=mark))
            if now_seen == seen:
                return
            seen = now_seen

    def _touched_since(self, mark: int) -> list[MessageRecord]:
        records = [m for m in self._bot_records() if m.touched > mark]
        return sorted(records, key=lambda m: m.touched)

    def _fetched(self, update_id: int) -> bool:
        server = self.server
        return (server.updates.fetch_counts.get(update_id, 0) > 0
                or any(uid == update_id and 200 <= status < 300
                       for uid, status in server.webhook_deliveries))

    def _report(self, what: str, update_id: int, mark: int, limit: float, problem: str) -> str:
        server = self.server
        fetched = ("fetched by the bot" if self._fetched(update_id)
                   else "never fetched by the bot (is polling or the webhook running?)")
        lines = [f"{self}: {problem} to {what} within {limit:.1f} s; "
                 f"update {update_id} {fetched}."]
        own = server.calls(chat_id=self.chat_id, since=mark)
        lines.append("Bot calls for this chat since then:" if own
                     else "No bot calls for this chat.")
        lines += [f"  {call}" for call in own]
        others = [c for c in server.calls(since=mark) if not c.ok and c.chat_id != self.chat_id]
        if others:
            lines.append("Other refused calls:")
            lines += [f"  {call}" for call in others]
        errors = [text for uid, text in server.handler_errors if uid in (update_id, None)]
        if errors:
            lines.append("Handler errors:")
            lines += [f"  {text}" for text in errors]
        lines.append("Bot messages now: " + ("; ".join(str(m) for m in self.replies()) or "none"))
        return "\n".join(lines)


def _find_button(message: MessageRecord, wanted: str) -> str:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    buttons = [button for row in rows for button in row]
    key = fold(wanted)
    matches = [b for b in buttons if fold(b["text"]) == key]
    if not matches:
        matches = [b for b in buttons if key and fold(b["text"]).startswith(key)]
    labels = [b["text"] for b in buttons]
    if not matches:
        raise AssertionError(f"no button {wanted!r} on message #{message.message_id}; "
                             f"buttons: {labels}")
    if len(matches) > 1:
        raise AssertionError(f"{wanted!r} matches several buttons on message "
                             f"#{message.message_id}: {[b['text'] for b in matches]}")
    data = matches[0].get("callback_data")
    if not isinstance(data, str):
        raise AssertionError(f"button {matches[0]['text']!r} has no callback_data "
                             f"(a URL or other kind of button): {matches[0]}")
    return data
