"""The Bắc Ninh pack (QĐ 86/2025, in force 15/12/2025) as an officer of a Bắc Ninh unit meets it:
every rule cited to the province's article, clause and point; on 14/12/2025 the national rules
apply, with a caveat that the province's own rules are not loaded for that day."""

from __future__ import annotations

from typing import Any

import pytest

from bot.eligibility import evaluate
from bot.eligibility.engine import Verdict
from knowledge.loader import KnowledgeBase

IN_FORCE = "2026-12-20"
DAY_BEFORE = "2025-12-14"
QD86 = "Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh"
NOT_LOADED = "Quy định riêng của tỉnh Bắc Ninh"


def judge(kb: KnowledgeBase, award: str, facts: dict[str, Any],
          province: str | None = "bac_ninh") -> Verdict:
    return evaluate(kb, award, facts, province=province, with_next=False)


def person(as_of: str, year: int, **extra: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "as_of": as_of, "evaluation_year": year, "subject": {"kind": "individual"},
        "pending": [], "awards": [], "years": {str(year): {"months_worked": 12,
                                                           "discipline": "none"}},
    }
    facts.update(extra)
    return facts


def collective(as_of: str, year: int, **year_facts: Any) -> dict[str, Any]:
    return {
        "as_of": as_of, "evaluation_year": year, "subject": {"kind": "collective"},
        "pending": [], "awards": [],
        "years": {str(year): {"discipline": "none", **year_facts}},
    }


def cited(verdict: Verdict, criterion: str) -> str:
    return next(c.citation for c in verdict.criteria if c.id == criterion)


# ── Lao động tiên tiến (Art. 4.1) ───────────────────────────────────────────────────────────


def test_a_farmer_with_productive_work_is_lao_dong_tien_tien_in_bac_ninh(kb: KnowledgeBase) -> None:
    farmer = person(IN_FORCE, 2026, other_achievements={"lao_dong_san_xuat_hieu_qua": True})
    verdict = judge(kb, "lao_dong_tien_tien", farmer)
    assert verdict.verdict == "eligible"
    assert "Điều 4 khoản 1 điểm b" in cited(verdict, "bn_productive_work")
    assert not any(NOT_LOADED in c for c in verdict.caveats)


def test_the_day_before_the_pack_a_farmer_is_judged_on_the_national_rules(
    kb: KnowledgeBase,
) -> None:
    farmer = person(DAY_BEFORE, 2025, other_achievements={"lao_dong_san_xuat_hieu_qua": True})
    verdict = judge(kb, "lao_dong_tien_tien", farmer)
    assert verdict.verdict == "needs_more_info"  # the national rule needs a rating
    assert "years.2025.rating" in verdict.missing
    assert any(NOT_LOADED in c for c in verdict.caveats), verdict.caveats


def test_a_civil_servant_rated_good_and_active_is_lao_dong_tien_tien(kb: KnowledgeBase) -> None:
    staff = person(IN_FORCE, 2026)
    staff["years"]["2026"].update(rating="hoan_thanh_tot", active_in_emulation=True)
    verdict = judge(kb, "lao_dong_tien_tien", staff)
    assert verdict.verdict == "eligible"
    assert "Điều 4 khoản 1 điểm a" in cited(verdict, "bn_rating_good")


def test_a_civil_servant_rated_only_hoan_thanh_is_not(kb: KnowledgeBase) -> None:
    staff = person(IN_FORCE, 2026, other_achievements={"lao_dong_san_xuat_hieu_qua": False})
    staff["years"]["2026"].update(rating="hoan_thanh", active_in_emulation=True)
    assert judge(kb, "lao_dong_tien_tien", staff).verdict == "not_eligible"


# ── Bằng khen of the provincial chairman (Art. 3.3) ─────────────────────────────────────────

NO_CLAIMS = {"phong_trao": False, "dot_xuat": False, "dong_gop": False}


def test_a_worker_with_many_achievements_gets_the_provincial_bang_khen(kb: KnowledgeBase) -> None:
    worker = person(IN_FORCE, 2026, other_achievements={**NO_CLAIMS,
                                                        "thanh_tich_lao_dong_san_xuat": True})
    # Who the person is decides the branch: while unknown, it is asked, never assumed.
    unknown = judge(kb, "bang_khen_tinh", worker)
    assert unknown.verdict == "needs_more_info"
    assert "subject.category" in unknown.missing
    worker["subject"] = {"kind": "individual", "category": "cong_nhan"}
    verdict = judge(kb, "bang_khen_tinh", worker)
    assert verdict.verdict == "eligible"
    assert "Điều 3 khoản 3 điểm a" in cited(verdict, "worker_achievements")


def test_a_business_person_recognised_by_the_province_gets_it(kb: KnowledgeBase) -> None:
    owner = person(IN_FORCE, 2026, other_achievements={**NO_CLAIMS,
                                                       "dong_gop_phat_trien_tinh": True})
    owner["subject"] = {"kind": "individual", "category": "doanh_nhan"}
    verdict = judge(kb, "bang_khen_tinh", owner)
    assert verdict.verdict == "eligible"
    assert "Điều 3 khoản 3 điểm b" in cited(verdict, "recognised_contribution")


def test_a_household_giving_land_gets_it(kb: KnowledgeBase) -> None:
    household = {"as_of": IN_FORCE, "evaluation_year": 2026, "subject": {"kind": "household"},
                 "pending": [], "awards": [], "other_achievements": {"dong_gop": True},
                 "years": {"2026": {"discipline": "none"}}}
    verdict = judge(kb, "bang_khen_tinh", household)
    assert verdict.verdict == "eligible"
    assert "Điều 3 khoản 3 điểm d" in cited(verdict, "household_contribution")


