"""The reminders journey's button payloads, `rm:<verb>[:<arg>…]`, as a typed value.

`z`/`d` snooze/done on a deadline (`dy` confirms `d`, `dn` cancels it), `p`/`g` reminders/digest
on-off, `s` the settings (/nhac), `sd[:<days>]` pick the reminder days (toggle one),
`st[:<HHMM>]` pick the time of day, `sr` back to the campaigns' own plans, `c` campaigns, `e`
edits, `w` form buttons. The strings are what users' old keyboards send: never change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.conversation.callbacks import SEPARATOR, StaleButton, encode, number
from bot.reminders.messages import PREFIX
from bot.render import Button, Renderer


class Verb(StrEnum):
    SNOOZE = "z"
    DONE = "d"
    DONE_YES = "dy"
    DONE_NO = "dn"
    REMINDERS = "p"
    DIGEST = "g"
    SETTINGS = "s"
    DAYS = "sd"
    TIME = "st"
    FOLLOW = "sr"
    CAMPAIGN = "c"
    EDIT = "e"
    FORM = "w"


@dataclass(frozen=True)
class Payload:
    """One button's meaning: a verb and its arguments (prefix stripped)."""

    verb: Verb
    args: tuple[str, ...] = ()

    @classmethod
    def of(cls, verb: Verb, *parts: object) -> Payload:
        return cls(verb, tuple(str(p) for p in parts))

    @classmethod
    def parse(cls, data: str) -> Payload:
        """The payload after the router stripped `rm:`; StaleButton for an unknown verb."""
        verb, *args = data.split(SEPARATOR)
        try:
            return cls(Verb(verb), tuple(args))
        except ValueError:
            raise StaleButton(data) from None

    def encode(self) -> str:
        return encode(PREFIX, self.verb.value, *self.args)

    def text(self) -> str:
        """The payload as the router saw it (for StaleButton)."""
        return SEPARATOR.join([self.verb.value, *self.args])

    def number(self, index: int = 0) -> int:
        return number(self.args[index])

    def optional(self) -> str | None:
        return self.args[0] if self.args else None


def button(r: Renderer, key: str, verb: Verb, *parts: object, **params: Any) -> Button:
    return r.button(key, Payload.of(verb, *parts).encode(), **params)
