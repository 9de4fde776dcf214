"""Dispatch a Turn to the journey that owns the command, button prefix or free text.

Journeys register here by module; the order of `JOURNEYS` is the order in which they are asked
to take free text (the first that has an open session wins, then the fallback).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from bot.conversation.callbacks import StaleButton, split_prefix
from bot.conversation.turn import Turn
from bot.offload import WorkRefused
from bot.render import Reply

TurnAction = Callable[[Turn], Awaitable[list[Reply]]]
TextTaker = Callable[[Turn], Awaitable[list[Reply] | None]]


@dataclass(frozen=True)
class Journey:
    """What one journey answers: commands, one callback prefix, free text, documents."""

    name: str
    commands: Mapping[str, TurnAction] = field(default_factory=dict)
    prefix: str | None = None
    on_button: TurnAction | None = None
    # Returns None when the journey has no open session for this chat.
    take_text: TextTaker | None = None
    take_file: TextTaker | None = None


class Router:
    """Finds the action for a command, a button or a message, and runs it."""

    def __init__(self, journeys: list[Journey], fallback_text: TurnAction,
                 stale: TurnAction) -> None:
        self.journeys = journeys
        self._commands: dict[str, TurnAction] = {}
        self._prefixes: dict[str, TurnAction] = {}
        for journey in journeys:
            for name, action in journey.commands.items():
                if name in self._commands:
                    raise ValueError(f"command /{name} registered twice")
                self._commands[name] = action
            if journey.prefix and journey.on_button:
                self._prefixes[journey.prefix] = journey.on_button
        self._fallback_text = fallback_text
        self._stale = stale

    @property
    def commands(self) -> Mapping[str, TurnAction]:
        return self._commands

    def has_command(self, name: str) -> bool:
        return name in self._commands

    async def command(self, name: str, turn: Turn) -> list[Reply] | None:
        action = self._commands.get(name)
        if action is None:
            return None
        try:
            return await action(turn)
        except WorkRefused as refused:
            return _refused(turn, refused)

    async def button(self, turn: Turn) -> list[Reply]:
        prefix, rest = split_prefix(turn.data)
        action = self._prefixes.get(prefix)
        if action is None:
            return await self._stale(turn)
        try:
            return await action(turn.with_data(rest))
        except StaleButton:
            return await self._stale(turn)
        except WorkRefused as refused:
            return _refused(turn, refused)

    async def text(self, turn: Turn) -> list[Reply]:
        return await self._first_taker(turn, lambda journey: journey.take_text)

    async def file(self, turn: Turn) -> list[Reply]:
        return await self._first_taker(turn, lambda journey: journey.take_file)

    async def _first_taker(
        self, turn: Turn, taker: Callable[[Journey], TextTaker | None]
    ) -> list[Reply]:
        """The replies of the first journey whose taker (take_text / take_file) takes the turn."""
        try:
            for journey in self.journeys:
                action = taker(journey)
                if action is not None:
                    replies = await action(turn)
                    if replies is not None:
                        return replies
        except WorkRefused as refused:
            return _refused(turn, refused)
        return await self._fallback_text(turn)


def _refused(turn: Turn, refused: WorkRefused) -> list[Reply]:
    """A heavy job that did not run or finish: say why; the draft and session are unchanged."""
    limits = turn.services.settings.work_limits
    return [turn.services.renderer.reply("work/refused.j2", reason=refused.reason,
                                         seconds=round(limits.seconds))]
