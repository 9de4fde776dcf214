"""The source register `knowledge/sources.yaml`: every document a citation may name, with the
days it is in force, how sure we are of them and where its text was read.

A citation's `document` names one or several documents (separated by ";"); each part is matched
to a register entry by its `number` or one of its `match` strings (the longest match wins).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import Field, PrivateAttr, ValidationError, model_validator

from knowledge.common import Confidence, Strict


class SourceStatus(StrEnum):
    IN_FORCE = "in_force"
    IN_FORCE_UNREAD = "in_force_unread"  # in force, but its text has not been read
    REPEALED = "repealed"
    EXPIRED = "expired"
    NOT_LAW = "not_law"  # a procedure card or an instruction, not a legal text


class Sunset(Strict):
    """An end date that is not certain: a caveat from `caveat_from`, a warning from `date`."""

    date: dt.date
    confidence: Confidence
    text: str
    caveat_from: dt.date | None = None


class Source(Strict):
    id: str
    number: str
    match: list[str] = Field(default_factory=list)
    title: str
    signed: dt.date | None
    in_force_from: dt.date
    in_force_to: dt.date | None = None
    sunset: Sunset | None = None
    status: SourceStatus
    confidence: Confidence
    read_at: str

    @model_validator(mode="after")
    def _ordered(self) -> Source:
        if self.in_force_to is not None and self.in_force_to < self.in_force_from:
            raise ValueError(f"{self.id}: in_force_to is before in_force_from")
        if self.signed is not None and self.signed > self.in_force_from:
            raise ValueError(f"{self.id}: in force before it was signed")
        return self

    def match_keys(self) -> list[str]:
        return [self.number, *self.match]

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)


class SourceRegister(Strict):
    sources: list[Source]
    # Citation texts repeat across criteria: `mentioned_in` answers each text once per register.
    _mentioned: dict[str, tuple[Source, ...]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _unique(self) -> SourceRegister:
        ids = [s.id for s in self.sources]
        if len(ids) != len(set(ids)):
            raise ValueError("a source id is listed twice")
        return self

    def find(self, document_part: str) -> Source | None:
        """The register entry a part of a citation's `document` names (longest key wins)."""
        text = " ".join(document_part.split()).casefold()
        best: tuple[int, Source] | None = None
        for source in self.sources:
            for key in source.match_keys():
                folded = key.casefold()
                if folded in text and (best is None or len(folded) > best[0]):
                    best = (len(folded), source)
        return best[1] if best else None

    def mentioned_in(self, text: str) -> tuple[Source, ...]:
        """The registered documents a citation text names (by number or match key)."""
        found = self._mentioned.get(text)
        if found is None:
            folded = " ".join(text.split()).casefold()
            found = self._mentioned[text] = tuple(
                s for s in self.sources if any(k.casefold() in folded for k in s.match_keys()))
        return found

    def resolve(self, document: str) -> list[tuple[str, Source | None]]:
        """Each ";"-separated part of a citation's `document` with its entry (None = unknown)."""
        parts = [p.strip() for p in document.split(";") if p.strip()]
        return [(part, self.find(part)) for part in parts]


class SourceError(ValueError):
    """sources.yaml is missing or malformed."""


def load_sources(path: Path) -> SourceRegister:
    try:
        return SourceRegister.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise SourceError(f"{path.name}: {error}") from error

