"""Facts from the unit's records inside the interview (issue 12 item 4): each is listed with its
source, and each can be corrected or marked "Không rõ" for this interview only.

The records are built as the database rows they come from (`Subject`, `Rating`, `AwardRecord`)
and turned into facts and sources by the same functions the chat uses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.db.models import AwardRecord, Rating, Subject
from bot.eligibility import evaluate, parse_facts
from bot.eligibility.history import holds_title
from bot.interview.answers import take_answer
from bot.interview.flow import NodeId, next_screen
from bot.interview.prefill import facts_of
from bot.interview.records import sources_of
from bot.interview.state import Interview, from_flow, to_flow
from knowledge.loader import KnowledgeBase

AS_OF = dt.date(2026, 1, 15)
YEAR = 2025
CSTDCS = "chien_si_thi_dua_co_so"
LDTT = "lao_dong_tien_tien"
CSTD_TINH = "chien_si_thi_dua_bo_nganh_tinh"


def mai() -> tuple[Subject, list[Rating], list[AwardRecord]]:
    """Three CSTĐ cơ sở in a row (two with their decision), rated excellent, and a Bằng khen
    tỉnh of 2022 for 2021–2022."""
    person = Subject(id=1, unit_id=1, kind="individual", name="Nguyễn Thị Mai", is_leader=False)
    ratings = [
        Rating(subject_id=1, year=y, rating="hoan_thanh_xuat_sac") for y in (2023, 2024, 2025)
    ]
    records = [
        AwardRecord(subject_id=1, award=CSTDCS, year=2023, revoked=False),
        AwardRecord(
            subject_id=1, award=CSTDCS, year=2024, revoked=False,
            decision_no="112/QĐ-UBND", decided_on=dt.date(2025, 3, 4),
        ),
        AwardRecord(
            subject_id=1, award=CSTDCS, year=2025, revoked=False,
            decision_no="87/QĐ-UBND", decided_on=dt.date(2026, 1, 9),
        ),
        AwardRecord(
            subject_id=1, award="bang_khen_tinh", year=2022, revoked=False,
            decision_no="2001/QĐ-UBND", decided_on=dt.date(2022, 12, 20),
            achievement_from=2021, achievement_to=2022,
        ),
    ]
    return person, ratings, records


def interview_of(kb: KnowledgeBase, award: str = CSTD_TINH) -> Interview:
    person, ratings, records = mai()
    facts = facts_of(kb, person, ratings, records)
    return Interview(
        as_of=AS_OF, award=award, kind="individual", year=YEAR, can_prefill=True,
        unit_province="ha_noi",
    ).with_subject(1, person.name, facts, sources_of(kb, person, ratings, records))


def mark_unknown(kb: KnowledgeBase, interview: Interview, question_id: str) -> Interview:
    """"✏️ Sửa câu trả lời" → the record's number → "Không rõ"."""
    correcting = interview.correcting(question_id)
    step = next_screen(kb, correcting)
    assert step.node is NodeId.QUESTION and step.question is not None
    assert step.question.id == question_id
    return take_answer(kb, correcting, step.question, "unknown")


def test_every_recorded_fact_is_listed_with_its_source(kb: KnowledgeBase) -> None:
    interview = interview_of(kb)
    listed = dict(interview.prefilled())
    assert listed == {
        "rating_2025": "hoan_thanh_xuat_sac",
        "rating_2024": "hoan_thanh_xuat_sac",
        "rating_2023": "hoan_thanh_xuat_sac",
        f"title_{CSTDCS}_2025": "yes",
        f"title_{CSTDCS}_2024": "yes",
        f"title_{CSTDCS}_2023": "yes",
        "prior_award_bang_khen_tinh": 2022,
    }
    assert interview.source_of("rating_2024") == {"kind": "rating"}
    assert interview.source_of(f"title_{CSTDCS}_2023") == {"kind": "award_record"}
    assert interview.source_of(f"title_{CSTDCS}_2024") == {
        "kind": "decision", "decision_no": "112/QĐ-UBND", "decided_on": "2025-03-04",
    }
    assert interview.source_of("prior_award_bang_khen_tinh") == {
        "kind": "decision", "decision_no": "2001/QĐ-UBND", "decided_on": "2022-12-20",
        "from": 2021, "to": 2022,
    }


def test_sources_survive_storage(kb: KnowledgeBase) -> None:
    interview = interview_of(kb)
    assert from_flow(to_flow(interview, 3), AS_OF) == interview


