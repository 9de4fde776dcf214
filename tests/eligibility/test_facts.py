"""Impossible facts are refused with the field named; unknown stays unknown."""

from __future__ import annotations

import pytest

from bot.eligibility import FactsError, parse_facts
from knowledge.loader import KnowledgeBase


def _issues(kb: KnowledgeBase, facts: dict) -> list[str]:
    with pytest.raises(FactsError) as caught:
        parse_facts(kb, facts)
    return [str(i) for i in caught.value.issues]


def test_fourteen_months_in_a_year_is_refused(kb: KnowledgeBase) -> None:
    issues = _issues(kb, {"as_of": "2025-01-15", "years": {"2024": {"months_worked": 14}}})
    assert issues == ["years.2024.months_worked: 14 > 12"]


def test_a_year_after_as_of_is_refused(kb: KnowledgeBase) -> None:
    issues = _issues(kb, {"as_of": "2025-01-15", "years": {"2026": {"rating": "hoan_thanh_tot"}}})
    assert issues[0].startswith("years.2026: 2026 > 2025")


def test_negative_member_counts_and_unknown_ratings_are_all_reported(kb: KnowledgeBase) -> None:
    issues = _issues(
        kb,
        {
            "as_of": "2025-01-15",
            "years": {
                "2024": {"rating": "tot", "members": {"total": 10, "lao_dong_tien_tien": -1}}
            },
        },
    )
    assert any(i.startswith("years.2024.rating:") for i in issues)
    assert any(i.startswith("years.2024.members.lao_dong_tien_tien:") for i in issues)


def test_more_members_with_a_title_than_members_is_refused(kb: KnowledgeBase) -> None:
    issues = _issues(
        kb,
        {
            "as_of": "2025-01-15",
            "years": {"2024": {"members": {"total": 10, "lao_dong_tien_tien": 11}}},
        },
    )
    assert issues == ["years.2024.members.lao_dong_tien_tien: 11 > total 10"]


def test_as_of_is_required(kb: KnowledgeBase) -> None:
    assert _issues(kb, {"years": {}})[0].startswith("as_of:")


def test_absent_lists_stay_unknown_and_present_lists_are_complete(kb: KnowledgeBase) -> None:
    facts = parse_facts(
        kb,
        {
            "as_of": "2025-01-15",
            "awards": [],
            "years": {"2024": {"titles": ["lao_dong_tien_tien"]}},
        },
    )
    assert facts.initiatives is None and facts.pending is None
    assert facts.awards == ()
    assert facts.years[2024].titles[0].award == "lao_dong_tien_tien"
    assert facts.evaluation_year == 2024
