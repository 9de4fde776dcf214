"""Building blocks shared by every knowledge schema: strict models, citations, dated values.

Every rule value in `knowledge/` carries where it comes from (`citation`), how sure we are of our
encoding (`confidence`) and when it applies (`effective_from` / `effective_to`, both inclusive).
Schemas for awards, criteria, dossier rules, calendars… build on these types so that the loader
can refuse bad data the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, model_validator


class Strict(BaseModel):
    """A model that refuses unknown keys (a typo in YAML is an error, not a silent default)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Confidence(StrEnum):
    """How sure we are that our encoding matches the law (see shared/domain/README.md)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Citation(Strict):
    """Where a rule comes from: document, article, clause, point (all but `document` optional).

    `text` is the human-readable form shown to users, e.g. "Điều 23 khoản 1 Luật 06/2022/QH15".
    """

    document: str
    article: str | None = None
    clause: str | None = None
    point: str | None = None
    text: str
    # True when a value is carried over from a text no longer in force because its successor's
    # article is unread (the entry must then be `low`; `tdkt knowledge check` allows it).
    carried: bool = False


class Dated(Strict):
    """Something valid from `effective_from` to `effective_to` (inclusive; None = open-ended)."""

    effective_from: dt.date
    effective_to: dt.date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Dated:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self

    def applies_on(self, day: dt.date) -> bool:
        """True when `day` falls inside this entry's validity window."""
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


class Ruled(Dated):
    """A dated entry that also says where it comes from and how sure we are."""

    citation: Citation
    confidence: Confidence
    note: str | None = None


D = TypeVar("D", bound=Dated)


class OverlappingDates(ValueError):
    """Two entries of the same key claim the same day."""


def check_no_overlap(entries: Sequence[Dated], key: str) -> None:
    """Raise OverlappingDates when two entries of `key` are valid on a common day."""
    ordered = sorted(entries, key=lambda e: e.effective_from)
    for earlier, later in itertools.pairwise(ordered):
        if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
            raise OverlappingDates(
                f"{key}: {earlier.effective_from}..{earlier.effective_to or 'open'} overlaps "
                f"{later.effective_from}..{later.effective_to or 'open'}"
            )


def pick_on(entries: Iterable[D], day: dt.date) -> D | None:
    """The entry in force on `day`, or None when no entry covers it."""
    for entry in entries:
        if entry.applies_on(day):
            return entry
    return None


class DatedSeries(Strict, Generic[D]):
    """Helper container: a list of dated entries of one kind, no two overlapping."""

    entries: list[D]

    def on(self, day: dt.date) -> D | None:
        return pick_on(self.entries, day)
