"""The dossier-check journey's button payloads, `dh:<verb>[:<arg>…]`, as a typed value.

`go` check, `cl` checklist, `a:<step code>:<value>` checklist answer, `bk` undo,
`q:<question>:<value>` reader question, `pg:<n>` page, `rd` received date, `nw` new draft (`nwy`
confirms, `nwn` keeps), `mau` blanks, `cp:<campaign id>|-` the campaign the dossier is for;
`sb`, `sp:<code>`, `fl:<code>` submit, supplement and files (`bot.chat.dossier_submit`).
The strings are what users' old keyboards send: never change them.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from enum import StrEnum

from bot.conversation.callbacks import SEPARATOR, StaleButton, encode
from bot.render import Button, Renderer

PREFIX = "dh"


class Verb(StrEnum):
    CHECK = "go"
    CAMPAIGN = "cp"
    BLANKS = "mau"
    SUBMIT = "sb"
    SUPPLEMENT = "sp"
    FILES = "fl"
    NEW = "nw"
    NEW_YES = "nwy"
    NEW_NO = "nwn"
    RECEIVED = "rd"
    PAGE = "pg"
    CHECKLIST = "cl"
    BACK = "bk"
    ANSWER = "a"
    QUESTION = "q"


@dataclass(frozen=True)
class Payload:
    """One button's meaning: a verb and the rest of the payload (prefix stripped)."""

    verb: Verb
    rest: str = ""

    @classmethod
    def parse(cls, data: str) -> Payload:
        verb, _, rest = data.partition(SEPARATOR)
        try:
            return cls(Verb(verb), rest)
        except ValueError:
            raise StaleButton(data) from None

    @property
    def code(self) -> str:
        """`a:<code>:<value>` / `q:<code>:<value>`: the step or question code."""
        return self.rest.partition(SEPARATOR)[0]

    @property
    def value(self) -> str:
        return self.rest.partition(SEPARATOR)[2]


def data(*parts: object) -> str:
    return encode(PREFIX, *parts)


def button(r: Renderer, key: str, *parts: object) -> Button:
    return r.button(f"dossier.{key}", data(*parts))


def step_code(step_id: str) -> str:
    """A checklist step's id, short enough for a payload."""
    return f"{zlib.crc32(step_id.encode()):08x}"
