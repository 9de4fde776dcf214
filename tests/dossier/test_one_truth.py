"""One truth: the dossier check judges each nominee with the eligibility engine and its routes.

The checker and `/xet` (`tdkt eligibility`) must never disagree on the same facts; the checker
asks for an initiative certificate only when the nominee's route rests on an initiative (B15);
the nominee's history comes from the database when the unit is known; one problem, one finding.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import pytest
from eligibility.case_files import case_entries

from bot.dossier import InMemoryHistory, check
from bot.dossier.engine_hook import eligibility_hook
from bot.dossier.manifest import PriorAward
from bot.eligibility import EligibilityError, evaluate
from dossier.builders import manifest_of, valid_dict
from knowledge.dossier_schema import DossierKB
from knowledge.loader import KnowledgeBase, load_knowledge

RECEIVED = dt.date(2026, 1, 20)
HTXS_2025 = {"years": {"2025": {"rating": "hoan_thanh_xuat_sac", "months_worked": 12,
                                "active_in_emulation": True, "discipline": "none"}},
             "pending": [], "initiatives": []}


@cache
def engine_kb() -> KnowledgeBase:
    return load_knowledge()


def run(kb: DossierKB, data: dict[str, Any], **kwargs: Any) -> list[dict[str, Any]]:
    hook = kwargs.pop("eligibility", None) or eligibility_hook(engine_kb())
    return check(manifest_of(data), kb, eligibility=hook, **kwargs).to_json()["findings"]


def of(findings: list[dict[str, Any]], nominee: str) -> list[tuple[str, str]]:
    return [(f["kind"], f["severity"]) for f in findings if f["nominee"] == nominee]


def without_certificate(data: dict[str, Any], nominee: str) -> dict[str, Any]:
    data["components"] = [c for c in data["components"]
                          if not (c["type"] == "chung_nhan_sang_kien" and c["nominee"] == nominee)]
    return data


def with_facts(nominee: int, facts: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    data["nominees"][nominee]["facts"] = facts
    return data


# --- B15: the route decides whether the certificate is needed ---------------------------------


def test_b15_cstd_co_so_by_htxs_needs_no_initiative_certificate(kb: DossierKB) -> None:
    data = with_facts(1, HTXS_2025, without_certificate(valid_dict(), "N2"))
    assert of(run(kb, data), "N2") == []  # eligible, nothing missing: as /xet says ✅


def test_route_resting_on_an_initiative_needs_its_certificate(kb: DossierKB) -> None:
    facts = {**HTXS_2025, "years": {"2025": {**HTXS_2025["years"]["2025"],
                                             "rating": "hoan_thanh_tot"}},
             "initiatives": [{"year": 2025, "kind": "sang_kien", "scope": "co_so",
                              "recognized": True}]}
    data = with_facts(1, facts, without_certificate(valid_dict(), "N2"))
    missing = [f for f in run(kb, data) if f["nominee"] == "N2"]
    assert [(f["kind"], f["severity"], f["component"]) for f in missing] == [
        ("missing_component", "error", "chung_nhan_sang_kien")]
    data = with_facts(1, facts, valid_dict())  # the certificate is there: nothing to say
    assert of(run(kb, data), "N2") == []


def test_only_initiative_routes_left_need_the_certificate_even_before_they_are_known(
        kb: DossierKB) -> None:
    facts = {"years": {"2025": {"rating": "hoan_thanh_tot", "months_worked": 12,
                                "active_in_emulation": True, "discipline": "none"}},
             "pending": []}  # initiatives unknown: the verdict waits, the paper is surely needed
    data = with_facts(1, facts, without_certificate(valid_dict(), "N2"))
    assert sorted(of(run(kb, data), "N2")) == [("criteria_unknown", "info"),
                                               ("missing_component", "error")]


def test_unknown_route_asks_in_one_finding(kb: DossierKB) -> None:
    facts = {"years": {"2025": {"months_worked": 12, "active_in_emulation": True,
                                "discipline": "none"}}, "pending": []}  # rating unknown
    out = run(kb, with_facts(1, facts, without_certificate(valid_dict(), "N2")))
    asks = [f for f in out if f["nominee"] == "N2"]
    assert [(f["kind"], f["severity"]) for f in asks] == [("criteria_unknown", "info")]
    assert "Giấy chứng nhận" in asks[0]["message"]
    # What to clarify is asked as the interview asks it, not as a fact id.
    assert "xếp loại ở mức nào?" in asks[0]["message"] and "years." not in asks[0]["message"]


def test_a_stated_route_decides(kb: DossierKB) -> None:
    data = without_certificate(valid_dict(), "N2")
    data["nominees"][1]["route"] = "initiative"
    assert ("missing_component", "error") in of(run(kb, data), "N2")
    data["nominees"][1]["route"] = "htxs"
    assert ("missing_component", "error") not in of(run(kb, data), "N2")


def test_cstd_of_the_province_always_rests_on_an_initiative(kb: DossierKB) -> None:
    data = without_certificate(valid_dict(), "N2")
    data["award"]["code"] = "chien_si_thi_dua_bo_nganh_tinh"
    missing = [f for f in run(kb, data) if f["kind"] == "missing_component"]
    assert [(f["nominee"], f["severity"], f["component"]) for f in missing] == [
        ("N2", "error", "chung_nhan_sang_kien")]


# --- the nominee's history from the database (the interview's prefill) -----------------------


def test_history_from_the_database_judges_a_nominee_without_manifest_facts(kb: DossierKB
                                                                           ) -> None:
    stored = {"subject": {"kind": "individual", "name": "Trần Thị Mai"}, **HTXS_2025}
    history = InMemoryHistory(facts={"tran thi mai": stored})
    data = without_certificate(valid_dict(), "N2")
    assert of(run(kb, data, history=history), "N2") == []  # HTXS on record: no question
    assert ("criteria_unknown", "info") in of(run(kb, data), "N2")  # no record: ask


def test_manifest_facts_win_over_the_database_year_by_year(kb: DossierKB) -> None:
    stored = {"subject": {"kind": "individual"}, **HTXS_2025}
    history = InMemoryHistory(facts={"tran thi mai": stored})
    facts = {"years": {"2025": {"rating": "hoan_thanh"}}}  # the dossier says: only "hoàn thành"
    out = run(kb, with_facts(1, facts, valid_dict()), history=history)
    assert ("criteria_not_met", "error") in of(out, "N2")


def test_a_null_in_the_manifest_never_erases_a_recorded_fact(kb: DossierKB) -> None:
    stored = {"subject": {"kind": "individual"}, **HTXS_2025}
    history = InMemoryHistory(facts={"tran thi mai": stored})
    facts = {"years": {"2025": {"rating": None}}, "pending": None}  # unknown, not "no"
    data = with_facts(1, facts, without_certificate(valid_dict(), "N2"))
    assert of(run(kb, data, history=history), "N2") == []


# --- ineligible basis, already rewarded, one finding per problem -------------------------------


@pytest.mark.parametrize("basis", ["chuyen_de", "dot_xuat"])
def test_thematic_or_sudden_award_cited_for_merit_is_ineligible_basis(kb: DossierKB,
                                                                      basis: str) -> None:
    data = valid_dict()
    data["nominees"][0]["based_on"] = [{"award": "bang_khen_tinh", "year": 2024,
                                        "basis": basis}]
    found = [f for f in run(kb, data) if f["kind"] == "ineligible_basis"]
    assert [(f["nominee"], f["severity"]) for f in found] == [("N1", "error")]
    assert "Nghị định 152/2025" in found[0]["citation"]


def test_basis_of_a_cited_award_comes_from_the_history(kb: DossierKB) -> None:
    data = valid_dict()
    data["nominees"][0]["based_on"] = [{"award": "bang_khen_tinh", "year": 2024}]
    history = InMemoryHistory(awards={"do van long": [
        PriorAward(award="bang_khen_tinh", year=2024, basis="chuyen_de")]})
    assert ("ineligible_basis", "error") in of(run(kb, data, history=history), "N1")
    assert ("ineligible_basis", "error") not in of(run(kb, data), "N1")


def bang_khen(prior: dict[str, Any]) -> dict[str, Any]:
    data = valid_dict()
    data["award"] = {"code": "bang_khen_tinh", "basis": "cong_trang", "procedure": "regular"}
    data["nominees"][0]["achievement_period"] = {"from": "2024-01-01", "to": "2025-12-31"}
    data["nominees"][0]["prior_awards"] = [prior]
    return data


def test_achievement_already_rewarded_is_an_error(kb: DossierKB) -> None:
    same = bang_khen({"award": "bang_khen_tinh", "year": 2025, "basis": "cong_trang",
                      "achievement_period": {"from": 2024, "to": 2025}})
    assert ("achievement_already_rewarded", "error") in of(run(kb, same), "N1")
    other = bang_khen({"award": "giay_khen", "year": 2025, "basis": "cong_trang"})
    assert ("achievement_already_rewarded", "error") in of(run(kb, other), "N1")
    unknown = bang_khen({"award": "giay_khen", "year": 2025})  # may reward another feat
    assert ("achievement_already_rewarded", "warning") in of(run(kb, unknown), "N1")
    thematic = bang_khen({"award": "giay_khen", "year": 2025, "basis": "chuyen_de"})
    assert not [k for k, _ in of(run(kb, thematic), "N1") if k == "achievement_already_rewarded"]


def test_already_rewarded_in_the_same_campaign_is_an_error(kb: DossierKB) -> None:
    data = valid_dict()
    data["nominees"][0]["achievement_period"] = None
    data["nominees"][0]["prior_awards"] = [{"award": "chien_si_thi_dua_co_so", "year": 2026,
                                            "campaign": "TKN-2025"}]
    assert ("achievement_already_rewarded", "error") in of(run(kb, data), "N1")


def test_the_engine_and_the_checker_report_an_already_rewarded_achievement_once(
        kb: DossierKB) -> None:
    prior = {"award": "bang_khen_tinh", "year": 2025, "basis": "cong_trang",
             "achievement_period": {"from": 2024, "to": 2025}}
    data = bang_khen(prior)
    data["nominees"][0]["prior_awards"] = []
    data["nominees"][0]["facts"] = {**HTXS_2025, "awards": [prior],
                                    "other_achievements": {"phong_trao": True}}
    out = [f for f in run(kb, data) if f["nominee"] == "N1" and f["severity"] == "error"]
    assert [f["kind"] for f in out].count("achievement_already_rewarded") == 1
    # The engine's verdict still reports what else fails, never the same problem again.
    repeated = [f for f in out if f["kind"] == "criteria_not_met"
                and ("not_already_rewarded" in f["criteria"] or "chưa được khen" in f["message"])]
    assert repeated == []


def test_pending_proceedings_are_one_discipline_finding(kb: DossierKB) -> None:
    facts = {**HTXS_2025, "pending": [{"type": "xem_xet_ky_luat", "concluded": False}]}
    errors = [k for k, s in of(run(kb, with_facts(0, facts, valid_dict())), "N1") if s == "error"]
    assert errors == ["discipline"]


def test_identical_fact_sets_are_evaluated_once(kb: DossierKB) -> None:
    data = valid_dict()
    data["nominees"] = [{"id": f"N{i}", "name": f"Người {i}", "facts": HTXS_2025}
                        for i in range(40)]
    bridge = eligibility_hook(engine_kb())
    run(kb, data, eligibility=bridge)
    assert bridge.evaluations == 1


# --- the checker agrees with the engine on every rule scenario ---------------------------------


def _checker_verdict(findings: list[dict[str, Any]]) -> str:
    mine = [f for f in findings if f["nominee"] == "N1"]
    if any(f["severity"] == "error" and f["kind"] in ("criteria_not_met", "discipline")
           for f in mine):
        return "not_eligible"
    if any(f["kind"] == "criteria_unknown" for f in mine):
        return "needs_more_info"
    return "eligible"


def _agreement_cases() -> list[Any]:
    return [pytest.param(award, facts, case, id=case_id)
            for case_id, award, case, facts in case_entries()
            if "error" not in case and "xfail" not in case and facts.get("as_of")]


@pytest.mark.parametrize(("award", "facts", "case"), _agreement_cases())
def test_checker_agrees_with_the_engine(kb: DossierKB, award: str, facts: dict[str, Any],
                                        case: dict[str, Any]) -> None:
    as_of = facts["as_of"]
    as_of = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(str(as_of))
    province = case.get("province")
    try:
        engine = evaluate(engine_kb(), award, facts, as_of, province=province, with_next=False)
    except EligibilityError:
        pytest.skip("no rules for this award on that day")
    kind = (facts.get("subject") or {}).get("kind", "individual")
    data = {"received_on": as_of.isoformat(), "award": {"code": award},
            "nominees": [{"id": "N1", "name": "Nguyễn Văn An", "kind": kind, "facts": facts}]}
    hook = eligibility_hook(engine_kb(), province)
    findings = check(manifest_of(data), kb, eligibility=hook).to_json()["findings"]
    assert _checker_verdict(findings) == engine.verdict
