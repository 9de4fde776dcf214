"""The basis of an earlier award (issue 12 item 3; Decree 152/2025 Art. 4.3): only a công trạng
award grounds the next merit award or restarts its count. A chuyên đề or đột xuất award does
neither; an award of unknown basis leaves a criterion unknown (❔, the basis asked) only where
the basis changes its answer, never "no" (ADR 018)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.conversation.sessions import FlowState
from bot.db.models import AwardRecord, Rating, Subject
from bot.eligibility import FactsError, evaluate, parse_facts, question_by_id, questions_for
from bot.interview.answers import take_answer
from bot.interview.flow import NodeId, next_screen
from bot.interview.prefill import facts_of
from bot.interview.records import sources_of
from bot.interview.state import Interview, from_flow
from knowledge.loader import KnowledgeBase, load_knowledge

HCLD3 = "huan_chuong_lao_dong_hang_ba"
BKTT = "bang_khen_thu_tuong"
CSTDCS = "chien_si_thi_dua_co_so"
CASES = Path(__file__).parents[1] / "cases" / f"{HCLD3}.yaml"
AS_OF = dt.date(2026, 12, 7)


def base() -> dict[str, Any]:
    """Five good years after a Bằng khen Thủ tướng for 2015–2019, one excellent, three CSTĐ cơ
    sở: eligible for the Huân chương Lao động hạng Ba when that Bằng khen is công trạng."""
    facts = yaml.safe_load(CASES.read_text(encoding="utf-8"))["base"]
    facts["as_of"] = str(facts["as_of"])
    return copy.deepcopy(facts)


def bktt(year: int, basis: str | None = None, start: int | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {"award": BKTT, "year": year}
    if basis is not None:
        record["basis"] = basis
    if start is not None:
        record["achievement_period"] = {"from": start, "to": year}
    return record


def met(verdict: Any, criterion: str) -> bool | None:
    return next(c.met for c in verdict.criteria if c.id == criterion)


# ── the engine ──────────────────────────────────────────────────────────────────────────────


def test_a_chuyen_de_bang_khen_thu_tuong_does_not_ground_the_labour_order(
    kb: KnowledgeBase,
) -> None:
    facts = {**base(), "awards": [bktt(2019, "chuyen_de", 2015)]}
    verdict = evaluate(kb, HCLD3, facts, with_next=False)
    assert verdict.verdict == "not_eligible"
    assert met(verdict, "prior_bk_ttg") is False
    assert evaluate(kb, HCLD3, base(), with_next=False).verdict == "eligible"


def test_an_unknown_basis_is_a_question_never_a_no(kb: KnowledgeBase) -> None:
    facts = {**base(), "awards": [bktt(2019, None, 2015)]}
    verdict = evaluate(kb, HCLD3, facts, with_next=False)
    assert verdict.verdict == "needs_more_info"
    assert met(verdict, "prior_bk_ttg") is None
    assert "awards" in verdict.missing
    assert verdict.asks[0] == f"award_history.{BKTT}.2019.basis"
    question = questions_for(kb, HCLD3, facts)[0]
    assert question.id == f"award_basis_{BKTT}_2019"
    assert set(question.options) == {"cong_trang", "chuyen_de", "dot_xuat"}


def test_a_chuyen_de_award_does_not_restart_the_count(kb: KnowledgeBase) -> None:
    """A công trạng Bằng khen for 2015–2019, then a chuyên đề one for 2023: the five years
    still count from 2020. Had the 2023 one been công trạng, they would count from 2024."""
    later = {**base(), "awards": [bktt(2019, "cong_trang", 2015), bktt(2023, "chuyen_de")]}
    assert evaluate(kb, HCLD3, later, with_next=False).verdict == "eligible"
    restarted = {**base(), "awards": [bktt(2019, "cong_trang", 2015), bktt(2023, "cong_trang")]}
    assert met(evaluate(kb, HCLD3, restarted, with_next=False), "good_five_years") is not True
    unknown = {**base(), "awards": [bktt(2019, "cong_trang", 2015), bktt(2023)]}
    verdict = evaluate(kb, HCLD3, unknown, with_next=False)
    assert verdict.verdict == "needs_more_info"
    assert verdict.asks[0] == f"award_history.{BKTT}.2023.basis"


def test_a_basis_that_changes_nothing_is_not_asked(kb: KnowledgeBase) -> None:
    """An earlier Bằng khen tỉnh of unknown basis does not matter to the Labour Order."""
    facts = {**base(), "awards": [bktt(2019, "cong_trang", 2015),
                                  {"award": "bang_khen_tinh", "year": 2017}]}
    verdict = evaluate(kb, HCLD3, facts, with_next=False)
    assert verdict.verdict == "eligible"
    assert not any(".basis" in ask for ask in verdict.asks)


def test_award_history_entries_carry_a_basis(kb: KnowledgeBase) -> None:
    """`award_history` (the interview's facts): a bare year is a year of unknown basis; an
    entry may state the basis, and `earlier_known: false` on a chuyên đề one leaves the công
    trạng awards before it unknown."""
    facts = {**base(), "awards": None}

    def judge(entries: list[Any]) -> Any:
        history = {BKTT: entries, HCLD3: []}
        return evaluate(kb, HCLD3, {**facts, "award_history": history}, with_next=False)

    assert judge([{"year": 2019, "basis": "cong_trang"}]).verdict == "eligible"
    legacy = judge([2019])
    assert legacy.verdict == "needs_more_info"
    assert legacy.asks[0] == f"award_history.{BKTT}.2019.basis"
    assert judge([{"year": 2019, "basis": "chuyen_de"}]).verdict == "not_eligible"
    opened = judge([{"year": 2019, "basis": "chuyen_de", "earlier_known": False}])
    assert opened.verdict == "needs_more_info"
    assert opened.asks == (f"award_history.{BKTT}.2019.merit_before",)
    closed = judge([{"year": 2021, "basis": "dot_xuat"}, {"year": 2019, "basis": "cong_trang"}])
    assert closed.verdict == "eligible"


def test_a_bad_history_entry_names_its_field(kb: KnowledgeBase) -> None:
    with pytest.raises(FactsError) as error:
        parse_facts(kb, {**base(), "award_history": {BKTT: [{"year": 2019, "basis": "x"}]}})
    assert [i.field for i in error.value.issues] == [f"award_history.{BKTT}.0.basis"]


# ── the interview ───────────────────────────────────────────────────────────────────────────


def interview() -> Interview:
    """A guest's interview for the Labour Order, evaluation year 2025."""
    return Interview(as_of=AS_OF, award=HCLD3, kind="individual", year=2025, subject_done=True)


def run(kb: KnowledgeBase, answers: dict[str, Any]) -> tuple[Interview, list[str]]:
    """Answer from `answers` by question id prefix (the first that matches), "Không rõ"
    otherwise, until the verdict; the interview and the question ids asked."""
    current = interview()
    asked: list[str] = []
    for _ in range(40):
        step = next_screen(kb, current)
        if step.node is not NodeId.QUESTION or step.question is None:
            break
        spec = step.question
        asked.append(spec.id)
        answer = next((a for prefix, a in answers.items() if spec.id.startswith(prefix)), "unknown")
        current = take_answer(kb, current, spec, answer)
        assert current.error is None, (spec.id, current.error)
    return current, asked


CLEAN = {
    "pending_investigation": "no",
    "discipline_": "none",
    "province": "unknown",
    f"prior_award_{HCLD3}": "never",
    "rating_": "hoan_thanh_xuat_sac",
    "title_": "yes",
    "other_": "no",
}


def test_the_basis_is_asked_right_after_the_year_and_a_typed_chuyen_de_counts(
    kb: KnowledgeBase,
) -> None:
    answers = {**CLEAN, f"prior_award_{BKTT}": "2022", f"award_basis_{BKTT}": "chuyen de",
               f"prior_merit_award_{BKTT}": "chưa từng được tặng theo công trạng"}
    done, asked = run(kb, answers)
    at = asked.index(f"prior_award_{BKTT}")
    assert asked[at + 1 : at + 3] == [f"award_basis_{BKTT}_2022", f"prior_merit_award_{BKTT}_2022"]
    verdict = evaluate(kb, HCLD3, done.facts(kb), AS_OF, with_next=False)
    assert verdict.verdict == "not_eligible"
    assert met(verdict, "prior_bk_ttg") is False


def test_a_chuyen_de_award_with_an_earlier_cong_trang_one_counts_from_that_one(
    kb: KnowledgeBase,
) -> None:
    answers = {**CLEAN, f"prior_award_{BKTT}": "2022", f"award_basis_{BKTT}": "Chuyên đề",
               f"prior_merit_award_{BKTT}": "2018"}
    done, _ = run(kb, answers)
    verdict = evaluate(kb, HCLD3, done.facts(kb), AS_OF, with_next=False)
    assert verdict.verdict == "eligible"
    # Công trạng in 2022 instead: three years after it can never hold five.
    cong_trang, _ = run(kb, {**answers, f"award_basis_{BKTT}": "cong trang"})
    assert evaluate(kb, HCLD3, cong_trang.facts(kb), AS_OF, with_next=False).verdict != "eligible"


def test_khong_ro_to_the_basis_is_unknown_with_the_question_named(kb: KnowledgeBase) -> None:
    answers = {**CLEAN, f"prior_award_{BKTT}": "2022", f"award_basis_{BKTT}": "khong ro"}
    done, asked = run(kb, answers)
    assert f"award_basis_{BKTT}_2022" in asked
    verdict = evaluate(kb, HCLD3, done.facts(kb), AS_OF, with_next=False)
    assert verdict.verdict == "needs_more_info"
    assert met(verdict, "prior_bk_ttg") is None
    assert f"award_history.{BKTT}.2022.basis" in verdict.asks


def test_a_later_year_for_the_same_award_asks_its_basis_again(kb: KnowledgeBase) -> None:
    """Changing the year of the award asks the basis of that award (the old answer was about
    another one); answering the same year again keeps the basis given."""
    answers = {**CLEAN, f"prior_award_{BKTT}": "2022", f"award_basis_{BKTT}": "cong_trang"}
    done, _ = run(kb, answers)
    index = done.answered_ids.index(f"prior_award_{BKTT}")
    again = done.without_answer(index)
    spec = next_screen(kb, again).question
    assert spec is not None and spec.id == f"prior_award_{BKTT}"
    same = take_answer(kb, again, spec, "2022")
    parsed = parse_facts(kb, same.facts(kb))
    assert parsed.history_records[BKTT][0].basis == "cong_trang"
    moved = take_answer(kb, again, spec, "2016")
    step = next_screen(kb, moved)
    assert step.question is not None and step.question.id == f"award_basis_{BKTT}_2016"


def test_an_interview_saved_before_the_basis_question_resumes_with_it(
    kb: KnowledgeBase,
) -> None:
    """A stored interview whose last answer is the year of the Bằng khen (the bare year the
    interview used to store) resumes on the basis question."""
    saved = FlowState(
        answers={
            "award": HCLD3, "kind": "individual", "year": 2025, "subject_done": True,
            "questions": [["pending_investigation", "no"], ["discipline_2025", "none"],
                          [f"prior_award_{HCLD3}", "never"], [f"prior_award_{BKTT}", 2022]],
        },
        as_of=AS_OF,
        data={},
        version=7,
    )
    resumed = from_flow(saved, AS_OF)
    step = next_screen(kb, resumed)
    assert step.question is not None and step.question.id == f"award_basis_{BKTT}_2022"


def test_a_recorded_basis_is_listed_with_its_decision_and_can_be_corrected(
    kb: KnowledgeBase,
) -> None:
    person = Subject(id=1, unit_id=1, kind="individual", name="Lê Văn Hùng", is_leader=False)
    ratings = [Rating(subject_id=1, year=y, rating="hoan_thanh_tot") for y in range(2020, 2026)]
    records = [
        AwardRecord(subject_id=1, award=CSTDCS, year=y, revoked=False) for y in (2021, 2023, 2025)
    ] + [
        AwardRecord(subject_id=1, award=BKTT, year=2019, revoked=False, basis="cong_trang",
                    decision_no="15/QĐ-TTg", decided_on=dt.date(2020, 1, 6),
                    achievement_from=2015, achievement_to=2019),
    ]
    ratings[2] = Rating(subject_id=1, year=2022, rating="hoan_thanh_xuat_sac")
    facts = facts_of(kb, person, ratings, records)
    start = Interview(
        as_of=AS_OF, award=HCLD3, kind="individual", year=2025, can_prefill=True,
    ).with_subject(1, person.name, facts, sources_of(kb, person, ratings, records))
    assert dict(start.prefilled())[f"award_basis_{BKTT}_2019"] == "cong_trang"
    assert start.source_of(f"award_basis_{BKTT}_2019") == {
        "kind": "decision", "decision_no": "15/QĐ-TTg", "decided_on": "2020-01-06",
        "from": 2015, "to": 2019,
    }
    correcting = start.correcting(f"award_basis_{BKTT}_2019")
    spec = next_screen(kb, correcting).question
    assert spec is not None and spec.id == f"award_basis_{BKTT}_2019"
    corrected = take_answer(kb, correcting, spec, "chuyen_de")
    verdict = evaluate(kb, HCLD3, corrected.facts(kb), AS_OF, with_next=False)
    assert met(verdict, "prior_bk_ttg") is False  # for this interview only
    assert records[-1].basis == "cong_trang"
    unknown = take_answer(kb, correcting, spec, "unknown")
    assert met(evaluate(kb, HCLD3, unknown.facts(kb), AS_OF, with_next=False),
               "prior_bk_ttg") is None


def test_the_merit_award_before_cannot_come_after(kb: KnowledgeBase) -> None:
    spec = question_by_id(kb, f"prior_merit_award_{BKTT}_2022")
    assert spec is not None
    current = interview()
    assert take_answer(kb, current, spec, "2024").error == "answer_year_after"
    assert take_answer(kb, current, spec, "2018").error is None



def test_a_verdict_does_not_depend_on_the_awards_judged_before_on_the_same_facts(
    kb: KnowledgeBase,
) -> None:
    """The counting window of each reading of an award of unknown basis is its own: judging the
    other awards first (as "Có thể được khen gì?" does) once left the công trạng reading's
    window in place for the other reading, and a ❔ became a false ❌."""
    facts: dict[str, Any] = {
        "as_of": "2026-07-15", "subject": {"kind": "individual"},
        "years": {
            "2018": {"rating": "khong_hoan_thanh", "months_worked": 5,
                     "titles": ["lao_dong_tien_tien", {"award": CSTDCS}]},
            "2020": {"rating": "khong_hoan_thanh", "months_worked": 5,
                     "active_in_emulation": True, "discipline": "none",
                     "titles": ["lao_dong_tien_tien", {"award": CSTDCS, "route": "htxs"}]},
            "2021": {"rating": "hoan_thanh_xuat_sac", "months_worked": 7,
                     "active_in_emulation": True, "discipline": "none",
                     "titles": [{"award": CSTDCS}]},
            "2022": {"rating": "hoan_thanh", "months_worked": 5, "active_in_emulation": False,
                     "discipline": "none", "titles": [],
                     "initiatives": [{"kind": "de_tai", "scope": "bo_nganh_tinh",
                                      "recognized": True, "applied": False}]},
            "2023": {"rating": "hoan_thanh_tot", "titles": ["lao_dong_tien_tien"]},
            "2024": {"rating": "khong_hoan_thanh", "discipline": "none"},
            "2025": {"rating": None, "months_worked": 12, "active_in_emulation": True,
                     "discipline": "none", "titles": ["lao_dong_tien_tien"]},
            "2026": {"rating": None, "months_worked": 10, "active_in_emulation": False,
                     "titles": ["lao_dong_tien_tien", "bang_khen_tinh"]},
        },
        "pending": [],
        "award_history": {BKTT: [{"year": 2021}]},  # basis not known
        "other_achievements": {"dot_xuat": False, "qua_trinh_cong_hien": False, "dong_gop": True},
    }
    alone = evaluate(load_knowledge(), HCLD3, facts, with_next=False)  # a fresh parse
    for award in kb.awards:
        evaluate(kb, award, facts, with_next=False)
    after_the_others = evaluate(kb, HCLD3, facts, with_next=False)
    assert alone.verdict == after_the_others.verdict == "needs_more_info"
    assert f"award_history.{BKTT}.2021.basis" in after_the_others.asks
