"""The Bot API methods that act on chats, messages, files and menus (not on the update queue)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from . import validate
from .protocol import ApiError, Params, bad_request
from .state import MAX_DOWNLOAD_BYTES, MAX_UPLOAD_BYTES, MessageRecord, TelegramState

QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
MAX_PHOTO_BYTES = 10 * 1024 * 1024  # Telegram's limit for a photo sent by upload
CHAT_ACTIONS = frozenset(
    {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
     "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"}
)


@dataclass(frozen=True)
class Outcome:
    """A method's result, the chat/message it concerned (for the call log) and a description."""

    result: Any
    chat_id: int | None = None
    message_id: int | None = None
    description: str | None = None


Method = Callable[[TelegramState, Params], Awaitable[Outcome]]


async def get_me(state: TelegramState, params: Params) -> Outcome:
    return Outcome(state.bot_user)


async def harmless(state: TelegramState, params: Params) -> Outcome:
    """close, logOut and menu-button settings: accepted, nothing to simulate."""
    return Outcome(True)


async def send_message(state: TelegramState, params: Params) -> Outcome:
    chat = state.chat(params.values.get("chat_id"))
    text, entities = validate.message_text(
        params.get_str("text"), params.get_str("parse_mode"), params.get_json("entities")
    )
    markup = validate.reply_markup(params.get_json("reply_markup"))
    replied = _replied(state, params, chat.messages)
    record = state.new_message(chat, from_bot=True, sender=state.bot_user)
    record.text, record.source, record.entities = text, params.get_str("text"), entities
    record.parse_mode, record.reply_markup = params.get_str("parse_mode"), markup
    if replied is not None:
        record.extra["reply_to_message"] = state.message_to_api(replied)
    return Outcome(state.message_to_api(record), chat.id, record.message_id)


def _replied(state: TelegramState, params: Params,
             messages: dict[int, MessageRecord]) -> MessageRecord | None:
    reply = params.get_json("reply_parameters")
    message_id = reply.get("message_id") if isinstance(reply, dict) else None
    message_id = message_id or params.get_int("reply_to_message_id")
    if not message_id:
        return None
    replied = messages.get(int(message_id))
    allow = isinstance(reply, dict) and reply.get("allow_sending_without_reply")
    if (replied is None or replied.deleted) and not allow:
        raise bad_request("message to be replied not found")
    return replied


async def send_document(state: TelegramState, params: Params) -> Outcome:
    chat = state.chat(params.values.get("chat_id"))
    upload = params.upload("document")
    if upload is not None:
        if len(upload.data) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        content_type = upload.content_type
        if content_type == "application/octet-stream":
            content_type = None  # let the file name decide, as Telegram does
        stored = state.store_file(upload.data, upload.filename, content_type)
    else:
        reference = params.get_str("document")
        if not reference:
            raise bad_request("there is no document in the request")
        found = state.files.get(reference)
        if found is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        stored = found
    caption, caption_entities = validate.caption_text(
        params.get_str("caption"), params.get_str("parse_mode"), params.get_json("caption_entities")
    )
    markup = validate.reply_markup(params.get_json("reply_markup"))
    record = state.new_message(chat, from_bot=True, sender=state.bot_user)
    record.document, record.caption, record.caption_entities = stored, caption, caption_entities
    record.source, record.parse_mode = params.get_str("caption"), params.get_str("parse_mode")
    record.reply_markup = markup
    return Outcome(state.message_to_api(record), chat.id, record.message_id)


async def send_photo(state: TelegramState, params: Params) -> Outcome:
    """A picture shown in the chat (a chart); only uploads are simulated, not ids or URLs."""
    chat = state.chat(params.values.get("chat_id"))
    upload = params.upload("photo")
    if upload is None:
        raise bad_request("there is no photo in the request")
    if len(upload.data) > MAX_PHOTO_BYTES:
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    stored = state.store_file(upload.data, upload.filename, "image/png")
    caption, caption_entities = validate.caption_text(
        params.get_str("caption"), params.get_str("parse_mode"), params.get_json("caption_entities")
    )
    record = state.new_message(chat, from_bot=True, sender=state.bot_user)
    record.photo, record.caption, record.caption_entities = stored, caption, caption_entities
    record.source, record.parse_mode = params.get_str("caption"), params.get_str("parse_mode")
    record.reply_markup = validate.reply_markup(params.get_json("reply_markup"))
    return Outcome(state.message_to_api(record), chat.id, record.message_id)


def _bot_message(state: TelegramState, params: Params, missing: str) -> MessageRecord:
    if params.has("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")  # inline messages are not simulated
    chat = state.chat(params.values.get("chat_id"))
    record = state.message(chat, params.get_int("message_id", required=True), missing)
    if not record.from_bot:
        raise bad_request("message can't be edited")
    return record


def _commit_edit(state: TelegramState, record: MessageRecord, changed: bool) -> Outcome:
    if not changed:
        raise bad_request(NOT_MODIFIED)
    record.edit_date = state.now()
    record.touched = state.next_seq()
    return Outcome(state.message_to_api(record), record.chat_id, record.message_id)


async def edit_message_text(state: TelegramState, params: Params) -> Outcome:
    record = _bot_message(state, params, "message to edit not found")
    if record.text is None:
        raise bad_request("there is no text in the message to edit")
    text, entities = validate.message_text(
        params.get_str("text"), params.get_str("parse_mode"), params.get_json("entities")
    )
    # An edit without reply_markup removes the inline keyboard, as on Telegram.
    markup = validate.reply_markup(params.get_json("reply_markup"))
    changed = (text, entities, markup) != (record.text, record.entities, record.reply_markup)
    record.text, record.entities, record.reply_markup = text, entities, markup
    record.source, record.parse_mode = params.get_str("text"), params.get_str("parse_mode")
    return _commit_edit(state, record, changed)


