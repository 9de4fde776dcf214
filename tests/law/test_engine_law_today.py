"""The eligibility engine on the law in force on the day (issue 11 items 2, 4, 5): the awarding
authority, the default discipline term, the provisional answer and its caveats — each on both
sides of its date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.eligibility import EligibilityError, evaluate
from bot.render import Renderer, to_plain
from knowledge.loader import KnowledgeBase


def ldtt_facts(as_of: str, **extra: Any) -> dict[str, Any]:
    year = int(as_of[:4]) - (0 if as_of[5:7] == "12" else 1)
    facts: dict[str, Any] = {
        "subject": {"kind": "individual", "category": "cong_chuc"},
        "as_of": as_of,
        "evaluation_year": year,
        "years": {str(year): {"rating": "hoan_thanh_tot", "months_worked": 12,
                              "discipline": "none", "active_in_emulation": True}},
        "pending": [],
        "awards": [],
    }
    facts.update(extra)
    return facts


def issuer_row(verdict: Any) -> Any:
    return next(c for c in verdict.criteria if c.id == "issuer")


@pytest.mark.parametrize(
    ("as_of", "verdict"), [("2025-06-30", "eligible"), ("2025-07-01", "not_eligible")]
)
def test_a_district_chairman_decides_only_until_30_june_2025(
    kb: KnowledgeBase, as_of: str, verdict: str
) -> None:
    v = evaluate(kb, "lao_dong_tien_tien", ldtt_facts(as_of, issuer="chu_tich_ubnd_huyen"),
                 with_next=False)
    assert v.verdict == verdict
    assert issuer_row(v).met is (verdict == "eligible")


def test_a_wrong_authority_names_the_right_ones(kb: KnowledgeBase) -> None:
    v = evaluate(kb, "lao_dong_tien_tien", ldtt_facts("2026-12-07", issuer="chu_tich_ubnd_huyen"),
                 with_next=False)
    row = issuer_row(v)
    assert v.verdict == "not_eligible" and row.met is False
    assert "Chủ tịch Ủy ban nhân dân cấp xã" in row.text
    assert "chu_tich_ubnd_xa" in row.detail["right_issuers"]
    assert "72/2025/QH15" in row.citation


@pytest.mark.parametrize(("as_of", "met"), [("2025-06-30", False), ("2025-07-01", True)])
def test_the_commune_chairman_decides_cstdcs_from_1_july_2025(
    kb: KnowledgeBase, as_of: str, met: bool
) -> None:
    facts = ldtt_facts(as_of, issuer="chu_tich_ubnd_xa")
    year = facts["evaluation_year"]
    facts["years"][str(year)]["rating"] = "hoan_thanh_xuat_sac"
    v = evaluate(kb, "chien_si_thi_dua_co_so", facts, with_next=False)
    row = issuer_row(v)
    assert row.met is met
    if met:
        assert "Điều 59 Nghị định 129/2025/NĐ-CP" in row.citation


def test_no_issuer_named_means_no_authority_row(kb: KnowledgeBase) -> None:
    v = evaluate(kb, "lao_dong_tien_tien", ldtt_facts("2026-12-07"), with_next=False)
    assert all(c.id != "issuer" for c in v.criteria)


def test_an_issuer_that_never_existed_is_bad_input(kb: KnowledgeBase) -> None:
    with pytest.raises(EligibilityError) as raised:
        evaluate(kb, "lao_dong_tien_tien", ldtt_facts("2026-12-07", issuer="vua_hung"),
                 with_next=False)
    assert raised.value.key == "unknown_issuer"


def disciplined(kb: KnowledgeBase, decided_on: str, category: str | None) -> str:
    """LĐTT for the year after a reprimand decided on `decided_on` with no `ends_on`."""
    decided_year = int(decided_on[:4])
    facts = ldtt_facts(f"{decided_year + 2}-01-15")
    facts["subject"]["category"] = category
    facts["years"][str(decided_year)] = {
        "rating": "hoan_thanh_tot", "months_worked": 12, "active_in_emulation": True,
        "discipline": {"form": "khien_trach", "decided_on": decided_on},
    }
    return evaluate(kb, "lao_dong_tien_tien", facts, with_next=False).verdict


@pytest.mark.parametrize(
    ("decided_on", "category", "verdict"),
    [
        # Before ND 172/2025 the old 6-month term applies: February 2025 + 6 months ends in
        # 2025, so 2026 counts.
        ("2025-02-01", "cong_chuc", "eligible"),
        # A civil servant's reprimand decided from 1 July 2025 lasts 12 months (ND 172 Art. 2.9).
        ("2026-02-01", "cong_chuc", "not_eligible"),
        ("2026-02-01", "can_bo", "not_eligible"),
        # Public employees: no verified post-2025 text, the old 6 months are kept (low).
        ("2026-02-01", "vien_chuc", "eligible"),
        # Category unknown: the longest term in force, never a kinder guess.
        ("2026-02-01", None, "not_eligible"),
    ],
)
def test_discipline_term_by_category_and_date(
    kb: KnowledgeBase, decided_on: str, category: str | None, verdict: str
) -> None:
    assert disciplined(kb, decided_on, category) == verdict


@pytest.mark.parametrize(("decided_on", "months"), [("2025-06-30", 6), ("2025-07-01", 12)])
def test_the_civil_servant_term_switches_on_1_july_2025(
    kb: KnowledgeBase, decided_on: str, months: int
) -> None:
    day = dt.date.fromisoformat(decided_on)
    assert kb.discipline_months("khien_trach", day, "cong_chuc") == months


def test_discipline_terms_are_cited(kb: KnowledgeBase) -> None:
    civil = [t for t in kb.discipline_terms if t.categories and "cong_chuc" in t.categories]
    assert civil and all(t.months == 12 for t in civil)
    assert all("Điều 2 khoản 9 Nghị định 172/2025/NĐ-CP" in t.citation.text for t in civil)
    assert all(t.effective_from == dt.date(2025, 7, 1) for t in civil)


@pytest.mark.parametrize(("as_of", "provisional"), [("2026-09-30", False), ("2026-10-01", True)])
def test_the_answer_is_provisional_from_the_amending_law(
    kb: KnowledgeBase, as_of: str, provisional: bool
) -> None:
    v = evaluate(kb, "lao_dong_tien_tien", ldtt_facts(as_of), with_next=False)
    out = v.to_json()
    assert out["provisional"] is provisional
    assert isinstance(out["caveats"], list)
    assert out["verdict"] == "eligible"  # the contract fields are unchanged


def render(v: Any, kb: KnowledgeBase) -> str:
    return to_plain(Renderer().render("eligibility/result.j2", v=v, awards=kb.awards,
                                      subject_name=None))


def test_a_provisional_headline_names_its_texts_and_never_a_bare_tick(kb: KnowledgeBase) -> None:
    facts = ldtt_facts("2026-12-07")
    facts["years"]["2026"]["rating"] = "hoan_thanh_xuat_sac"
    v = evaluate(kb, "chien_si_thi_dua_co_so", facts, with_next=False)
    text = render(v, kb)
    headline = text.splitlines()[1]
    assert headline.startswith("⚠️") and "Đạt theo Luật 2022 và NĐ 152" in headline
    assert "chưa đối chiếu Luật sửa đổi 2026" in headline
    assert "✅ Đủ điều kiện" not in text
    assert v.rule_set not in text  # rule-set ids stay out of chat text
    caveat_lines = [line for line in text.splitlines() if line.startswith("⚠️ ")][1:]
    assert 1 <= len(caveat_lines) <= 3
    assert "hoàn thành tốt nhiệm vụ + sáng kiến" in text  # the HTT + initiative route too (A9)


def test_before_the_amending_law_the_headline_is_plain(kb: KnowledgeBase) -> None:
    v = evaluate(kb, "lao_dong_tien_tien", ldtt_facts("2026-09-30"), with_next=False)
    text = render(v, kb)
    assert "✅ Đủ điều kiện" in text and "chưa đối chiếu" not in text


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2026-12-31", None), ("2027-01-01", "có thể hết hiệu lực"), ("2027-03-01", "Đã qua")],
)
def test_the_decree_152_sunset_is_a_caveat_then_a_warning(
    kb: KnowledgeBase, as_of: str, expected: str | None
) -> None:
    v = evaluate(kb, "lao_dong_tien_tien", ldtt_facts(as_of), with_next=False)
    about_152 = [c for c in v.caveats if "152/2025" in c]
    if expected is None:
        assert not about_152
    else:
        assert about_152 and expected in about_152[0]


@pytest.mark.parametrize(
    ("received_on", "provisional", "transition"),
    [("2026-09-30", False, True), ("2026-10-01", True, False), (None, True, False)],
)
def test_the_transition_is_keyed_on_the_date_the_dossier_was_received(
    kb: KnowledgeBase, received_on: str | None, provisional: bool, transition: bool
) -> None:
    facts = ldtt_facts("2026-10-20")
    if received_on:
        facts["received_on"] = received_on
    v = evaluate(kb, "lao_dong_tien_tien", facts, with_next=False)
    assert v.provisional is provisional
    assert v.as_of == dt.date(2026, 10, 20)  # still the consideration date
    assert any("trừ khi quy định mới có lợi hơn" in c for c in v.caveats) is transition
    assert not v.warnings  # received_on is a known fact, not an unknown key
