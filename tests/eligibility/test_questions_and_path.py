"""Interview questions (ids, order, folding answers) and the path to the next award."""

from __future__ import annotations

import pytest

from bot.eligibility import (
    AnswerError,
    evaluate,
    next_awards,
    question_by_id,
    questions_for,
    resolve_award,
)
from bot.eligibility.awards import Ambiguous, ResolvedAward
from knowledge.loader import KnowledgeBase

START = {"as_of": "2025-01-15", "subject": {"kind": "individual"}}


def test_the_interview_for_lao_dong_tien_tien_reaches_a_verdict(kb: KnowledgeBase) -> None:
    facts = dict(START)
    answers = {
        "pending_investigation": "no",
        "discipline_2024": "none",
        "rating_2024": "hoan_thanh_tot",
        "active_in_emulation_2024": "yes",
        "months_worked_2024": 12,
    }
    asked = []
    while questions := questions_for(kb, "lao_dong_tien_tien", facts):
        asked.append(questions[0].id)
        facts = questions[0].apply(facts, answers[questions[0].id])
    assert asked == list(answers)
    assert evaluate(kb, "lao_dong_tien_tien", facts).verdict == "eligible"


def test_a_failing_answer_ends_the_interview_early(kb: KnowledgeBase) -> None:
    facts = question_by_id(kb, "rating_2024").apply(START, "hoan_thanh")
    assert evaluate(kb, "lao_dong_tien_tien", facts).verdict == "not_eligible"
    assert questions_for(kb, "lao_dong_tien_tien", facts) == []


def test_unknown_answers_are_not_asked_again(kb: KnowledgeBase) -> None:
    facts = question_by_id(kb, "rating_2024").apply(START, "unknown")
    ids = [q.id for q in questions_for(kb, "lao_dong_tien_tien", facts, answered={"rating_2024"})]
    assert "rating_2024" not in ids


@pytest.mark.parametrize(
    ("question", "answer", "key"),
    [
        ("months_worked_2024", 14, "out_of_range"),
        ("months_worked_2024", "nhiều", "not_a_number"),
        ("rating_2024", "gioi", "invalid_choice"),
        ("prior_award_bang_khen_tinh", 2030, "future_year"),
        ("prior_award_bang_khen_tinh", "abc", "invalid_year"),
    ],
)
def test_invalid_answers_give_an_error_key(
    kb: KnowledgeBase, question: str, answer: object, key: str
) -> None:
    spec = question_by_id(kb, question)
    assert spec is not None
    with pytest.raises(AnswerError) as caught:
        spec.apply(START, answer)
    assert caught.value.key == key


def test_fuzzy_award_names_resolve_or_ask(kb: KnowledgeBase) -> None:
    assert resolve_award(kb, "bang khen tinh") == ResolvedAward(
        "bang_khen_tinh", kb.awards["bang_khen_tinh"].name, 100.0
    )
    resolved = resolve_award(kb, "cstđ cơ sở")
    assert isinstance(resolved, ResolvedAward) and resolved.award_id == "chien_si_thi_dua_co_so"
    ambiguous = resolve_award(kb, "bang khen")
    assert isinstance(ambiguous, Ambiguous) and len(ambiguous.candidates) >= 2


def test_path_to_cstd_tinh_names_the_missing_year_and_initiative(kb: KnowledgeBase) -> None:
    facts = {
        "as_of": "2025-01-15",
        "subject": {"kind": "individual"},
        "pending": [],
        "awards": [],
        "initiatives": [],
        "years": {
            "2023": {"rating": "hoan_thanh_xuat_sac", "titles": ["chien_si_thi_dua_co_so"]},
            "2024": {
                "rating": "hoan_thanh_xuat_sac",
                "discipline": "none",
                "titles": ["lao_dong_tien_tien", "chien_si_thi_dua_co_so"],
            },
        },
    }
    steps = {s.award: s for s in next_awards(kb, facts)}
    step = steps["chien_si_thi_dua_bo_nganh_tinh"]
    assert step.earliest_year == 2025
    assert {(n.key, n.params.get("year")) for n in step.needs} == {
        ("title", 2025),
        ("initiative", 2025),
    }
    assert any(n.params.get("scope") == "bo_nganh_tinh" for n in step.needs)


def test_an_eligible_verdict_points_to_the_next_rung(kb: KnowledgeBase) -> None:
    facts = {
        "as_of": "2025-01-15",
        "subject": {"kind": "individual"},
        "pending": [],
        "initiatives": [],
        "years": {
            "2024": {
                "rating": "hoan_thanh_tot",
                "months_worked": 12,
                "active_in_emulation": True,
                "discipline": "none",
            }
        },
    }
    verdict = evaluate(kb, "lao_dong_tien_tien", facts)
    assert verdict.next is not None and verdict.next.award == "chien_si_thi_dua_co_so"
    assert verdict.to_json()["next"]["earliest_year"] == 2025


@pytest.mark.parametrize("text", ["12", "30", "hello world", "nha giao uu tu"])
def test_text_that_is_no_award_name_offers_no_award(kb: KnowledgeBase, text: str) -> None:
    """A number typed on the verdict screen must not become a Huân chương suggestion."""
    found = resolve_award(kb, text)
    assert isinstance(found, Ambiguous)
    assert found.candidates == ()
