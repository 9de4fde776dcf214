"""What the fake Telegram remembers: chats, messages (both directions), files, callback queries,
command menus, the webhook, and a log of every API call the bot made."""

from __future__ import annotations

import hashlib
import itertools
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .protocol import bad_request

JsonDict = dict[str, Any]
# getFile refuses files above this size (Bot API: "bots can download files of up to 20MB").
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
# sendDocument refuses uploads above this size (FileSizeLimit.FILESIZE_UPLOAD).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@dataclass
class StoredFile:
    """A file held by the fake server, uploaded by the bot or by a user."""

    file_id: str
    file_unique_id: str
    data: bytes
    file_name: str | None
    mime_type: str | None
    file_path: str

    def photo_size(self) -> JsonDict:
        """The one size Telegram reports here: the PNG's own width and height."""
        png = self.data[:24]
        width = int.from_bytes(png[16:20], "big") if png[:8] == b"\x89PNG\r\n\x1a\n" else 0
        height = int.from_bytes(png[20:24], "big") if width else 0
        return {"file_id": self.file_id, "file_unique_id": self.file_unique_id,
                "file_size": len(self.data), "width": width, "height": height}

    def document(self) -> JsonDict:
        doc: JsonDict = {"file_id": self.file_id, "file_unique_id": self.file_unique_id,
                         "file_size": len(self.data)}
        if self.file_name:
            doc["file_name"] = self.file_name
        if self.mime_type:
            doc["mime_type"] = self.mime_type
        return doc


@dataclass
class MessageRecord:
    """One message in a chat as it currently stands (edits overwrite, deletion marks)."""

    chat_id: int
    message_id: int
    date: int
    sender: JsonDict
    from_bot: bool
    text: str | None = None  # what the user sees, after entity parsing
    source: str | None = None  # what the bot sent, markup included
    parse_mode: str | None = None
    entities: list[JsonDict] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[JsonDict] = field(default_factory=list)
    reply_markup: JsonDict | None = None
    document: StoredFile | None = None
    photo: StoredFile | None = None
    edit_date: int | None = None
    deleted: bool = False
    touched: int = 0  # sequence number of the last send or edit
    extra: JsonDict = field(default_factory=dict)  # fields of user messages kept verbatim


@dataclass
class ChatRecord:
    """A private chat between the bot and one user (chat id = user id)."""

    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    blocked: bool = False
    messages: dict[int, MessageRecord] = field(default_factory=dict)
    last_message_id: int = 0

    def to_api(self) -> JsonDict:
        chat: JsonDict = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id


@dataclass
class CallbackRecord:
    """A callback query a user created by tapping a button, and the bot's answer to it."""

    id: str
    chat_id: int
    message_id: int
    data: str
    answered: bool = False
    answer: JsonDict | None = None


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made, with Telegram's verdict."""

    seq: int
    method: str
    params: JsonDict
    status: int
    description: str | None
    chat_id: int | None
    message_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    def __str__(self) -> str:
        target = f" chat={self.chat_id}" if self.chat_id is not None else ""
        verdict = "ok" if self.ok else f"{self.status} {self.description}"
        text = self.params.get("text") or self.params.get("caption")
        shown = f" text={str(text)[:80]!r}" if text else ""
        return f"#{self.seq} {self.method}{target}{shown} -> {verdict}"


@dataclass
class WebhookConfig:
    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


