"""Default length of a disciplinary term when a decision gives no end date, read on its own from
`knowledge/general/vocabulary.yaml` for callers without the eligibility knowledge base (the
dossier checker). The same rule as `KnowledgeBase.discipline_months`: an entry naming the
person's category wins, else the general one; category unknown → the longest term in force."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache
from pathlib import Path

import yaml

from knowledge.schema import DisciplineTerm, GeneralFile

GENERAL_FILE = Path(__file__).parent / "general" / "vocabulary.yaml"


@cache
def default_terms() -> tuple[DisciplineTerm, ...]:
    data = GeneralFile.model_validate(yaml.safe_load(GENERAL_FILE.read_text(encoding="utf-8")))
    return tuple(data.discipline_terms)


def term_months(
    form: str, decided_on: dt.date, category: str | None,
    terms: tuple[DisciplineTerm, ...] | None = None,
) -> int | None:
    in_force = [t for t in terms or default_terms() if t.form == form and t.applies_on(decided_on)]
    if category is not None:
        named = [t for t in in_force if t.categories and category in t.categories]
        chosen = named or [t for t in in_force if not t.categories]
        return chosen[0].months if chosen else None
    return max((t.months for t in in_force), default=None)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, the day clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_end(form: str, decided_on: dt.date, category: str | None) -> dt.date | None:
    """When the term ends if the decision gives no end date (None: unknown form or term)."""
    months = term_months(form, decided_on, category)
    return add_months(decided_on, months) if months is not None else None
