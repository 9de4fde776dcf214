"""Working days and the SLA clock, with pinned dates and the shipped holiday calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.status.sla import StatusPoint, compute_sla
from e2e.support import knowledge_base
from knowledge.calendar_schema import CalendarError, parse_calendar
from knowledge.workflow_schema import Clock
from tests.status.conftest import TZ

CAL = knowledge_base().calendar
D = dt.date


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 1, 15), True),  # a Thursday
        (D(2026, 1, 17), False),  # Saturday
        (D(2026, 2, 17), False),  # Tết Bính Ngọ
        (D(2026, 4, 27), False),  # compensatory day for Giỗ Tổ on a Sunday
        (D(2025, 4, 26), True),  # Saturday worked in exchange for 2 May 2025
        (D(2025, 5, 2), False),
        (D(2024, 9, 3), False),  # Quốc khánh 2024, second day
    ],
)
def test_working_days_follow_the_calendar(day: dt.date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_adding_working_days_skips_tet() -> None:
    # Tuesday 10/02/2026 + 5 working days: 11, 12, 13 Feb, then Tết (14–22 Feb), then 23, 24.
    assert CAL.add_working_days(D(2026, 2, 10), 5) == D(2026, 2, 24)
    assert CAL.working_days_between(D(2026, 2, 10), D(2026, 2, 24)) == 5


def test_a_year_outside_the_data_is_flagged_approximate() -> None:
    assert CAL.covers(D(2026, 6, 1)) and not CAL.covers(D(2030, 6, 1))


def sla(events: list[tuple[dt.date, str]], today: dt.date, award: str = "bang_khen_tinh"):  # type: ignore[no-untyped-def]
    points = [StatusPoint(at(day), status) for day, status in events]
    return compute_sla(
        points, award, today, TZ, knowledge_base().workflow.on(today), CAL, knowledge_base().sla
    )


def test_clock_starts_at_receipt_and_counts_25_working_days() -> None:
    state = sla([(D(2026, 1, 5), "submitted"), (D(2026, 1, 6), "received")], D(2026, 1, 15))
    assert state.clock is Clock.RUNNING
    assert state.started_on == D(2026, 1, 6)
    # 25 working days after Tue 06/01/2026: Saturday 10/01 is worked (in exchange for Friday
    # 02/01, CV 12729/VPCP-KGVX), so the 25th is Mon 09/02/2026 and 8 days are used by 15/01.
    assert state.due_on == D(2026, 2, 9)
    assert state.used_days == 8 and not state.overdue


def test_holidays_push_the_expected_date() -> None:
    state = sla([(D(2026, 1, 30), "received")], D(2026, 2, 2))
    # 25 working days from Fri 30/01 crosses Tết (16–20 Feb): 10 in Feb before Tết, then 23 Feb…
    assert state.due_on == D(2026, 3, 13)


def test_clock_pauses_while_a_supplement_is_requested() -> None:
    events = [
        (D(2026, 1, 6), "received"),
        (D(2026, 1, 8), "appraising"),
        (D(2026, 1, 13), "needs_supplement"),  # 6 working days used (Saturday 10/01 is worked)
    ]
    paused = sla(events, D(2026, 1, 20))
    assert paused.clock is Clock.PAUSED and paused.due_on is None and not paused.overdue
    assert paused.used_days == 6
    resumed = sla(
        [*events, (D(2026, 1, 20), "submitted"), (D(2026, 1, 21), "received")], D(2026, 1, 21)
    )
    # 19 working days remain from Wed 21/01: due 24/02 once Tết is skipped.
    assert resumed.clock is Clock.RUNNING
    assert resumed.used_days == 6 and resumed.paused_days == 6
    assert resumed.due_on == CAL.add_working_days(D(2026, 1, 21), 19) == D(2026, 2, 24)


def test_overdue_when_the_limit_is_passed() -> None:
    state = sla([(D(2026, 1, 6), "received"), (D(2026, 1, 7), "appraising")], D(2026, 2, 12))
    assert state.overdue and state.due_on == D(2026, 2, 9)


def test_a_stopped_clock_keeps_its_due_date() -> None:
    events = [(D(2026, 1, 6), "received"), (D(2026, 1, 20), "awaiting_decision")]
    state = sla(events, D(2026, 3, 1))
    assert state.clock is Clock.STOPPED and not state.overdue
    assert state.finished_on == D(2026, 1, 20) and state.due_on == D(2026, 2, 9)


def test_commune_awards_have_their_own_limit() -> None:
    state = sla([(D(2026, 1, 6), "received")], D(2026, 1, 6), award="giay_khen")
    assert state.limit_days == 10 and state.due_on == D(2026, 1, 19)


def test_no_clock_before_receipt() -> None:
    state = sla([(D(2026, 1, 6), "draft"), (D(2026, 1, 7), "submitted")], D(2026, 3, 1))
    assert state.clock is Clock.NOT_STARTED and state.due_on is None and not state.overdue


def test_a_calendar_with_a_weekday_listed_as_working_saturday_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "country: vn\nweekend: [6, 7]\nyears:\n  - year: 2026\n"
        "    citation: {document: x, text: x}\n"
        "    confidence: low\n    days_off: []\n    working_saturdays:\n"
        "      - {date: 2026-01-15, name: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(CalendarError):
        parse_calendar([bad])
