"""The evaluation year proposed first (issue 12 item 6): the unit's open campaign's year, else
the year just ended, in December the current year; the year buttons run latest first."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat.eligibility import default_year, year_choices


@pytest.mark.parametrize(
    ("today", "campaign", "proposed"),
    [
        (dt.date(2026, 1, 15), None, 2025),  # the year just ended
        (dt.date(2026, 6, 30), None, 2025),
        (dt.date(2026, 12, 7), None, 2026),  # the year-end review of the current year
        (dt.date(2026, 12, 7), 2025, 2025),  # a campaign still open for last year
        (dt.date(2026, 1, 15), 2026, 2026),  # a campaign for the current year
        (dt.date(2026, 1, 15), 2027, 2025),  # never a year to come
        (dt.date(2026, 1, 15), 2010, 2025),  # nor one older than the interview allows
    ],
)
def test_the_proposed_year(today: dt.date, campaign: int | None, proposed: int) -> None:
    assert default_year(today, campaign) == proposed


def test_year_buttons_run_latest_first_and_hold_the_proposed_year() -> None:
    assert year_choices(dt.date(2026, 12, 7), 2026) == [2026, 2025, 2024, 2023]
    assert year_choices(dt.date(2026, 12, 7), 2025) == [2026, 2025, 2024, 2023]
    assert year_choices(dt.date(2026, 1, 15), 2025) == [2025, 2024, 2023, 2022]
    assert year_choices(dt.date(2026, 1, 15), 2026) == [2026, 2025, 2024, 2023]
    assert year_choices(dt.date(2026, 1, 15), 2020) == [2025, 2024, 2023, 2020]
