"""Bắc Ninh's own dossier rules (QĐ 86/2025), applied when the proposing body is in Bắc Ninh:
the standing deadlines of Art. 6 (year-end 10/12, education 10/07) when the dossier names no
campaign deadline, and the provincial council's 80 % attendance (Art. 8.4.b) — from 15/12/2025."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.dossier import check
from dossier.builders import manifest_of, valid_dict
from knowledge.dossier_schema import DossierKB


def bac_ninh_year_end(sector: str | None = None, period_end: str = "2026-12-31") -> dict[str, Any]:
    data = valid_dict()
    data.pop("campaign")
    data["proposing_body"] = {"name": "Sở Y tế tỉnh Bắc Ninh", "level": "tinh_agency",
                              "province": "bac_ninh"}
    if sector:
        data["proposing_body"]["sector"] = sector
    for nominee in data["nominees"]:
        nominee["achievement_period"] = {"from": period_end[:4] + "-01-01", "to": period_end}
    return data


def findings(kb: DossierKB, data: dict[str, Any], day: str) -> list[dict[str, Any]]:
    result = check(manifest_of(data), kb, as_of=dt.date.fromisoformat(day))
    return list(result.to_json()["findings"])


def late(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in found if f["kind"] == "late_submission"]


def test_year_end_dossier_after_10_december_is_late_with_the_article_cited(kb: DossierKB) -> None:
    found = late(findings(kb, bac_ninh_year_end(), "2026-12-14"))
    assert len(found) == 1
    assert found[0]["severity"] == "warning"
    assert "Điều 6 khoản 2" in found[0]["citation"]
    assert "10/12/2026" in found[0]["message"] and "quy định của tỉnh" in found[0]["message"]


def test_year_end_dossier_on_10_december_is_on_time(kb: DossierKB) -> None:
    assert late(findings(kb, bac_ninh_year_end(), "2026-12-10")) == []


def test_a_school_has_until_10_july_after_the_school_year(kb: DossierKB) -> None:
    school = bac_ninh_year_end(sector="giao_duc", period_end="2026-05-31")
    assert late(findings(kb, school, "2026-07-10")) == []
    found = late(findings(kb, school, "2026-07-13"))
    assert len(found) == 1 and "Điều 6 khoản 3" in found[0]["citation"]
    assert "10/07/2026" in found[0]["message"]


def test_another_province_has_no_standing_deadline(kb: DossierKB) -> None:
    data = bac_ninh_year_end()
    data["proposing_body"]["province"] = "ha_noi"
    assert late(findings(kb, data, "2026-12-20")) == []


def test_before_the_pack_is_in_force_there_is_no_standing_deadline(kb: DossierKB) -> None:
    before = bac_ninh_year_end(period_end="2025-12-31")
    assert late(findings(kb, before, "2025-12-14")) == []
    assert len(late(findings(kb, before, "2025-12-15"))) == 1  # in force; past 10/12/2025


def test_a_campaign_deadline_still_wins(kb: DossierKB) -> None:
    data = bac_ninh_year_end()
    data["campaign"] = {"code": "TKN-2026", "deadline": "2027-01-15", "applies_to": ["cong_trang"]}
    assert late(findings(kb, data, "2026-12-20")) == []


def provincial_dossier(present: int) -> dict[str, Any]:
    data = bac_ninh_year_end()
    data["proposing_body"] = {"name": "UBND tỉnh Bắc Ninh", "level": "tinh",
                              "province": "bac_ninh"}
    data["council"]["total_members"] = 15
    data["council"]["present"] = present
    return data


def test_the_provincial_council_needs_80_percent_present(kb: DossierKB) -> None:
    short = [f for f in findings(kb, provincial_dossier(11), "2026-12-09")
             if f["kind"] == "council_quorum"]
    assert len(short) == 1 and short[0]["severity"] == "warning"
    assert "11/15" in short[0]["message"] and "Điều 8 khoản 4 điểm b" in short[0]["citation"]
    assert not [f for f in findings(kb, provincial_dossier(12), "2026-12-09")
                if f["kind"] == "council_quorum"]


def test_a_unit_council_has_no_attendance_rule(kb: DossierKB) -> None:
    data = bac_ninh_year_end()
    data["council"]["present"] = 5
    assert not [f for f in findings(kb, data, "2026-12-09") if f["kind"] == "council_quorum"]


def test_nominees_are_judged_on_the_rules_of_the_dossiers_province(kb: DossierKB) -> None:
    seen: list[dict[str, Any]] = []

    def judge(award: str, facts: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
        seen.append(facts)
        return {"verdict": "eligible", "criteria": [], "missing": []}

    data = bac_ninh_year_end()
    data["nominees"][0]["facts"] = {"subject": {"kind": "individual"}}
    data["nominees"][1]["facts"] = {"subject": {"kind": "individual", "province": "ha_noi"}}
    check(manifest_of(data), kb, as_of=dt.date(2026, 12, 9), eligibility=judge)
    assert [f["subject"].get("province") for f in seen] == ["bac_ninh", "ha_noi"]
