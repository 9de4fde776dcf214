"""The eligibility journey's button payloads, `el:<version>:<verb>[:<arg>]`, as a typed value.

The version is the stored interview's: a button from an older screen is stale, never a wrong
answer to the current question. `aw:<award>` award (or all awards), `kd:<kind>` kind (all
awards), `sj:<id>|skip` subject, `yr:<year>` year, `an:<answer>` answer, `ex:<n>` answer
again, `pf:<n>` correct a record, `new` another award, `why` the explanation, `ed` the answers
given. The strings are what users' old keyboards send: never change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.conversation.callbacks import StaleButton, encode, split_prefix
from bot.render import Button, Renderer

PREFIX = "el"


class Verb(StrEnum):
    AWARD = "aw"
    KIND = "kd"
    SUBJECT = "sj"
    YEAR = "yr"
    ANSWER = "an"
    ANSWER_AGAIN = "ex"
    RECORD = "pf"
    ANOTHER = "new"
    WHY = "why"
    EDIT = "ed"


@dataclass(frozen=True)
class Payload:
    """One button's meaning (prefix stripped): the interview version it was drawn for, a verb
    and its argument."""

    version: str
    verb: Verb
    arg: str = ""

    @classmethod
    def parse(cls, data: str) -> Payload:
        version, rest = split_prefix(data)
        verb, arg = split_prefix(rest)
        try:
            return cls(version, Verb(verb), arg)
        except ValueError:
            raise StaleButton(data) from None


@dataclass(frozen=True)
class Keys:
    """The payloads of one screen: each carries the interview's version."""

    version: int

    def data(self, verb: Verb, arg: object = "") -> str:
        if arg == "":
            return encode(PREFIX, self.version, verb.value)
        return encode(PREFIX, self.version, verb.value, arg)

    def button(
        self, r: Renderer, key: str, verb: Verb, arg: object = "", **params: Any
    ) -> Button:
        return r.button(key, self.data(verb, arg), **params)

    def plain(self, label: str, verb: Verb, arg: object = "") -> Button:
        return Button(label, self.data(verb, arg))


def rows(buttons: list[Button], per_row: int) -> list[list[Button]]:
    """Buttons laid out `per_row` to a row."""
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
