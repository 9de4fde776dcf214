"""Telegram's text formatting, as the Bot API applies it: HTML parse mode and bot-command entities.

`parse_html` follows tdlib's `parse_html` (the parser behind the Bot API): the same tags, the same
error messages with UTF-8 byte offsets, only `&lt; &gt; &amp; &quot;` and numeric references
decoded (the `;` is optional, anything else stays literal), empty entities dropped. Offsets and
lengths of the returned entities are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

Entity = dict[str, Any]

_SUPPORTED_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji",
     "span", "pre", "code", "blockquote"}
)
_ENTITY_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler", "span": "spoiler", "code": "code", "pre": "pre",
    "blockquote": "blockquote", "a": "text_link", "tg-emoji": "custom_emoji",
}
# tdlib's is_space(); NUL included because tdlib scans a NUL-terminated string.
_SPACE = frozenset(b" \t\r\n\0\v\f")
_GT, _LT, _AMP, _SLASH, _EQ = (ord(c) for c in "><&/=")
_TRIM = " \t\r\n\v\f"
# tdlib match_bot_commands:
# '/(?<!\b|[\/<>])\/([a-zA-Z0-9_]{1,64})(?:@([a-zA-Z0-9_]{3,32}))?(?!\B|[\/<>])/u'
_BOT_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")


class EntityParseError(ValueError):
    """The markup is not valid Telegram HTML; the message is Telegram's wording."""


@dataclass
class _Open:
    tag: str
    argument: str
    offset: int  # UTF-16 offset in the output text
    byte_pos: int  # position in the output bytes (for <a> without href)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Bot API entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _decode_reference(data: bytes, pos: int) -> tuple[int, int] | None:
    """(code point, next position) for an HTML character reference at `pos`, else None."""
    end = pos + 1
    value = 0
    if data[end] == ord("#"):
        end += 1
        hexadecimal = data[end] in b"xX"
        if hexadecimal:
            end += 1
        digits = b"0123456789abcdefABCDEF" if hexadecimal else b"0123456789"
        while data[end] in digits:
            value = value * (16 if hexadecimal else 10) + int(chr(data[end]), 16)
            end += 1
            if value >= 0x10FFFF:
                return None
        if value == 0 or end - pos >= 10 or 0xD800 <= value <= 0xDFFF:
            return None
    else:
        while chr(data[end]).isascii() and chr(data[end]).isalpha():
            end += 1
        named = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}.get(data[pos + 1 : end])
        if named is None:
            return None
        value = ord(named)
    if data[end] == ord(";"):
        end += 1
    return value, end


