"""Telegram's checks on what a bot sends: formatted text, inline keyboards, command menus."""

from __future__ import annotations

import re
from typing import Any

from .entities import EntityParseError, parse_html, trim
from .protocol import bad_request

JsonDict = dict[str, Any]

MAX_TEXT_LENGTH = 4096  # MessageLimit.MAX_TEXT_LENGTH, counted after entity parsing
MAX_CAPTION_LENGTH = 1024  # MessageLimit.CAPTION_LENGTH
MAX_CALLBACK_DATA_BYTES = 64  # InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
MAX_BUTTONS = 100  # InlineKeyboardMarkupLimit.TOTAL_BUTTON_NUMBER
MAX_CALLBACK_ANSWER = 200  # CallbackQueryLimit.ANSWER_CALLBACK_QUERY_TEXT_LENGTH
MAX_COMMANDS = 100
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_BUTTON_ACTIONS = ("callback_data", "url", "web_app", "login_url", "switch_inline_query",
                   "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
                   "copy_text", "callback_game", "pay")
_URL_SCHEMES = ("http://", "https://", "tg://")


def formatted(source: str, parse_mode: str | None, entities: Any) -> tuple[str, list[JsonDict]]:
    """(visible text, entities) of a text or caption, as Telegram stores it.

    HTML is parsed and validated like Telegram; Markdown modes are accepted without validation
    (the project sends HTML only), their text kept as sent.
    """
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            text, parsed = parse_html(source)
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    elif mode in {"", "markdown", "markdownv2"}:
        text, parsed = source, list(entities) if isinstance(entities, list) else []
    else:
        raise bad_request("unsupported parse_mode")
    return trim(text, parsed)


def message_text(source: str | None, parse_mode: str | None,
                 entities: Any) -> tuple[str, list[JsonDict]]:
    if source is None:
        raise bad_request("message text is empty")
    text, parsed = formatted(source, parse_mode, entities)
    if not text:
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return text, parsed


def caption_text(source: str | None, parse_mode: str | None,
                 entities: Any) -> tuple[str | None, list[JsonDict]]:
    if source is None:
        return None, []
    text, parsed = formatted(source, parse_mode, entities)
    if len(text) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return text or None, parsed


def reply_markup(markup: Any) -> JsonDict | None:
    """The markup as stored, after Telegram's checks on inline keyboards."""
    if markup is None or markup == "":
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return markup  # reply keyboards, ForceReply, ReplyKeyboardRemove: kept as sent
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
        )
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    for row in rows:
        for button in row:
            _check_button(button)
    return markup


def _check_button(button: Any) -> None:
    prefix = "can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise bad_request(prefix + "InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str):
        raise bad_request(prefix + 'Field "text" must be of type String')
    if not any(name in button for name in _BUTTON_ACTIONS):
        raise bad_request(prefix + "Text buttons are unallowed in the inline keyboard")
    data = button.get("callback_data")
    if "callback_data" in button and (
        not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
    ):
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if "url" in button and (not isinstance(url, str) or not url.startswith(_URL_SCHEMES)):
        raise bad_request("BUTTON_URL_INVALID")


def bot_commands(commands: Any) -> list[JsonDict]:
    """A command menu after Telegram's checks: names [a-z0-9_]{1,32}, descriptions 1-256."""
    if commands is None:
        return []
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("too many commands")
    checked: list[JsonDict] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not _COMMAND_NAME.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not description.strip():
            raise bad_request("command description must be non-empty")
        if len(description) > 256:
            raise bad_request("command description is too long")
        checked.append({"command": name, "description": description})
    return checked
