"""The working-day calendar of 2026–2027 and the processing limits, on both sides of each date
(issue 11 items 1 and 3; audit §1.5, A1, A2, A7)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.status.sla import StatusPoint, compute_sla
from e2e.support import knowledge_base

CAL = knowledge_base().calendar
D = dt.date
TZ = dt.UTC


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 11, 24), True),  # a Monday before NQ 28/2026/QH16: an ordinary working day
        (D(2026, 11, 23), True),
        (D(2026, 11, 24), False),  # Ngày Văn hóa Việt Nam, a paid day off from 2026
        (D(2026, 11, 25), True),
        (D(2027, 11, 24), False),
        (D(2026, 1, 2), False),  # Friday swapped (CV 12729/VPCP-KGVX)…
        (D(2026, 1, 10), True),  # …for Saturday 10/01
        (D(2026, 8, 22), True),  # Saturday worked for Monday 31/08 (TB 9441/TB-BNV)
        (D(2026, 8, 31), False),
        (D(2026, 9, 1), False),
        (D(2026, 4, 30), False),  # no swap around 30/4/2026 (CV 3383/BNV-CVL)
        (D(2026, 4, 29), True),
    ],
)
def test_days_off_and_worked_saturdays(day: dt.date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_the_audit_deadline_now_lands_on_16_december() -> None:
    # add_working_days(2026-11-10, 25) gave 15/12/2026 before 24/11 was a day off.
    assert CAL.add_working_days(D(2026, 11, 10), 25) == D(2026, 12, 16)


def sla(received: dt.date, award: str, today: dt.date):  # type: ignore[no-untyped-def]
    at = dt.datetime(received.year, received.month, received.day, 9, tzinfo=TZ)
    return compute_sla([StatusPoint(at, "received")], award, today, TZ,
                       knowledge_base().workflow.on(today), CAL, knowledge_base().sla)


def test_commune_cstdcs_takes_20_working_days_across_24_november() -> None:
    state = sla(D(2026, 11, 10), "chien_si_thi_dua_co_so", D(2026, 11, 12))
    assert state.limit_days == 20
    # 11/11 … 8/12 minus 24/11: the 20th working day is 09/12/2026 (08/12 without the day off).
    assert state.due_on == D(2026, 12, 9)
    assert not state.approximate


def test_an_sla_across_the_swapped_saturday_of_august_2026() -> None:
    state = sla(D(2026, 8, 14), "bang_khen_tinh", D(2026, 8, 14))
    # Saturday 22/08 is worked (+1), 31/08, 01/09, 02/09 are off (−3): the 25th is 22/09.
    assert state.limit_days == 25
    assert state.due_on == D(2026, 9, 22)


@pytest.mark.parametrize(
    ("received", "limit"),
    [(D(2025, 6, 30), 25), (D(2025, 7, 1), 20)],
)
def test_cstdcs_limit_changes_with_qd_638_from_1_july_2025(received: dt.date, limit: int) -> None:
    assert sla(received, "chien_si_thi_dua_co_so", received).limit_days == limit


@pytest.mark.parametrize("received", [D(2025, 6, 30), D(2025, 7, 1)])
def test_the_provincial_limit_stays_25_days_but_is_dated(received: dt.date) -> None:
    limit = knowledge_base().sla.limit_for("bang_khen_tinh", received)
    assert limit is not None and limit.working_days == 25
    assert "98/2023" in limit.citation.text  # the value comes from the ND 98-era card
    assert limit.confidence.value == ("medium" if received < D(2025, 7, 1) else "low")


def test_a_deadline_across_tet_2027_is_flagged_as_an_estimate() -> None:
    across = sla(D(2027, 1, 25), "bang_khen_tinh", D(2027, 1, 25))
    assert across.approximate
    assert CAL.uncertain_between(D(2027, 1, 25), across.due_on or D(2027, 3, 1))
    after = sla(D(2027, 3, 1), "bang_khen_tinh", D(2027, 3, 1))
    assert not after.approximate