class _HtmlParser:
    """One pass over the UTF-8 bytes of the markup, NUL-terminated like tdlib's CSlice."""

    def __init__(self, markup: str) -> None:
        self.data = markup.encode("utf-8") + b"\0"
        self.size = len(self.data) - 1
        self.out = bytearray()
        self.utf16 = 0
        self.stack: list[_Open] = []
        self.entities: list[Entity] = []

    def run(self) -> tuple[str, list[Entity]]:
        i = 0
        while i < self.size:
            byte = self.data[i]
            if byte == _AMP:
                decoded = _decode_reference(self.data, i)
                if decoded is not None:
                    char = chr(decoded[0])
                    self.out += char.encode("utf-8")
                    self.utf16 += utf16_len(char)
                    i = decoded[1]
                    continue
            if byte != _LT:
                if byte & 0xC0 != 0x80:  # first byte of a UTF-8 sequence
                    self.utf16 += 2 if byte >= 0xF0 else 1
                self.out.append(byte)
                i += 1
                continue
            i = self._end_tag(i) if self.data[i + 1] == _SLASH else self._start_tag(i)
        if self.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return self.out.decode("utf-8"), entities

    def _start_tag(self, begin: int) -> int:
        data = self.data
        i = begin + 1
        while data[i] not in _SPACE and data[i] != _GT:
            i += 1
        if data[i] == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
        tag = data[begin + 1 : i].decode("utf-8", "replace").lower()
        if tag not in _SUPPORTED_TAGS:
            raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
        argument = ""
        while data[i] != _GT:
            while data[i] != 0 and data[i] in _SPACE:
                i += 1
            if data[i] == _GT:
                break
            name_begin = i
            while data[i] not in _SPACE and data[i] not in (_EQ, _GT):
                i += 1
            name = data[name_begin:i].decode("utf-8", "replace")
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                )
            while data[i] != 0 and data[i] in _SPACE:
                i += 1
            if data[i] == 0:
                raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            value = ""
            if data[i] == _EQ:
                value, i = self._attribute_value(tag, begin, i + 1)
            argument = _tag_argument(tag, name, value, argument)
        if tag == "span" and argument != "spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
            )
        self.stack.append(_Open(tag, argument, self.utf16, len(self.out)))
        return i + 1

    def _attribute_value(self, tag: str, begin: int, i: int) -> tuple[str, int]:
        data = self.data
        while data[i] != 0 and data[i] in _SPACE:
            i += 1
        if data[i] == 0:
            raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        if data[i] not in b"'\"":
            # An HTML 2.0 name token: letters, digits, periods and hyphens, case-insensitive.
            token_begin = i
            while chr(data[i]).isascii() and (chr(data[i]).isalnum() or data[i] in b".-"):
                i += 1
            if data[i] not in _SPACE and data[i] != _GT:
                raise EntityParseError(f"Unexpected end of name token at byte offset {token_begin}")
            return data[token_begin:i].decode("ascii").lower(), i
        quote = data[i]
        i += 1
        value = bytearray()
        while data[i] != quote and data[i] != 0:
            if data[i] == _AMP:
                decoded = _decode_reference(data, i)
                if decoded is not None:
                    value += chr(decoded[0]).encode("utf-8")
                    i = decoded[1]
                    continue
            value.append(data[i])
            i += 1
        if data[i] == quote:
            i += 1
        if data[i] == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
        return value.decode("utf-8", "replace"), i

    def _end_tag(self, begin: int) -> int:
        data = self.data
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        i = begin + 2
        while data[i] not in _SPACE and data[i] != _GT:
            i += 1
        end_tag = data[begin + 2 : i].decode("utf-8", "replace")
        while data[i] != 0 and data[i] in _SPACE:
            i += 1
        if data[i] != _GT:
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        opened = self.stack[-1]
        if end_tag and end_tag != opened.tag:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{opened.tag}>", '
                f'found "</{end_tag}>"'
            )
        self.stack.pop()
        self._close(opened)
        return i + 1

    def _close(self, opened: _Open) -> None:
        length = self.utf16 - opened.offset
        if length <= 0:
            return
        entity: Entity = {"type": _ENTITY_TYPES[opened.tag], "offset": opened.offset,
                          "length": length}
        if opened.tag == "a":
            entity["url"] = opened.argument or self.out[opened.byte_pos :].decode("utf-8")
        elif opened.tag == "tg-emoji":
            entity["custom_emoji_id"] = opened.argument
        elif opened.tag == "blockquote" and opened.argument:
            entity["type"] = "expandable_blockquote"
        elif opened.tag == "code" and self.stack and self.stack[-1].tag == "pre":
            # <pre><code class="language-x"> is one pre entity with a language.
            if opened.argument:
                self.stack[-1].argument = opened.argument
            return
        elif opened.tag == "pre" and opened.argument:
            entity["language"] = opened.argument
        self.entities.append(entity)


def _tag_argument(tag: str, name: str, value: str, current: str) -> str:
    if tag == "a" and name == "href":
        return value
    if tag == "code" and name == "class" and value.startswith("language-"):
        return value[len("language-") :]
    if tag == "span" and name == "class" and value.startswith("tg-"):
        return value[len("tg-") :]
    if tag == "tg-emoji" and name == "emoji-id":
        return value
    if tag == "blockquote" and name == "expandable":
        return "1"
    return current


def parse_html(markup: str) -> tuple[str, list[Entity]]:
    """(text, entities) of an HTML-formatted message; raises EntityParseError like Telegram."""
    return _HtmlParser(markup).run()


def trim(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Strip surrounding whitespace as Telegram does, moving and clipping entities to match."""
    stripped = text.strip(_TRIM)
    if stripped == text:
        return text, entities
    shift = utf16_len(text[: len(text) - len(text.lstrip(_TRIM))])
    limit = utf16_len(stripped)
    kept: list[Entity] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, limit)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def bot_command_entities(text: str) -> list[Entity]:
    """The `bot_command` entities Telegram attaches to a user's message."""
    return [
        {"type": "bot_command", "offset": utf16_len(text[: m.start()]),
         "length": utf16_len(m.group())}
        for m in _BOT_COMMAND.finditer(text)
    ]
