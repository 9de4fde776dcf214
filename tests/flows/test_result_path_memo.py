"""The result screen's lộ trình, remembered per facts (`bot.chat.eligibility.verdicts`): a
remembered step is only ever served for the very facts, award, verdict, date and province it was
judged on, and a screen drawn from it is the screen the engine would have drawn."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from bot.chat.eligibility import verdicts, views
from bot.chat.eligibility.codec import Keys
from bot.eligibility import evaluate
from bot.interview.flow import NodeId, Screen, next_screen
from bot.interview.state import Interview
from bot.render import Renderer
from knowledge.loader import KnowledgeBase

AS_OF = dt.date(2026, 1, 15)
YEAR = 2025
LDTT = "lao_dong_tien_tien"


@pytest.fixture(autouse=True)
def empty_memo() -> Iterator[None]:
    verdicts._NEXT.clear()
    yield
    verdicts._NEXT.clear()


def ldtt(rating: str, **state: Any) -> Interview:
    """A Lao động tiên tiến interview answered to its verdict, rated `rating` in YEAR."""
    answers = (
        ("pending_investigation", "no"),
        (f"discipline_{YEAR}", "none"),
        (f"rating_{YEAR}", rating),
        (f"active_in_emulation_{YEAR}", "yes"),
        (f"months_worked_{YEAR}", 12),
    )
    state.setdefault("unit_province", "ha_noi")
    return Interview(as_of=AS_OF, award=LDTT, kind="individual", year=YEAR, answers=answers,
                     **state)


def at_result(kb: KnowledgeBase, interview: Interview) -> Screen:
    step = next_screen(kb, interview)
    assert step.node is NodeId.RESULT and step.verdict is not None
    return step


def engine_verdict(kb: KnowledgeBase, interview: Interview, province: str | None = None) -> Any:
    """What the engine says, nothing remembered."""
    return evaluate(kb, LDTT, interview.facts(kb), interview.as_of, province=province)


def test_two_histories_with_the_same_verdict_never_share_a_path(kb: KnowledgeBase) -> None:
    good, excellent = ldtt("hoan_thanh_tot"), ldtt("hoan_thanh_xuat_sac")
    good_step, excellent_step = at_result(kb, good), at_result(kb, excellent)
    # Both eligible for the same award; only the path to the next title differs (an initiative
    # still needed, or nothing).
    assert good_step.verdict and excellent_step.verdict
    assert good_step.verdict.verdict == excellent_step.verdict.verdict == "eligible"
    expected_good, expected_excellent = engine_verdict(kb, good), engine_verdict(kb, excellent)
    assert expected_good.next != expected_excellent.next

    for _ in range(2):  # judged cold, then served from the memo
        for interview, step, expected in ((good, good_step, expected_good),
                                          (excellent, excellent_step, expected_excellent)):
            assert verdicts.judge(kb, None, interview, step).verdict == expected
            found = verdicts.remembered(kb, None, interview, step)
            assert found is not None and found.verdict == expected


def test_a_verdict_of_another_word_on_other_facts_gets_its_own_path(kb: KnowledgeBase) -> None:
    eligible, failed = ldtt("hoan_thanh_tot"), ldtt("hoan_thanh")
    failed_step = at_result(kb, failed)
    assert failed_step.verdict and failed_step.verdict.verdict == "not_eligible"
    verdicts.judge(kb, None, eligible, at_result(kb, eligible))
    assert verdicts.remembered(kb, None, failed, failed_step) is None
    assert verdicts.judge(kb, None, failed, failed_step).verdict == engine_verdict(kb, failed)


def test_nothing_is_remembered_across_provinces_or_knowledge_bases(kb: KnowledgeBase) -> None:
    interview = ldtt("hoan_thanh_tot")
    step = at_result(kb, interview)
    verdicts.judge(kb, None, interview, step)
    assert verdicts.remembered(kb, None, interview, step) is not None
    assert verdicts.remembered(kb, "bac_ninh", interview, step) is None
    assert verdicts.remembered(copy.copy(kb), None, interview, step) is None


def test_a_remembered_result_screen_is_the_screen_judged_afresh(kb: KnowledgeBase) -> None:
    r = Renderer()
    for rating in ("hoan_thanh_tot", "hoan_thanh_xuat_sac", "hoan_thanh"):
        interview = ldtt(rating)
        step = at_result(kb, interview)
        page = views.Page(r, kb, interview, Keys(7), edit=True)
        assert verdicts.remembered(kb, None, interview, step) is None
        cold = views.result(page, verdicts.judge(kb, None, interview, step))
        warm_found = verdicts.remembered(kb, None, interview, step)
        assert warm_found is not None
        warm = views.result(page, warm_found)
        assert (warm.text, warm.buttons) == (cold.text, cold.buttons)
        assert warm == cold


def test_the_memo_stays_bounded(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verdicts, "_NEXT_LIMIT", 2)
    ratings = ("hoan_thanh_tot", "hoan_thanh_xuat_sac", "hoan_thanh")
    interviews = [ldtt(rating) for rating in ratings]
    for interview in interviews:
        verdicts.judge(kb, None, interview, at_result(kb, interview))
    assert len(verdicts._NEXT) == 2
    # The oldest went first; the latest two are still served.
    first, *latest = interviews
    assert verdicts.remembered(kb, None, first, at_result(kb, first)) is None
    assert all(verdicts.remembered(kb, None, i, at_result(kb, i)) is not None for i in latest)
