"""Typed answers (B21): a button label typed with or without diacritics, numbers as the officer
writes them, initiatives as a count per scope (B3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.eligibility import AnswerError, parse_facts, question_by_id
from knowledge.loader import KnowledgeBase

AS_OF = dt.date(2026, 12, 7)


def _answer(kb: KnowledgeBase, question: str, typed: str) -> Any:
    spec = question_by_id(kb, question)
    assert spec is not None
    return spec.validate(typed, AS_OF)


@pytest.mark.parametrize(
    ("question", "typed", "expected"),
    [
        ("discipline_2026", "khong bi ky luat", "none"),
        ("discipline_2026", "Không bị kỷ luật", "none"),
        ("discipline_2026", "khong", "none"),
        ("discipline_2026", "canh cao", "canh_cao"),
        ("rating_2026", "hoan thanh xuat sac", "hoan_thanh_xuat_sac"),
        ("rating_2026", "hoan thanh xuat sac nhiem vu", "hoan_thanh_xuat_sac"),
        ("rating_2026", "Hoàn thành tốt nhiệm vụ", "hoan_thanh_tot"),
        ("rating_2026", "khong ro", "unknown"),
        ("pending_investigation", "khong", False),
        ("pending_investigation", "có", True),
        ("months_worked_2026", "12 tháng", 12),
        ("months_worked_2026", "12", 12),
        ("months_worked_2026", "mười hai", 12),
        ("months_worked_2026", "5,5", 5.5),
        ("prior_award_bang_khen_tinh", "chua tung duoc tang", "never"),
        ("prior_award_bang_khen_tinh", "năm 2021", 2021),
        ("initiatives_2026", "2 cơ sở, 1 tỉnh", "co_so:2,bo_nganh_tinh:1"),
        ("initiatives_2026", "hai sang kien cap co so", "co_so:2"),
        ("initiatives_2026", "0", "none"),
    ],
)
def test_typed_answers_are_read_as_the_officer_writes_them(
    kb: KnowledgeBase, question: str, typed: str, expected: Any
) -> None:
    assert _answer(kb, question, typed) == expected


@pytest.mark.parametrize(
    ("question", "typed"),
    [
        ("rating_2026", "gioi"),
        ("rating_2026", "hoan thanh x"),
        ("months_worked_2026", "nhiều"),
        ("initiatives_2026", "3"),
    ],
)
def test_what_matches_no_button_is_still_refused(
    kb: KnowledgeBase, question: str, typed: str
) -> None:
    with pytest.raises(AnswerError):
        _answer(kb, question, typed)


def test_two_initiatives_in_one_year_are_recorded(kb: KnowledgeBase) -> None:
    spec = question_by_id(kb, "initiatives_2026")
    assert spec is not None
    facts = spec.apply({"as_of": AS_OF.isoformat()}, "2 co so, 1 toan quoc")
    found = parse_facts(kb, facts).year(2026).initiatives
    assert found is not None
    assert sorted(i.scope or "" for i in found) == ["co_so", "co_so", "toan_quoc"]
