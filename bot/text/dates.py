"""Dates as officers type them: dd/mm/yyyy (also d/m/yyyy, with "-" or "." as separators).

A bad date is a result with a reason key ("format", "no_such_day", "year_range"), never a crash;
the chat turns the key into a Vietnamese explanation.
"""

from __future__ import annotations

import datetime as dt
import re

_VN_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
MIN_YEAR = 2000
MAX_YEAR = 2100


class BadDate(ValueError):
    """`reason` is a key: format | no_such_day | year_range."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.text = text


def parse_vn_date(text: str) -> dt.date:
    """31/01/2026 → date(2026, 1, 31); raises BadDate with a reason key."""
    match = _VN_DATE.match(text)
    if match is None:
        raise BadDate("format", text)
    day, month, year = (int(g) for g in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadDate("year_range", text)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadDate("no_such_day", text) from None
