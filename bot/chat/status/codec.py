"""The status journey's button payloads, `st:<verb>[:<arg>…]`, as a typed value.

`c:<code>` card · `l:<offset>` unit list · `q:<offset>` queue · `qd:<offset>` the decided
dossiers · `m:<code>:<to>:<version>` start a change · `k:<i>` tick a checklist item · `ok` send
the change without (more) text · `x` cancel · `i`, `ik:<kind>`, `ix` import a file. The
strings are what users' old keyboards send (≤ 64 bytes): never change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.conversation.callbacks import SEPARATOR, StaleButton, encode, number
from bot.render import Button, Renderer

PREFIX = "st"


class Verb(StrEnum):
    CARD = "c"
    UNIT_LIST = "l"
    QUEUE = "q"
    DECIDED = "qd"
    MOVE = "m"
    TICK = "k"
    OK = "ok"
    CANCEL = "x"
    IMPORT = "i"
    IMPORT_KIND = "ik"
    IMPORT_CANCEL = "ix"


@dataclass(frozen=True)
class Payload:
    """One button's meaning: a verb and its arguments (prefix stripped)."""

    verb: Verb
    args: tuple[str, ...] = ()

    @classmethod
    def parse(cls, data: str) -> Payload:
        verb, _, rest = data.partition(SEPARATOR)
        try:
            return cls(Verb(verb), tuple(rest.split(SEPARATOR)) if rest else ())
        except ValueError:
            raise StaleButton(data) from None

    def number(self, index: int) -> int:
        return number(self.args[index])


def data(verb: Verb, *parts: object) -> str:
    return encode(PREFIX, verb.value, *parts)


def button(r: Renderer, key: str, verb: Verb, *parts: object, **params: Any) -> Button:
    return r.button(key, data(verb, *parts), **params)