def test_a_recorded_title_marked_unknown_is_unknown_and_nothing_else_changes(
    kb: KnowledgeBase,
) -> None:
    interview = interview_of(kb)
    changed = mark_unknown(kb, interview, f"title_{CSTDCS}_2024")
    facts = parse_facts(kb, changed.facts(kb))
    assert holds_title(facts, 2024, [CSTDCS]) is None
    assert holds_title(facts, 2025, [CSTDCS]) is True
    assert holds_title(facts, 2024, [LDTT]) is False  # the rest of the year's list stays known
    assert facts.year(2024).rating == "hoan_thanh_xuat_sac"
    # "Ba lần liên tục" now rests on an unknown year: ❔, never ❌.
    verdict = evaluate(kb, CSTD_TINH, changed.facts(kb), with_next=False)
    assert verdict.verdict == "needs_more_info"
    assert f"title_{CSTDCS}_2024" not in dict(changed.prefilled())


def test_other_titles_of_that_year_stay_held(kb: KnowledgeBase) -> None:
    person, ratings, records = mai()
    records.append(AwardRecord(subject_id=1, award=LDTT, year=2024, revoked=False))
    facts = facts_of(kb, person, ratings, records)
    interview = interview_of(kb).with_subject(1, person.name, facts, {})
    changed = mark_unknown(kb, interview, f"title_{CSTDCS}_2024")
    parsed = parse_facts(kb, changed.facts(kb))
    assert holds_title(parsed, 2024, [LDTT]) is True
    assert holds_title(parsed, 2024, [CSTDCS]) is None


def test_a_recorded_rating_marked_unknown_is_unknown(kb: KnowledgeBase) -> None:
    changed = mark_unknown(kb, interview_of(kb, LDTT), "rating_2025")
    assert parse_facts(kb, changed.facts(kb)).year(2025).rating is None


def test_a_recorded_award_marked_unknown_is_unknown(kb: KnowledgeBase) -> None:
    interview = interview_of(kb, "bang_khen_thu_tuong")
    changed = mark_unknown(kb, interview, "prior_award_bang_khen_tinh")
    verdict = evaluate(kb, "bang_khen_thu_tuong", changed.facts(kb), with_next=False)
    prior = [c for c in verdict.criteria if c.id == "prior_bang_khen"]
    assert prior and all(c.met is None for c in prior)
    # The titles of the records still count (one history).
    assert holds_title(parse_facts(kb, changed.facts(kb)), 2025, [CSTDCS]) is True


@pytest.mark.parametrize(
    ("question_id", "answer", "read"),
    [
        ("rating_2025", "hoan_thanh_tot", lambda f: f.year(2025).rating == "hoan_thanh_tot"),
        (f"title_{CSTDCS}_2024", "no", lambda f: holds_title(f, 2024, [CSTDCS]) is False),
    ],
)
def test_a_recorded_fact_can_be_corrected(
    kb: KnowledgeBase, question_id: str, answer: Any, read: Any
) -> None:
    interview = interview_of(kb)
    correcting = interview.correcting(question_id)
    step = next_screen(kb, correcting)
    assert step.question is not None and step.question.id == question_id
    changed = take_answer(kb, correcting, step.question, answer)
    assert read(parse_facts(kb, changed.facts(kb)))
    assert interview.prefill == changed.prefill  # the copy of the records is untouched


def test_recorded_initiatives_are_listed_as_counts(kb: KnowledgeBase) -> None:
    prefill = {
        "subject": {"kind": "individual"},
        "years": {"2025": {"initiatives": [{"scope": "co_so"}, {"scope": "co_so"},
                                           {"scope": "bo_nganh_tinh"}]}},
    }
    interview = Interview(as_of=AS_OF, award=CSTD_TINH, kind="individual", year=YEAR,
                          prefill=prefill, subject_done=True)
    assert dict(interview.prefilled()) == {"initiatives_2025": "co_so:2,bo_nganh_tinh:1"}
    changed = mark_unknown(kb, interview, "initiatives_2025")
    assert parse_facts(kb, changed.facts(kb)).year(2025).initiatives is None


def test_the_recorded_category_is_listed_and_can_be_marked_unknown(kb: KnowledgeBase) -> None:
    person, ratings, records = mai()
    person.category = "cong_chuc"
    facts = facts_of(kb, person, ratings, records)
    sources = sources_of(kb, person, ratings, records)
    interview = interview_of(kb, "bang_khen_tinh").with_subject(1, person.name, facts, sources)
    assert ("subject_category", "cong_chuc") in interview.prefilled()
    assert interview.source_of("subject_category") == {"kind": "subject"}
    changed = mark_unknown(kb, interview, "subject_category")
    assert parse_facts(kb, changed.facts(kb)).subject.category is None
    assert person.category == "cong_chuc"  # the record itself is not touched
