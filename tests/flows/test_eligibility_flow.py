"""The eligibility interview, node by node: given a state, which node (and question) comes next.

Written in the flow's own words: `given(...)` builds the stored state, `assert_next(...)` names
the node the officer sees. The consideration date is pinned; the evaluation year is the year
before it, as in the year-end nomination season.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given as hypothesis_given
from hypothesis import settings
from hypothesis import strategies as st

from bot.conversation.sessions import load_flow, update_flow
from bot.db.session import Database
from bot.interview.answers import take_answer, take_year
from bot.interview.flow import GOES_TO, MAX_QUESTIONS_ALL, NodeId, Screen, mermaid, next_screen
from bot.interview.state import ALL_AWARDS, Candidate, Interview, from_flow, to_flow
from knowledge.loader import KnowledgeBase

AS_OF = dt.date(2026, 1, 15)
YEAR = 2025
LDTT = "lao_dong_tien_tien"
CSTD_TINH = "chien_si_thi_dua_bo_nganh_tinh"
COLLECTIVE = "tap_the_lao_dong_tien_tien"
MAX_STEPS = 40
DIAGRAM = Path(__file__).resolve().parents[2] / "docs" / "flows" / "eligibility.mmd"
# No discipline, nothing under review.
CLEAN = {"pending_investigation": "no", f"discipline_{YEAR}": "none"}
# A Lao động tiên tiến interview answered so that every criterion holds.
LDTT_ALL_GOOD = {
    "pending_investigation": "no",
    f"discipline_{YEAR}": "none",
    f"rating_{YEAR}": "hoan_thanh_tot",
    f"active_in_emulation_{YEAR}": "yes",
    f"months_worked_{YEAR}": 12,
}


# The officer's unit is in a province without a pack: national rules, the province is not asked
# (issue 11 item 9; the province question has its own tests below).
UNIT_PROVINCE = "ha_noi"


def given(answers: dict[str, Any] | None = None, **state: Any) -> Interview:
    """An interview on AS_OF; `answers` in the order the officer gave them."""
    state.setdefault("unit_province", UNIT_PROVINCE)
    return Interview(as_of=AS_OF, answers=tuple((answers or {}).items()), **state)


def at_questions(award: str = LDTT, kind: str = "individual", **state: Any) -> Interview:
    """Award, kind and year chosen: the interview is past its set-up nodes."""
    return given(award=award, kind=kind, year=YEAR, **state)


def assert_next(
    kb: KnowledgeBase, interview: Interview, node: NodeId, question: str | None = None
) -> Screen:
    step = next_screen(kb, interview)
    assert step.node is node, f"expected {node}, got {step.node} ({step.question})"
    if question is not None:
        assert step.question is not None and step.question.id == question
    return step


def answer(kb: KnowledgeBase, interview: Interview, value: Any) -> Interview:
    """The officer answers the question now shown."""
    step = next_screen(kb, interview)
    assert step.question is not None, f"no question to answer at {step.node}"
    return take_answer(kb, interview, step.question, value)


def reach(kb: KnowledgeBase, interview: Interview, question_id: str) -> Interview:
    """Answer "có" to yes/no questions and "không rõ" to the rest until `question_id` shows
    (start from a clean record so that "có" does not end the interview)."""
    for _ in range(MAX_STEPS):
        step = next_screen(kb, interview)
        assert step.question is not None, f"{question_id} never asked; ended at {step.node}"
        if step.question.id == question_id:
            return interview
        interview = answer(kb, interview, "yes" if step.question.answer == "yes_no" else "unknown")
    raise AssertionError(f"{question_id} not asked within {MAX_STEPS} answers")


# ── set-up nodes ──────────────────────────────────────────────────────────────────────────


def test_a_new_interview_asks_for_the_award(kb: KnowledgeBase) -> None:
    assert_next(kb, given(), NodeId.AWARD)


def test_what_can_this_person_get_asks_individual_or_collective(kb: KnowledgeBase) -> None:
    assert_next(kb, given(award=ALL_AWARDS), NodeId.KIND)
    assert_next(kb, given(award=ALL_AWARDS, kind="collective"), NodeId.YEAR)


def test_a_named_award_never_asks_the_kind(kb: KnowledgeBase) -> None:
    assert_next(kb, given(award=LDTT, kind="individual"), NodeId.YEAR)


def test_a_registered_officer_is_asked_who_the_nominee_is(kb: KnowledgeBase) -> None:
    assert_next(kb, given(award=LDTT, kind="individual", can_prefill=True), NodeId.SUBJECT)
    offered = (Candidate("7", "Nguyễn Thị Mai"), Candidate("9", "Nguyễn Thị Mây"))
    several = given(award=LDTT, can_prefill=True, offered=offered, offered_for="subject")
    assert_next(kb, several, NodeId.SUBJECT)


def test_once_the_nominee_is_chosen_or_skipped_the_year_comes(kb: KnowledgeBase) -> None:
    assert_next(kb, given(award=LDTT, can_prefill=True, subject_done=True), NodeId.YEAR)


def test_a_guest_is_not_asked_who_the_nominee_is(kb: KnowledgeBase) -> None:
    assert_next(kb, given(award=LDTT, kind="individual", can_prefill=False), NodeId.YEAR)


def test_a_guest_is_asked_the_province_first_when_a_pack_touches_the_award(
    kb: KnowledgeBase,
) -> None:
    guest = at_questions(unit_province=None)
    assert_next(kb, guest, NodeId.QUESTION, "province")
    after = answer(kb, guest, "unknown")
    assert_next(kb, after, NodeId.QUESTION, "pending_investigation")


def test_an_officer_of_a_bac_ninh_unit_is_never_asked_the_province(kb: KnowledgeBase) -> None:
    officer = at_questions(unit_province="bac_ninh")
    assert_next(kb, officer, NodeId.QUESTION, "pending_investigation")
    assert officer.facts(kb)["subject"]["province"] == "bac_ninh"


def test_no_province_question_for_an_award_no_pack_touches(kb: KnowledgeBase) -> None:
    assert_next(kb, at_questions(CSTD_TINH, unit_province=None), NodeId.QUESTION,
                "pending_investigation")


def test_the_deployment_province_is_not_asked_either(kb: KnowledgeBase) -> None:
    step = next_screen(kb, at_questions(unit_province=None), "bac_ninh")
    assert step.question is not None and step.question.id == "pending_investigation"


def test_choosing_a_year_leads_to_the_first_question(kb: KnowledgeBase) -> None:
    chosen = take_year(given(award=LDTT, kind="individual"), YEAR)
    assert chosen.year == YEAR and chosen.error is None
    assert_next(kb, chosen, NodeId.QUESTION)


@pytest.mark.parametrize("year", [AS_OF.year + 1, AS_OF.year - 11, None])
def test_a_year_outside_the_last_ten_keeps_the_year_question(
    kb: KnowledgeBase, year: int | None
) -> None:
    before = given(award=LDTT, kind="individual")
    after = take_year(before, year)
    assert after.error == "year_out_of_range"
    assert dict(after.error_params) == {"low": AS_OF.year - 10, "high": AS_OF.year}
    assert after.year is None
    assert_next(kb, after, NodeId.YEAR)


# ── questions ─────────────────────────────────────────────────────────────────────────────


def test_the_first_question_for_a_known_award_with_no_facts(kb: KnowledgeBase) -> None:
    # Discipline under review blocks every award, so it is asked first.
    assert_next(kb, at_questions(), NodeId.QUESTION, "pending_investigation")


@pytest.mark.parametrize(
    ("answered", "then"),
    [
        pytest.param({}, "pending_investigation", id="nothing yet"),
        pytest.param({"pending_investigation": "no"}, f"discipline_{YEAR}", id="after yes/no"),
        pytest.param(
            {"pending_investigation": "no", f"discipline_{YEAR}": "none"},
            f"rating_{YEAR}",
            id="after a choice",
        ),
        pytest.param(
            {
                "pending_investigation": "no",
                f"discipline_{YEAR}": "none",
                f"rating_{YEAR}": "hoan_thanh_tot",
            },
            f"active_in_emulation_{YEAR}",
            id="after a rating",
        ),
        pytest.param(
            {
                "pending_investigation": "no",
                f"discipline_{YEAR}": "none",
                f"rating_{YEAR}": "hoan_thanh_tot",
                f"active_in_emulation_{YEAR}": "yes",
            },
            f"months_worked_{YEAR}",
            id="after another yes/no",
        ),
    ],
)
def test_the_next_question_after_each_answer(
    kb: KnowledgeBase, answered: dict[str, Any], then: str
) -> None:
    assert_next(kb, at_questions(answers=answered), NodeId.QUESTION, then)


def test_a_number_answer_completes_the_interview(kb: KnowledgeBase) -> None:
    almost = {k: v for k, v in LDTT_ALL_GOOD.items() if not k.startswith("months")}
    done = answer(kb, at_questions(answers=almost), "12")
    assert done.error is None
    assert_next(kb, done, NodeId.RESULT)


def test_a_year_answer_leads_to_the_next_question(kb: KnowledgeBase) -> None:
    # Three CSTĐ cơ sở titles in a row count from the last time this title was awarded.
    interview = reach(kb, at_questions(award=CSTD_TINH, answers=CLEAN), f"prior_award_{CSTD_TINH}")
    for value in ("never", str(YEAR - 5)):
        after = answer(kb, interview, value)
        assert after.error is None
        step = next_screen(kb, after)
        assert step.question is None or step.question.id != f"prior_award_{CSTD_TINH}"


def test_an_answered_unknown_is_not_asked_again(kb: KnowledgeBase) -> None:
    unsure = answer(kb, at_questions(), "unknown")
    assert unsure.answers == (("pending_investigation", "unknown"),)
    assert_next(kb, unsure, NodeId.QUESTION, f"discipline_{YEAR}")


def test_every_question_answered_unknown_still_ends_in_a_result(kb: KnowledgeBase) -> None:
    interview = at_questions()
    for _ in range(MAX_STEPS):
        if next_screen(kb, interview).node is NodeId.RESULT:
            break
        interview = answer(kb, interview, "unknown")
    assert_next(kb, interview, NodeId.RESULT)


def test_nothing_missing_gives_the_result(kb: KnowledgeBase) -> None:
    assert_next(kb, at_questions(answers=LDTT_ALL_GOOD), NodeId.RESULT)


def test_a_failing_answer_goes_straight_to_the_result(kb: KnowledgeBase) -> None:
    # Rated "hoàn thành nhiệm vụ": no later answer can make this Lao động tiên tiến.
    failing = {"pending_investigation": "no", f"discipline_{YEAR}": "none"}
    failing[f"rating_{YEAR}"] = "hoan_thanh"
    assert_next(kb, at_questions(answers=failing), NodeId.RESULT)


def test_what_can_this_person_get_stops_after_its_question_budget(kb: KnowledgeBase) -> None:
    interview = given(award=ALL_AWARDS, kind="individual", year=YEAR)
    asked = 0
    while next_screen(kb, interview).node is NodeId.QUESTION:
        interview = answer(kb, interview, "unknown")
        asked += 1
    assert 0 < asked <= MAX_QUESTIONS_ALL
    assert_next(kb, interview, NodeId.RESULT)


def test_a_collective_is_asked_about_its_members(kb: KnowledgeBase) -> None:
    interview = at_questions(award=COLLECTIVE, kind="collective")
    seen = []
    while (step := next_screen(kb, interview)).node is NodeId.QUESTION:
        assert step.question is not None
        seen.append(step.question.id)
        interview = answer(kb, interview, "unknown")
    assert f"members_total_{YEAR}" in seen
    assert f"members_lao_dong_tien_tien_{YEAR}" in seen
    assert f"rating_{YEAR}" in seen


# ── changing an answer ───────────────────────────────────────────────────────────────────


def test_removing_an_answer_brings_that_question_back(kb: KnowledgeBase) -> None:
    finished = at_questions(answers=LDTT_ALL_GOOD)
    rating_index = list(LDTT_ALL_GOOD).index(f"rating_{YEAR}")
    reopened = finished.without_answer(rating_index)
    assert_next(kb, reopened, NodeId.QUESTION, f"rating_{YEAR}")
    changed = answer(kb, reopened, "hoan_thanh")
    assert dict(changed.answers)[f"rating_{YEAR}"] == "hoan_thanh"
    assert_next(kb, changed, NodeId.RESULT)


def test_an_answer_can_be_changed_even_when_the_verdict_is_already_settled(
    kb: KnowledgeBase,
) -> None:
    # Not eligible because of the rating; the officer still wants to correct the first answer.
    settled = at_questions(
        answers={
            "pending_investigation": "no",
            f"discipline_{YEAR}": "none",
            f"rating_{YEAR}": "hoan_thanh",
        }
    )
    assert_next(kb, settled, NodeId.RESULT)
    reopened = settled.without_answer(0)
    assert_next(kb, reopened, NodeId.QUESTION, "pending_investigation")
    corrected = answer(kb, reopened, "yes")
    assert dict(corrected.answers)["pending_investigation"] == "yes"
    assert_next(kb, corrected, NodeId.RESULT)


def test_another_award_keeps_the_answers_and_asks_for_the_award(kb: KnowledgeBase) -> None:
    finished = at_questions(answers=LDTT_ALL_GOOD)
    again = finished.for_another_award()
    assert_next(kb, again, NodeId.AWARD)
    assert again.answers == finished.answers and again.year == YEAR


# ── bad input keeps the question ─────────────────────────────────────────────────────────


def _months_question() -> Interview:
    return at_questions(answers={k: v for k, v in LDTT_ALL_GOOD.items() if "months" not in k})


@pytest.mark.parametrize(
    ("typed", "error", "params"),
    [
        pytest.param("14", "answer_out_of_range", {"min": 0, "max": 12}, id="14 months"),
        pytest.param("-1", "answer_out_of_range", {"min": 0, "max": 12}, id="negative"),
        pytest.param("abc", "answer_not_a_number", {}, id="not a number"),
    ],
)
def test_an_impossible_number_keeps_the_question_with_an_error(
    kb: KnowledgeBase, typed: str, error: str, params: dict[str, Any]
) -> None:
    before = _months_question()
    after = answer(kb, before, typed)
    assert after.error == error
    assert dict(after.error_params) == params
    assert after.answers == before.answers
    assert_next(kb, after, NodeId.QUESTION, f"months_worked_{YEAR}")
    assert answer(kb, after, "12").error is None  # the next good answer clears the error


def test_a_future_year_keeps_the_question(kb: KnowledgeBase) -> None:
    interview = reach(kb, at_questions(award=CSTD_TINH, answers=CLEAN), f"prior_award_{CSTD_TINH}")
    after = answer(kb, interview, str(AS_OF.year + 1))
    assert after.error == "answer_future_year"
    assert_next(kb, after, NodeId.QUESTION, f"prior_award_{CSTD_TINH}")


def test_an_option_that_does_not_exist_keeps_the_question(kb: KnowledgeBase) -> None:
    at_rating = at_questions(answers={"pending_investigation": "no", f"discipline_{YEAR}": "none"})
    after = answer(kb, at_rating, "gioi")
    assert after.error == "answer_invalid_choice"
    assert_next(kb, after, NodeId.QUESTION, f"rating_{YEAR}")


def test_more_titled_members_than_members_keeps_the_question(kb: KnowledgeBase) -> None:
    interview = at_questions(award=COLLECTIVE, kind="collective")
    while (step := next_screen(kb, interview)).question is not None:
        qid = step.question.id
        if qid == f"members_lao_dong_tien_tien_{YEAR}":
            break
        interview = answer(kb, interview, "30" if qid == f"members_total_{YEAR}" else "unknown")
    after = answer(kb, interview, "35")
    assert after.error == "answer_out_of_range"
    assert after.error_params["max"] == 30
    assert_next(kb, after, NodeId.QUESTION, f"members_lao_dong_tien_tien_{YEAR}")


# ── the declared flow and its diagram ────────────────────────────────────────────────────


def test_a_whole_interview_only_takes_declared_edges(kb: KnowledgeBase) -> None:
    interview = given(can_prefill=True)
    path = [next_screen(kb, interview).node]
    moves = [
        lambda i: i.with_award(LDTT, "individual"),
        lambda i: i.with_subject(None, None, {}),
        lambda i: take_year(i, YEAR),
        *[lambda i, v=v: answer(kb, i, v) for v in LDTT_ALL_GOOD.values()],
        lambda i: i.without_answer(0),
        lambda i: answer(kb, i, "no"),
        lambda i: i.for_another_award(),
    ]
    for move in moves:
        interview = move(interview)
        path.append(next_screen(kb, interview).node)
    for source, target in itertools.pairwise(path):
        assert target in GOES_TO[source], f"{source} -> {target} is not declared"
    assert path[-1] is NodeId.AWARD and NodeId.RESULT in path


def test_the_diagram_shows_every_node_and_every_edge() -> None:
    diagram = mermaid()
    for node in NodeId:
        assert node.value in diagram
    lines = {" ".join(line.split()) for line in diagram.splitlines()}
    for source, targets in GOES_TO.items():
        for target in targets:
            assert any(
                line.startswith(f"{source.value} -->") and line.endswith(f" {target.value}")
                for line in lines
            ), f"edge {source} -> {target} missing"


def test_the_committed_diagram_is_up_to_date() -> None:
    assert DIAGRAM.read_text(encoding="utf-8") == mermaid(), (
        "docs/flows/eligibility.mmd is stale: regenerate it from bot.interview.flow.mermaid()"
    )


# ── storage ──────────────────────────────────────────────────────────────────────────────

RICH = Interview(
    as_of=AS_OF,
    award=CSTD_TINH,
    kind="individual",
    year=YEAR,
    subject_done=True,
    subject_id=42,
    subject_name="Nguyễn Thị Mai",
    prefill={"years": {str(YEAR): {"rating": "hoan_thanh_xuat_sac", "titles": []}}},
    answers=(("pending_investigation", "no"), (f"months_worked_{YEAR}", 12)),
    editing=f"rating_{YEAR}",
    offered=(Candidate("bang_khen_tinh", "Bằng khen tỉnh"),),
    offered_for="award",
    can_prefill=True,
    error="answer_out_of_range",
    error_params={"min": 0, "max": 12},
)


def test_storage_round_trip_keeps_everything() -> None:
    assert from_flow(to_flow(RICH, 3), AS_OF + dt.timedelta(days=30)) == RICH
    assert from_flow(to_flow(given(), 0), AS_OF) == given()


answers_strategy = st.lists(
    st.tuples(
        st.sampled_from([*list(LDTT_ALL_GOOD), "prior_award_giay_khen"]),
        st.one_of(st.sampled_from(["yes", "no", "unknown", "never"]), st.integers(0, 2030)),
    ),
    max_size=6,
    unique_by=lambda item: item[0],
)


@settings(max_examples=50, deadline=None)
@hypothesis_given(
    award=st.one_of(st.none(), st.sampled_from([LDTT, CSTD_TINH, ALL_AWARDS])),
    year=st.one_of(st.none(), st.integers(2015, 2026)),
    answers=answers_strategy,
    error=st.one_of(st.none(), st.just("year_out_of_range")),
)
def test_any_interview_survives_storage(
    award: str | None, year: int | None, answers: list[tuple[str, Any]], error: str | None
) -> None:
    interview = Interview(as_of=AS_OF, award=award, year=year, answers=tuple(answers), error=error)
    assert from_flow(to_flow(interview, 1), AS_OF) == interview


async def test_an_interview_saved_in_the_database_comes_back_the_same(
    db: Database, pinned_now: dt.datetime
) -> None:
    """What a restart (or another instance) reads back is the interview that was saved."""
    await update_flow(db, 5, 5, "eligibility", lambda _: to_flow(RICH, 0), pinned_now)
    stored = await load_flow(db, 5, 5, "eligibility")
    assert stored is not None
    assert from_flow(stored, AS_OF) == RICH


def test_what_can_a_person_get_after_a_school_starts_from_a_clean_subject(
    kb: KnowledgeBase,
) -> None:
    """B20: after a verdict for a collective, "Xét hình thức khác" → all awards → individual
    must not reuse the school's name, record or answers."""
    school = at_questions(
        award="tap_the_lao_dong_xuat_sac",
        kind="collective",
        subject_done=True,
        subject_id=7,
        subject_name="Trường THPT Nguyễn Trãi",
        prefill={"subject": {"kind": "collective"}},
    ).with_award("tap_the_lao_dong_xuat_sac", "collective")
    school = take_answer(kb, school, next_screen(kb, school).question, "no")  # type: ignore[arg-type]
    assert school.answers
    person = school.for_another_award().with_award(ALL_AWARDS, None)
    assert_next(kb, person, NodeId.KIND)
    person = person.with_award(ALL_AWARDS, "individual")
    assert person.subject_name is None and not person.prefill and not person.answers
    same_kind = school.for_another_award().with_award(ALL_AWARDS, None)
    same_kind = same_kind.with_award(ALL_AWARDS, "collective")
    assert same_kind.subject_name == "Trường THPT Nguyễn Trãi" and same_kind.answers
