"""Each rule of the checker, on both sides: the valid dossier is clean, one change flags it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from bot.dossier import CampaignEntry, InMemoryHistory, check
from bot.dossier.manifest import PriorAward
from dossier.builders import manifest_of, valid_dict
from knowledge.dossier_schema import DossierKB


def run(kb: DossierKB, data: dict[str, Any], **kwargs: Any) -> list[dict[str, Any]]:
    return check(manifest_of(data), kb, **kwargs).to_json()["findings"]


def problems(findings: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """(kind, nominee) of every error and warning."""
    return [(f["kind"], f["nominee"]) for f in findings if f["severity"] != "info"]


def test_complete_dossier_has_no_error_or_warning(kb: DossierKB) -> None:
    result = check(manifest_of(valid_dict()), kb)
    assert problems(result.to_json()["findings"]) == []
    assert result.rule_set == "luat-06-2022+nd-152-2025"
    assert result.to_json()["summary"]["nominees"] == 2


def test_json_has_contract_fields(kb: DossierKB) -> None:
    data = valid_dict()
    data["components"] = data["components"][1:]
    out = check(manifest_of(data), kb).to_json()
    first = out["findings"][0]
    assert set(first) >= {"kind", "severity", "nominee", "component", "message", "fix", "citation"}
    assert first == {**first, "kind": "missing_component", "severity": "error",
                     "component": "to_trinh"}
    assert "Luật" in json.dumps(out, ensure_ascii=False) or "Quyết định" in first["citation"]
    assert {"errors", "warnings", "nominees"} <= set(out["summary"])


def test_missing_initiative_certificate_without_a_known_route_is_a_question(kb: DossierKB
                                                                          ) -> None:
    # Without facts the route is unknown: HTXS needs no certificate (B15), so it is not an error,
    # and the nominee's one "check the criteria" finding names the certificate to bring.
    data = valid_dict()
    data["components"] = [c for c in data["components"]
                          if not (c["type"] == "chung_nhan_sang_kien" and c["nominee"] == "N2")]
    out = run(kb, data)
    assert problems(out) == []
    asks = [f for f in out if f["nominee"] == "N2"]
    assert [f["kind"] for f in asks] == ["criteria_unknown"]
    assert "Giấy chứng nhận" in asks[0]["message"]


def test_xac_nhan_thanh_tich_replaces_the_certificate(kb: DossierKB) -> None:
    data = valid_dict()
    for c in data["components"]:
        if c["type"] == "chung_nhan_sang_kien":
            c["type"] = "xac_nhan_thanh_tich"
    assert problems(run(kb, data)) == []


def test_simplified_procedure_needs_no_minutes_nor_ballot(kb: DossierKB) -> None:
    data = valid_dict()
    data["award"] = {"code": "bang_khen_tinh", "basis": "cong_trang", "procedure": "simplified"}
    data["components"] = [data["components"][0],
                          {"type": "bao_cao_tom_tat_thanh_tich", "nominee": "N1", "signed": True},
                          {"type": "bao_cao_tom_tat_thanh_tich", "nominee": "N2", "signed": True}]
    data.pop("council")
    assert problems(run(kb, data)) == []
    data["components"].pop()
    assert problems(run(kb, data)) == [("missing_component", "N2")]


def test_dot_xuat_form_needs_a_confirmation(kb: DossierKB) -> None:
    data = valid_dict()
    data["award"] = {"code": "bang_khen_tinh", "basis": "dot_xuat", "procedure": "regular"}
    data["components"] = [c for c in data["components"] if c["type"] != "chung_nhan_sang_kien"]
    data["components"].append({"type": "bien_ban_xet_khen_thuong", "signed_chair": True,
                               "signed_secretary": True})
    assert ("missing_component", "N1") in problems(run(kb, data))
    data["award"]["basis"] = "cong_trang"
    assert problems(run(kb, data)) == []


def test_lao_dong_tien_tien_missing_report_is_only_a_warning(kb: DossierKB) -> None:
    data = valid_dict()
    data["award"]["code"] = "lao_dong_tien_tien"
    data["components"] = [c for c in data["components"] if c["type"] != "bao_cao_thanh_tich"]
    severities = {f["severity"] for f in run(kb, data) if f["kind"] == "missing_component"}
    assert severities == {"warning"}


@pytest.mark.parametrize(("field", "kind"), [("signed_by_nominee", "unsigned"),
                                             ("certified_by_proposing_level", "not_certified")])
def test_report_signature_and_certification(kb: DossierKB, field: str, kind: str) -> None:
    data = valid_dict()
    data["components"][1][field] = False
    assert problems(run(kb, data)) == [(kind, "N1")]
    data["components"][1][field] = None
    info = [f for f in run(kb, data) if f["kind"] == kind]
    assert [f["severity"] for f in info] == ["info"]


def test_minutes_without_secretary_signature(kb: DossierKB) -> None:
    data = valid_dict()
    data["components"][-1]["signed_secretary"] = False
    assert problems(run(kb, data)) == [("unsigned", None)]


def test_vote_threshold_counts_total_members_before_decree_152(kb: DossierKB) -> None:
    data = valid_dict()
    data["received_on"] = "2025-03-01"
    data["campaign"]["deadline"] = "2025-03-31"
    data["council"]["votes"]["N2"] = {"agree": 8}  # 8/11 = 72.7 % < 80 %
    out = run(kb, data)
    below = [f for f in out if f["kind"] == "vote_below_threshold"]
    assert [(f["nominee"], f["severity"]) for f in below] == [("N2", "error")]
    assert "Nghị định 98/2023" in below[0]["citation"]
    data["council"]["votes"]["N2"] = {"agree": 9}  # 9/11 = 81.8 %
    assert not [f for f in run(kb, data) if f["kind"] == "vote_below_threshold"]


def test_vote_threshold_after_decree_152_is_unverified_so_a_warning(kb: DossierKB) -> None:
    data = valid_dict()
    data["council"]["votes"]["N2"] = {"agree": 8}
    below = [f for f in run(kb, data) if f["kind"] == "vote_below_threshold"]
    assert [f["severity"] for f in below] == ["warning"]


def test_missing_vote_result_is_an_error_unless_unreadable(kb: DossierKB) -> None:
    data = valid_dict()
    del data["council"]["votes"]["N2"]
    assert problems(run(kb, data)) == [("vote_results_missing", "N2")]
    data["unknown"] = ["council.votes"]
    assert problems(run(kb, data)) == []


def test_sector_pack_overrides_national_rules(kb: DossierKB) -> None:
    data = valid_dict()
    data["award"] = {"code": "bang_khen_thu_tuong", "basis": "cong_trang", "procedure": "regular"}
    data["components"] = [c for c in data["components"] if c["type"] != "chung_nhan_sang_kien"]
    data["council"]["votes"]["N2"] = {"agree": 5}
    assert problems(run(kb, data)) == []  # no national ballot for BK TTg (correction C2)
    data["proposing_body"]["sector"] = "ngan_hang"
    assert problems(run(kb, data)) == [("vote_below_threshold", "N2")]


def verdict(kind: str) -> Any:
    def engine(award: str, facts: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
        return {"verdict": kind, "missing": ["initiatives"], "criteria": [
            {"id": "rating", "met": False, "text": "Xếp loại hoàn thành xuất sắc nhiệm vụ",
             "citation": "Điều 23 Luật 06/2022/QH15"}]}
    return engine


def test_criteria_not_met_from_the_eligibility_engine(kb: DossierKB) -> None:
    data = valid_dict()
    data["nominees"][0]["facts"] = {"subject": {"kind": "individual"}}
    out = run(kb, data, eligibility=verdict("not_eligible"))
    failed = [f for f in out if f["kind"] == "criteria_not_met"]
    assert [(f["nominee"], f["severity"]) for f in failed] == [("N1", "error")]
    assert failed[0]["citation"] == "Điều 23 Luật 06/2022/QH15"
    unknown = {f["nominee"]: f["severity"] for f in out if f["kind"] == "criteria_unknown"}
    assert unknown == {"N2": "info"}  # no facts → ask, never guess
    out = run(kb, data, eligibility=verdict("needs_more_info"))
    assert problems(out) == []


class _Engine:
    """One verdict object for every nominee (as the engine's cache gives it), or a fresh copy
    per call; with the interview's questions."""

    def __init__(self, kind: str, shared: bool) -> None:
        self.verdict = verdict(kind)("", {}, dt.date(2026, 1, 1))
        self.shared = shared

    def __call__(self, award: str, facts: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
        return self.verdict if self.shared else json.loads(json.dumps(self.verdict))

    def questions(self, found: Any, kind: str = "individual") -> list[str]:
        return ["Có sáng kiến không?", "Xếp loại năm 2025?", "Số tháng công tác?", "Thêm?"]


@pytest.mark.parametrize("kind", ["not_eligible", "needs_more_info"])
def test_a_verdict_shared_by_nominees_is_read_as_separate_ones(kb: DossierKB,
                                                               kind: str) -> None:
    """`check_criteria` reads a verdict once per verdict object: nominees sharing one get the
    findings they would get from equal copies — each with its own lists."""
    data = valid_dict()
    for index, nominee in enumerate(data["nominees"]):
        nominee["facts"] = {"subject": {"kind": "individual"}}
        nominee["name"] = f"{nominee['name']} {index}"
    shared, fresh = _Engine(kind, True), _Engine(kind, False)
    one = check(manifest_of(data), kb, eligibility=shared)
    other = check(manifest_of(data), kb, eligibility=fresh)
    assert one.to_json() == other.to_json()
    mine = [f for f in one.findings if f.kind in {"criteria_not_met", "criteria_unknown"}]
    names = {n["id"]: n["name"] for n in data["nominees"]}
    assert len(mine) == 2 and all(names[f.nominee or ""] in f.message for f in mine)
    lists = [value for f in mine for value in f.extra.values() if isinstance(value, list)]
    assert len(lists) == 2 and lists[0] is not lists[1]


def test_quota_of_the_old_regime(kb: DossierKB) -> None:
    data = valid_dict()
    data["received_on"] = "2023-12-01"
    data["unit_stats"] = {"lao_dong_tien_tien": 10}
    assert ("quota_exceeded", None) in problems(run(kb, data))  # 2 > 15 % of 10
    data["unit_stats"] = {"lao_dong_tien_tien": 14}
    assert ("quota_exceeded", None) not in problems(run(kb, data))
    data["received_on"] = "2026-01-20"
    data["unit_stats"] = {"lao_dong_tien_tien": 1}
    assert ("quota_exceeded", None) not in problems(run(kb, data))  # no national quota now


def test_duplicate_nominee_without_diacritics(kb: DossierKB) -> None:
    data = valid_dict()
    data["nominees"][1]["name"] = "Do Van Long"
    assert ("duplicate_nominee", "N2") in problems(run(kb, data))
    data["nominees"][0]["birth_date"] = "1980-01-01"
    data["nominees"][1]["birth_date"] = "1990-05-05"
    assert ("duplicate_nominee", "N2") not in problems(run(kb, data))


def test_duplicate_across_the_campaign(kb: DossierKB) -> None:
    history = InMemoryHistory(campaigns={"TKN-2025": [
        CampaignEntry(name="Tran Thi Mai", dossier="KT-2026-AAAAAA",
                      award="chien_si_thi_dua_co_so")]})
    found = [f for f in run(kb, valid_dict(), history=history) if f["kind"] == "duplicate_nominee"]
    assert [(f["nominee"], f["other_dossier"]) for f in found] == [("N2", "KT-2026-AAAAAA")]
    assert not [f for f in run(kb, valid_dict(), history=InMemoryHistory())
                if f["kind"] == "duplicate_nominee"]


def test_achievement_already_rewarded(kb: DossierKB) -> None:
    data = valid_dict()
    data["nominees"][0]["prior_awards"] = [{"award": "chien_si_thi_dua_co_so", "year": 2025}]
    assert ("achievement_already_rewarded", "N1") in problems(run(kb, data))
    data["nominees"][0]["prior_awards"] = [{"award": "chien_si_thi_dua_co_so", "year": 2024}]
    assert problems(run(kb, data)) == []
    history = InMemoryHistory(awards={"tran thi mai": [
        PriorAward(award="chien_si_thi_dua_co_so", year=2025, revoked=True)]})
    assert problems(run(kb, data, history=history)) == []  # a revoked award does not count


def test_dot_xuat_result_used_as_basis_for_merit(kb: DossierKB) -> None:
    data = valid_dict()
    data["nominees"][0]["based_on"] = [{"award": "bang_khen_tinh", "basis": "dot_xuat"}]
    assert problems(run(kb, data)) == [("ineligible_basis", "N1")]
    data["nominees"][0]["based_on"] = [{"award": "bang_khen_tinh", "basis": "cong_trang"}]
    assert problems(run(kb, data)) == []


def test_discipline_pending_and_period(kb: DossierKB) -> None:
    data = valid_dict()
    data["nominees"][0]["facts"] = {"pending": [{"type": "xem_xet_ky_luat", "concluded": False}]}
    assert ("discipline", "N1") in problems(run(kb, data))
    data["nominees"][0]["facts"] = {"pending": [{"type": "xem_xet_ky_luat", "concluded": True}],
                                    "years": {"2025": {"discipline": {
                                        "form": "khien_trach", "ends_on": "2025-06-30"}}}}
    assert ("discipline", "N1") in problems(run(kb, data))
    data["nominees"][0]["facts"]["years"]["2025"]["discipline"]["ends_on"] = "2024-12-31"
    assert ("discipline", "N1") not in problems(run(kb, data))


def test_late_submission_but_never_for_dot_xuat_or_simplified(kb: DossierKB) -> None:
    data = valid_dict()
    assert problems(run(kb, data, as_of=dt.date(2026, 2, 2))) == [("late_submission", None)]
    data["award"]["procedure"] = "simplified"
    assert ("late_submission", None) not in problems(run(kb, data, as_of=dt.date(2026, 2, 2)))
    data["award"] = {"code": "bang_khen_tinh", "basis": "dot_xuat", "procedure": "regular"}
    assert ("late_submission", None) not in problems(run(kb, data, as_of=dt.date(2026, 2, 2)))


def test_district_level_after_july_2025(kb: DossierKB) -> None:
    data = valid_dict()
    data["proposing_body"] = {"name": "UBND huyện Bảo Thắng", "level": "huyen"}
    assert ("abolished_level", None) in problems(run(kb, data))
    data["received_on"] = "2025-06-20"
    data["campaign"]["deadline"] = "2025-06-30"
    assert ("abolished_level", None) not in problems(run(kb, data))


def test_outdated_legal_basis_depends_on_the_received_date(kb: DossierKB) -> None:
    data = valid_dict()
    data["components"][0]["legal_basis"] = ["Nghị định số 98/2023/NĐ-CP ngày 31/12/2023"]
    out = [f for f in run(kb, data) if f["kind"] == "outdated_legal_basis"]
    assert [f["severity"] for f in out] == ["warning"]
    assert "152/2025" in out[0]["fix"]
    data["received_on"] = "2025-03-01"
    data["campaign"]["deadline"] = "2025-03-31"
    assert not [f for f in run(kb, data) if f["kind"] == "outdated_legal_basis"]


def test_leader_share(kb: DossierKB) -> None:
    data = valid_dict()
    extra = [{"id": f"N{i}", "name": f"Người Số {chr(64 + i)}", "is_leader": True}
             for i in range(3, 6)]
    data["nominees"].extend(extra)
    assert ("leader_share_high", None) in problems(run(kb, data))  # 3/5 > 50 %
    data["nominees"][2]["is_leader"] = False
    assert ("leader_share_high", None) not in problems(run(kb, data))  # 2/5


def test_copied_reports(kb: DossierKB) -> None:
    data = valid_dict()
    text = ("Trong năm 2025 đồng chí đã hoàn thành xuất sắc nhiệm vụ được giao, chủ trì xây "
            "dựng quy trình số hoá hồ sơ, tiết kiệm thời gian xử lý cho đơn vị. ") * 5
    data["nominees"][0]["report_text"] = text
    data["nominees"][1]["report_text"] = text.replace("chủ trì", "tham gia")
    assert ("copied_report", "N2") in problems(run(kb, data))
    data["nominees"][1]["report_text"] = ("Năm 2025 tôi phụ trách công tác kế toán, lập báo cáo "
                                          "tài chính đúng hạn, không để xảy ra sai sót. ") * 5
    assert ("copied_report", "N2") not in problems(run(kb, data))


def test_no_date_gives_one_info_not_a_crash(kb: DossierKB) -> None:
    data = valid_dict()
    del data["received_on"]
    out = check(manifest_of(data), kb).to_json()
    assert [f["severity"] for f in out["findings"]] == ["info"]