def test_a_collective_with_two_excellent_years_needs_the_democracy_and_thrift_fact(
    kb: KnowledgeBase,
) -> None:
    unit = collective(IN_FORCE, 2026, rating="hoan_thanh_xuat_sac",
                      collective={"internal_solidarity": True})
    unit["years"]["2025"] = {"rating": "hoan_thanh_xuat_sac"}
    unit["other_achievements"] = NO_CLAIMS
    verdict = judge(kb, "bang_khen_tinh", unit)
    assert verdict.verdict == "needs_more_info"
    assert "years.2026.collective.democracy_welfare_thrift" in verdict.missing
    unit["years"]["2026"]["collective"]["democracy_welfare_thrift"] = True
    assert judge(kb, "bang_khen_tinh", unit).verdict == "eligible"


def test_the_disputed_two_cstdcs_branch_is_never_a_settled_no(kb: KnowledgeBase) -> None:
    """Audit A4/c2: CSTĐCS in 2025 and 2026, no initiative — the branch rests on an ambiguous
    sentence; the criterion is marked unverified (low), whatever the headline policy."""
    servant = person(IN_FORCE, 2026, other_achievements=NO_CLAIMS)
    servant["years"] = {
        "2025": {"rating": "hoan_thanh_xuat_sac", "titles": [{"award": "chien_si_thi_dua_co_so"}],
                 "initiatives": []},
        "2026": {"rating": "hoan_thanh_xuat_sac", "titles": [{"award": "chien_si_thi_dua_co_so"}],
                 "initiatives": [], "months_worked": 12, "discipline": "none"},
    }
    verdict = judge(kb, "bang_khen_tinh", servant)
    branch = next(c for c in verdict.criteria if c.id == "two_initiatives_cstdcs")
    assert branch.unverified
    assert "Điều 3 khoản 3 điểm a" in branch.citation


# ── Collective titles (Art. 3.1, 3.2, 4.2) ──────────────────────────────────────────────────

FLAG_FACTS = {"leads_cluster": True, "exceeded_targets": True, "outstanding_in_province": True,
              "internal_solidarity": True, "party_and_mass_orgs_excellent": True,
              "thrift_anti_corruption": True}


def test_the_provincial_flag_goes_to_the_cluster_leader_meeting_every_standard(
    kb: KnowledgeBase,
) -> None:
    unit = collective(IN_FORCE, 2026, collective=FLAG_FACTS)
    verdict = judge(kb, "co_thi_dua_bo_nganh_tinh", unit)
    assert verdict.verdict == "eligible"
    assert "Điều 3 khoản 1" in cited(verdict, "bn_leads_province_cluster")
    assert all(c.confidence == "high" for c in verdict.criteria if c.id.startswith("bn_"))


@pytest.mark.parametrize("missing_standard", ["party_and_mass_orgs_excellent",
                                              "thrift_anti_corruption"])
def test_the_provincial_flag_is_refused_without_a_standard(
    kb: KnowledgeBase, missing_standard: str
) -> None:
    unit = collective(IN_FORCE, 2026, collective={**FLAG_FACTS, missing_standard: False})
    assert judge(kb, "co_thi_dua_bo_nganh_tinh", unit).verdict == "not_eligible"


def ttldtt(recipient: bool | None) -> dict[str, Any]:
    flags: dict[str, Any] = {"internal_solidarity": True}
    if recipient is not None:
        flags["bn_ttldtt_recipient"] = recipient
    return collective(IN_FORCE, 2026, rating="hoan_thanh_tot", active_in_emulation=True,
                      members={"total": 10, "lao_dong_tien_tien": 7, "disciplined": []},
                      collective=flags)


def test_ttldtt_goes_to_sub_units_only(kb: KnowledgeBase) -> None:
    assert judge(kb, "tap_the_lao_dong_tien_tien", ttldtt(True)).verdict == "eligible"
    refused = judge(kb, "tap_the_lao_dong_tien_tien", ttldtt(False))
    assert refused.verdict == "not_eligible"
    assert "Điều 4 khoản 2 điểm a" in cited(refused, "bn_ttldtt_recipient")
    asked = judge(kb, "tap_the_lao_dong_tien_tien", ttldtt(None))
    assert "years.2026.collective.bn_ttldtt_recipient" in asked.missing


def test_ttldxs_standards_are_cited_to_the_province(kb: KnowledgeBase) -> None:
    unit = collective(IN_FORCE, 2026, rating="hoan_thanh_xuat_sac", active_in_emulation=True,
                      members={"total": 10, "lao_dong_tien_tien": 7, "chien_si_thi_dua_co_so": 1,
                               "ratings": {"khong_hoan_thanh": 0}, "disciplined": []},
                      collective={"internal_solidarity": True, "bn_ttldxs_recipient": True})
    verdict = judge(kb, "tap_the_lao_dong_xuat_sac", unit)
    assert "Điều 3 khoản 2 điểm b" in cited(verdict, "members_ldtt_ratio")
    assert "Điều 3 khoản 2 điểm a" in cited(verdict, "bn_ttldxs_recipient")


def test_every_pack_citation_names_the_decision(kb: KnowledgeBase) -> None:
    pack = kb.provinces["bac_ninh"]
    for override in pack.overrides:
        assert override.citation.document == QD86
        criteria = list(override.add_conditions)
        criteria += [c for b in override.replace_bases or () for c in b.criteria]
        for criterion in criteria:
            assert criterion.citation.document == QD86, criterion.id
            assert criterion.citation.article, criterion.id


def test_the_interview_offers_every_province_pack(kb: KnowledgeBase) -> None:
    """A guest picks the province with a button: every pack must be one of them."""
    from bot.eligibility import question_by_id

    question = question_by_id(kb, "province")
    assert question is not None
    assert set(kb.provinces) <= set(question.options)