class TelegramState:
    """The server-side world: everything but the HTTP plumbing and the update queue."""

    def __init__(self, bot_id: int, bot_username: str, bot_first_name: str,
                 clock: Callable[[], float]) -> None:
        self.bot_user: JsonDict = {
            "id": bot_id, "is_bot": True, "first_name": bot_first_name, "username": bot_username,
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": True, "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.clock = clock
        self.chats: dict[int, ChatRecord] = {}
        self.files: dict[str, StoredFile] = {}
        self.callbacks: dict[str, CallbackRecord] = {}
        self.inline_queries: dict[str, JsonDict | None] = {}  # id -> recorded answer
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}  # (scope json, lang) -> list
        self.descriptions: dict[str, str] = {}
        self.webhook = WebhookConfig()
        self.calls: list[ApiCall] = []
        self.chat_actions: list[tuple[int, str]] = []
        self._seq = itertools.count(1)
        self._file_numbers = itertools.count(1)
        self.last_seq = 0

    # --- bookkeeping -------------------------------------------------------------------------

    def now(self) -> int:
        return int(self.clock())

    def next_seq(self) -> int:
        self.last_seq = next(self._seq)
        return self.last_seq

    def add_chat(self, chat_id: int, first_name: str, username: str | None = None,
                 last_name: str | None = None) -> ChatRecord:
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = ChatRecord(chat_id, first_name, username, last_name)
            self.chats[chat_id] = chat
        return chat

    def chat(self, chat_ref: str | int | None) -> ChatRecord:
        """The chat a `chat_id` parameter names (an id or "@username"), or 400 chat not found."""
        if chat_ref is None or chat_ref == "":
            raise bad_request("chat_id is empty")
        if isinstance(chat_ref, str) and chat_ref.startswith("@"):
            for chat in self.chats.values():
                if chat.username and chat.username.lower() == chat_ref[1:].lower():
                    return chat
            raise bad_request("chat not found")
        try:
            chat_id = int(chat_ref)
        except ValueError:
            raise bad_request("chat not found") from None
        if chat_id not in self.chats:
            raise bad_request("chat not found")
        return self.chats[chat_id]

    def store_file(self, data: bytes, file_name: str | None, mime_type: str | None) -> StoredFile:
        number = next(self._file_numbers)
        digest = hashlib.sha1(data + str(number).encode()).hexdigest()
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        stored = StoredFile(
            file_id=f"BQACAgIAAxkB{digest[:24]}{number:06d}",
            file_unique_id=f"AgAD{digest[24:36]}",
            data=data, file_name=file_name, mime_type=mime_type,
            file_path=f"documents/file_{number}{suffix}",
        )
        self.files[stored.file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        return next((f for f in self.files.values() if f.file_path == path), None)

    # --- messages ----------------------------------------------------------------------------

    def new_message(self, chat: ChatRecord, *, from_bot: bool, sender: JsonDict) -> MessageRecord:
        record = MessageRecord(chat.id, chat.next_message_id(), self.now(), sender, from_bot)
        record.touched = self.next_seq()
        chat.messages[record.message_id] = record
        return record

    def message(self, chat: ChatRecord, message_id: int | None, missing: str) -> MessageRecord:
        record = chat.messages.get(message_id or 0)
        if record is None or record.deleted:
            raise bad_request(missing)
        return record

    def message_to_api(self, record: MessageRecord) -> JsonDict:
        chat = self.chats[record.chat_id]
        message: JsonDict = {"message_id": record.message_id, "from": record.sender,
                             "chat": chat.to_api(), "date": record.date}
        if record.edit_date is not None:
            message["edit_date"] = record.edit_date
        if record.text is not None:
            message["text"] = record.text
            if record.entities:
                message["entities"] = record.entities
        if record.document is not None:
            message["document"] = record.document.document()
        if record.photo is not None:
            message["photo"] = [record.photo.photo_size()]
        if record.caption:
            message["caption"] = record.caption
            if record.caption_entities:
                message["caption_entities"] = record.caption_entities
        if record.reply_markup and "inline_keyboard" in record.reply_markup:
            message["reply_markup"] = record.reply_markup
        message.update(record.extra)
        return message

    def record_call(self, method: str, params: JsonDict, status: int, description: str | None,
                    chat_id: int | None, message_id: int | None = None) -> ApiCall:
        call = ApiCall(self.next_seq(), method, params, status, description, chat_id, message_id)
        self.calls.append(call)
        return call
