"""Default length of a disciplinary term when a decision gives no end date (`discipline_terms` of
`knowledge/general/vocabulary.yaml`, loaded once by `knowledge.loader` and shared by the
eligibility engine and the dossier checker). An entry naming the person's category wins, else the
general one; category unknown → the longest term in force (never a shorter, kinder guess)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from knowledge.schema import DisciplineTerm


def term_months(
    terms: Iterable[DisciplineTerm], form: str, decided_on: dt.date, category: str | None
) -> int | None:
    in_force = [t for t in terms if t.form == form and t.applies_on(decided_on)]
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


def default_end(
    terms: Iterable[DisciplineTerm], form: str, decided_on: dt.date, category: str | None
) -> dt.date | None:
    """When the term ends if the decision gives no end date (None: unknown form or term)."""
    months = term_months(terms, form, decided_on, category)
    return add_months(decided_on, months) if months is not None else None
