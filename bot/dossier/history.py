"""What the checker may ask the database: who else is in the campaign, what a person already got.

The checker takes any object with these methods (`bot.dossier.db_history` reads them from the
database in a few batched queries); `InMemoryHistory` serves tests and the CLI without one.
`nominee_facts` is optional: the person's history as contracts §2 facts (the same facts the
interview prefills), which the checker merges with what the manifest says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.dossier.manifest import PriorAward
from bot.text.normalize import fold


@dataclass(frozen=True)
class CampaignEntry:
    """A nominee already proposed in the same campaign (in another dossier)."""

    name: str
    dossier: str
    unit: str | None = None
    award: str | None = None
    birth_date: dt.date | None = None


class History(Protocol):
    def campaign_nominees(self, campaign: str) -> Iterable[CampaignEntry]: ...

    def prior_awards(self, name: str, unit: str | None) -> Iterable[PriorAward]: ...


def nominee_facts(history: object, name: str, unit: str | None) -> dict[str, Any] | None:
    """The person's facts from `history` when it can give them (an optional method)."""
    lookup = getattr(history, "nominee_facts", None)
    return lookup(name, unit) if callable(lookup) else None


@dataclass
class InMemoryHistory:
    """History held in lists (tests, CLI without a database). Names match after folding."""

    campaigns: dict[str, list[CampaignEntry]] = field(default_factory=dict)
    awards: dict[str, list[PriorAward]] = field(default_factory=dict)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def campaign_nominees(self, campaign: str) -> Sequence[CampaignEntry]:
        return self.campaigns.get(campaign, [])

    def prior_awards(self, name: str, unit: str | None) -> Sequence[PriorAward]:
        return self.awards.get(fold(name), [])

    def nominee_facts(self, name: str, unit: str | None) -> dict[str, Any] | None:
        return self.facts.get(fold(name))
