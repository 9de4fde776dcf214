"""Outbox payloads of the reminders feature: the reminder to a unit officer and the reviewers'
digest, rendered once when planned (the text is frozen in the row, so a resend is identical).

Payload shape (what `handlers.notifier.TelegramNotifier` sends):
`{"text": html, "parse_mode": "HTML", "buttons": [[{"text": label, "data": callback}]]}`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.conversation.callbacks import encode
from bot.reminders.audience import Unreachable
from bot.render import Renderer

PREFIX = "rm"  # callback prefix of the reminders journey
KIND_REMINDER = "reminder"
KIND_DIGEST = "digest"
KIND_OPENING = "opening"  # a campaign has opened: told once to each officer of its units
DIGEST_SHOWN_UNITS = 25


@dataclass(frozen=True)
class ReminderFacts:
    campaign_name: str
    campaign_code: str
    source_document: str | None
    deadline_id: int
    award_group: str
    deadline: dt.date
    days_left: int
    unit_name: str


def reminder_payload(renderer: Renderer, facts: ReminderFacts) -> dict[str, Any]:
    text = renderer.render(
        "reminders/reminder.j2",
        campaign_name=facts.campaign_name, campaign_code=facts.campaign_code,
        source_document=facts.source_document, award_group=facts.award_group,
        deadline=facts.deadline, days_left=max(0, facts.days_left), unit_name=facts.unit_name,
    )
    buttons = [[
        {"text": renderer.label("remind.snooze"), "data": encode(PREFIX, "z", facts.deadline_id)},
        {"text": renderer.label("remind.done"), "data": encode(PREFIX, "d", facts.deadline_id)},
    ]]
    return {"text": text, "parse_mode": "HTML", "buttons": buttons}


@dataclass(frozen=True)
class DigestItem:
    campaign_name: str
    campaign_code: str
    award_group: str
    deadline: dt.date
    days_left: int
    total: int
    pending_names: tuple[str, ...]

    @property
    def late(self) -> bool:
        return self.days_left < 0 and bool(self.pending_names)

    @property
    def pending_count(self) -> int:
        return len(self.pending_names)

    @property
    def shown(self) -> tuple[str, ...]:
        return self.pending_names[:DIGEST_SHOWN_UNITS]

    @property
    def hidden(self) -> int:
        return max(0, len(self.pending_names) - DIGEST_SHOWN_UNITS)


def digest_payload(renderer: Renderer, day: dt.date, items: list[DigestItem],
                   unreachable: Sequence[Unreachable] = (),
                   unstaffed: Sequence[str] = ()) -> dict[str, Any]:
    """The digest; `unreachable` lists officers of these campaigns' units the bot cannot reach,
    `unstaffed` the units in the reader's scope where nobody is registered (no reminders)."""
    text = renderer.render(
        "reminders/digest.j2", day=day, items=items,
        unreachable=list(unreachable)[:DIGEST_SHOWN_UNITS],
        unreachable_hidden=max(0, len(unreachable) - DIGEST_SHOWN_UNITS),
        unstaffed=list(unstaffed)[:DIGEST_SHOWN_UNITS],
        unstaffed_hidden=max(0, len(unstaffed) - DIGEST_SHOWN_UNITS),
    )
    return {"text": text, "parse_mode": "HTML", "buttons": []}


@dataclass(frozen=True)
class OpeningFacts:
    campaign_name: str
    campaign_code: str
    source_document: str | None
    deadlines: tuple[tuple[str, dt.date], ...]  # (award group, deadline), soonest first
    days_before: tuple[int, ...]
    send_at: dt.time


def opening_payload(renderer: Renderer, facts: OpeningFacts) -> dict[str, Any]:
    """"A new campaign concerns your unit": its deadlines and when reminders will come."""
    text = renderer.render(
        "reminders/opening.j2", campaign_name=facts.campaign_name,
        campaign_code=facts.campaign_code, source_document=facts.source_document,
        deadlines=facts.deadlines, plan_days=", ".join(str(d) for d in facts.days_before),
        send_at=f"{facts.send_at:%H:%M}",
    )
    buttons = [[{"text": renderer.label("remind.settings"), "data": encode(PREFIX, "s")}]]
    return {"text": text, "parse_mode": "HTML", "buttons": buttons}
