"""The reminder schedule: which reminder an officer gets when, in Vietnamese time."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.reminders.plan import BadPlan, QuietHours, ReminderPlan
from bot.reminders.schedule import deliver_after, digest_due, due_slot
from bot.text.dates import BadDate, parse_vn_date

VN = dt.timezone(dt.timedelta(hours=7))
DEADLINE = dt.date(2026, 1, 31)
PLAN = ReminderPlan()


def vn(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=VN)


def test_default_plan_sends_at_eight_local_fourteen_days_before() -> None:
    assert PLAN.slot_time(DEADLINE, 14) == vn(2026, 1, 17, 8).astimezone(dt.UTC)


def test_nothing_is_due_before_the_first_slot() -> None:
    assert due_slot(PLAN, DEADLINE, vn(2026, 1, 17, 7, 59)) is None


@pytest.mark.parametrize(
    ("now", "key"),
    [
        (vn(2026, 1, 17, 8), "d14"),
        (vn(2026, 1, 23, 12), "d14"),
        (vn(2026, 1, 24, 8), "d7"),
        (vn(2026, 1, 30, 9), "d1"),
        (vn(2026, 1, 31, 8), "d0"),
        (vn(2026, 1, 31, 23, 59), "d0"),
    ],
)
def test_the_latest_due_slot_is_the_one_sent(now: dt.datetime, key: str) -> None:
    slot = due_slot(PLAN, DEADLINE, now)
    assert slot is not None and slot.key == key


def test_after_an_outage_only_the_current_reminder_is_due() -> None:
    # Bot down from d14 to d1: one reminder ("d1"), not four.
    slot = due_slot(PLAN, DEADLINE, vn(2026, 1, 30, 10))
    assert slot is not None and slot.key == "d1" and slot.days_left == 1


def test_nothing_is_due_once_the_deadline_day_is_over() -> None:
    assert due_slot(PLAN, DEADLINE, vn(2026, 2, 1, 0, 1)) is None


def test_snooze_hides_the_reminder_until_it_ends_then_repeats_once() -> None:
    until = vn(2026, 1, 25, 8)
    assert due_slot(PLAN, DEADLINE, vn(2026, 1, 24, 20), snoozed_until=until) is None
    slot = due_slot(PLAN, DEADLINE, vn(2026, 1, 25, 8, 1), snoozed_until=until)
    assert slot is not None and slot.key.startswith("z") and slot.due_at == until
    # Still the same occasion an hour later (same key → the outbox ignores the repeat).
    again = due_slot(PLAN, DEADLINE, vn(2026, 1, 25, 9), snoozed_until=until)
    assert again == slot


def test_a_regular_slot_after_the_snooze_wins() -> None:
    slot = due_slot(PLAN, DEADLINE, vn(2026, 1, 28, 8), snoozed_until=vn(2026, 1, 25, 8))
    assert slot is not None and slot.key == "d3"


def test_quiet_hours_push_a_late_evening_reminder_to_seven_next_morning() -> None:
    at = deliver_after(vn(2026, 1, 24, 8).astimezone(dt.UTC), vn(2026, 1, 24, 22, 30), PLAN)
    assert at == vn(2026, 1, 25, 7)
    early = deliver_after(vn(2026, 1, 24, 8), vn(2026, 1, 25, 3), PLAN)
    assert early == vn(2026, 1, 25, 7)
    assert deliver_after(vn(2026, 1, 24, 8), vn(2026, 1, 24, 9), PLAN) == vn(2026, 1, 24, 9)


def test_quiet_window_edges() -> None:
    quiet = QuietHours()
    assert quiet.contains(dt.time(21, 0)) and quiet.contains(dt.time(6, 59))
    assert not quiet.contains(dt.time(7, 0)) and not quiet.contains(dt.time(20, 59))


def test_plan_text_round_trips_and_bad_plans_are_refused() -> None:
    plan = ReminderPlan.from_text("10, 5 2@09:30")
    assert plan.offsets == (10, 5, 2) and plan.send_at == dt.time(9, 30)
    assert ReminderPlan.from_text(plan.to_text()) == plan
    assert ReminderPlan.from_text(None) == PLAN
    for bad in ("14,x", "7@22:00", "7@25:00", "120"):
        with pytest.raises(BadPlan):
            ReminderPlan.from_text(bad)


def test_digest_runs_in_the_last_week_and_the_day_after() -> None:
    assert digest_due(PLAN, [DEADLINE], vn(2026, 1, 23, 9)) is None
    assert digest_due(PLAN, [DEADLINE], vn(2026, 1, 24, 9)) == dt.date(2026, 1, 24)
    assert digest_due(PLAN, [DEADLINE], vn(2026, 1, 24, 7)) is None
    assert digest_due(PLAN, [DEADLINE], vn(2026, 2, 1, 9)) == dt.date(2026, 2, 1)
    assert digest_due(PLAN, [DEADLINE], vn(2026, 2, 2, 9)) is None


@pytest.mark.parametrize(("text", "day"), [("31/01/2026", dt.date(2026, 1, 31)),
                                           ("1-2-2026", dt.date(2026, 2, 1)),
                                           (" 05.03.2026 ", dt.date(2026, 3, 5))])
def test_typed_dates(text: str, day: dt.date) -> None:
    assert parse_vn_date(text) == day


@pytest.mark.parametrize(("text", "reason"), [("2026-01-31", "format"),
                                              ("31/02/2026", "no_such_day"),
                                              ("1/1/1999", "year_range"), ("mai", "format")])
def test_bad_typed_dates_say_why(text: str, reason: str) -> None:
    with pytest.raises(BadDate) as info:
        parse_vn_date(text)
    assert info.value.reason == reason