async def edit_message_caption(state: TelegramState, params: Params) -> Outcome:
    record = _bot_message(state, params, "message to edit not found")
    if record.document is None:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = validate.caption_text(
        params.get_str("caption"), params.get_str("parse_mode"), params.get_json("caption_entities")
    )
    markup = validate.reply_markup(params.get_json("reply_markup"))
    changed = (caption, entities, markup) != (record.caption, record.caption_entities,
                                              record.reply_markup)
    record.caption, record.caption_entities, record.reply_markup = caption, entities, markup
    return _commit_edit(state, record, changed)


async def edit_message_reply_markup(state: TelegramState, params: Params) -> Outcome:
    record = _bot_message(state, params, "message to edit not found")
    markup = validate.reply_markup(params.get_json("reply_markup"))
    changed = markup != record.reply_markup
    record.reply_markup = markup
    return _commit_edit(state, record, changed)


async def delete_message(state: TelegramState, params: Params) -> Outcome:
    chat = state.chat(params.values.get("chat_id"))
    record = state.message(chat, params.get_int("message_id", required=True),
                           "message to delete not found")
    record.deleted = True
    record.touched = state.next_seq()
    return Outcome(True, chat.id, record.message_id)


async def answer_callback_query(state: TelegramState, params: Params) -> Outcome:
    query = state.callbacks.get(params.get_str("callback_query_id") or "")
    if query is None or query.answered:
        raise bad_request(QUERY_TOO_OLD)
    text = params.get_str("text") or ""
    if len(text) > validate.MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answered = True
    query.answer = {"text": text, "show_alert": params.get_bool("show_alert"),
                    "url": params.get_str("url")}
    return Outcome(True, query.chat_id, query.message_id)


async def answer_inline_query(state: TelegramState, params: Params) -> Outcome:
    query_id = params.get_str("inline_query_id") or ""
    if query_id not in state.inline_queries or state.inline_queries[query_id] is not None:
        raise bad_request(QUERY_TOO_OLD)
    results = params.get_json("results")
    if not isinstance(results, list):
        raise bad_request("can't parse inline query results JSON object")
    state.inline_queries[query_id] = {"results": results,
                                      "cache_time": params.get_int("cache_time")}
    return Outcome(True)


async def get_file(state: TelegramState, params: Params) -> Outcome:
    stored = state.files.get(params.get_str("file_id", required=True) or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.data) > MAX_DOWNLOAD_BYTES:
        raise bad_request("file is too big")
    return Outcome({"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                    "file_size": len(stored.data), "file_path": stored.file_path})


def _command_scope(params: Params) -> tuple[str, str]:
    scope = params.get_json("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), params.get_str("language_code") or ""


async def set_my_commands(state: TelegramState, params: Params) -> Outcome:
    commands = validate.bot_commands(params.get_json("commands"))
    state.commands[_command_scope(params)] = commands
    return Outcome(True)


async def get_my_commands(state: TelegramState, params: Params) -> Outcome:
    return Outcome(state.commands.get(_command_scope(params), []))


async def delete_my_commands(state: TelegramState, params: Params) -> Outcome:
    state.commands.pop(_command_scope(params), None)
    return Outcome(True)


async def send_chat_action(state: TelegramState, params: Params) -> Outcome:
    chat = state.chat(params.values.get("chat_id"))
    action = params.get_str("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    state.chat_actions.append((chat.id, action))
    return Outcome(True, chat.id)


async def set_my_description(state: TelegramState, params: Params) -> Outcome:
    description = params.get_str("description") or ""
    if len(description) > 512:
        raise bad_request("BOT_ABOUT_INVALID")
    state.descriptions["description"] = description
    return Outcome(True)


async def set_my_short_description(state: TelegramState, params: Params) -> Outcome:
    description = params.get_str("short_description") or ""
    if len(description) > 120:
        raise bad_request("BOT_ABOUT_INVALID")
    state.descriptions["short_description"] = description
    return Outcome(True)


async def get_my_description(state: TelegramState, params: Params) -> Outcome:
    return Outcome({"description": state.descriptions.get("description", "")})


async def get_my_short_description(state: TelegramState, params: Params) -> Outcome:
    return Outcome({"short_description": state.descriptions.get("short_description", "")})


async def get_chat_menu_button(state: TelegramState, params: Params) -> Outcome:
    return Outcome({"type": "commands"})


# Keys are lower-case: Telegram's method names are case-insensitive.
METHODS: dict[str, Method] = {
    "getme": get_me,
    "sendmessage": send_message,
    "senddocument": send_document,
    "sendphoto": send_photo,
    "editmessagetext": edit_message_text,
    "editmessagecaption": edit_message_caption,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
    "answercallbackquery": answer_callback_query,
    "answerinlinequery": answer_inline_query,
    "getfile": get_file,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "sendchataction": send_chat_action,
    "setmydescription": set_my_description,
    "getmydescription": get_my_description,
    "setmyshortdescription": set_my_short_description,
    "getmyshortdescription": get_my_short_description,
    "setchatmenubutton": harmless,
    "getchatmenubutton": get_chat_menu_button,
    "close": harmless,
    "logout": harmless,
}
# Methods that put or change a message in a chat: subject to flood limits and blocking.
SEND_METHODS = frozenset(
    {"sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagecaption",
     "editmessagereplymarkup"}
)
