"""`wrong_authority`: a proposal addressed to an authority that does not exist, or cannot decide
the award, on the day the dossier is received (issue 11 item 4; ND 129/2025 Art. 59)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.dossier import check
from dossier.builders import manifest_of, valid_dict
from knowledge.dossier_schema import DossierKB


def authority_findings(kb: DossierKB, received: str, addressed: str, award: str,
                       where: str = "manifest") -> list[dict[str, Any]]:
    data = valid_dict()
    data["received_on"] = received
    data["award"]["code"] = award
    if where == "manifest":
        data["addressed_to"] = addressed
    else:
        data["components"][0]["addressed_to"] = addressed
    out = check(manifest_of(data), kb).to_json()["findings"]
    return [f for f in out if f["kind"] == "wrong_authority"]


@pytest.mark.parametrize(("received", "flagged"), [("2025-06-30", False), ("2025-07-01", True)])
def test_a_district_chairman_is_gone_from_1_july_2025(
    kb: DossierKB, received: str, flagged: bool
) -> None:
    found = authority_findings(kb, received, "Chủ tịch UBND huyện Tiên Du", "lao_dong_tien_tien")
    assert bool(found) is flagged
    if flagged:
        assert found[0]["severity"] == "error"
        assert "01/07/2025" in found[0]["message"]
        assert "Chủ tịch Ủy ban nhân dân cấp xã" in found[0]["fix"]
        assert "72/2025/QH15" in found[0]["citation"]


@pytest.mark.parametrize(("received", "flagged"), [("2025-06-30", True), ("2025-07-01", False)])
def test_the_commune_chairman_decides_cstdcs_from_1_july_2025(
    kb: DossierKB, received: str, flagged: bool
) -> None:
    found = authority_findings(kb, received, "chu_tich_ubnd_xa", "chien_si_thi_dua_co_so",
                               where="to_trinh")
    assert bool(found) is flagged
    if flagged:
        assert "không có thẩm quyền" in found[0]["message"]


def test_the_commune_chairman_cannot_give_a_provincial_bang_khen(kb: DossierKB) -> None:
    found = authority_findings(kb, "2026-12-01", "Chủ tịch UBND xã Lim", "bang_khen_tinh")
    assert [f["severity"] for f in found] == ["error"]
    assert "Chủ tịch Ủy ban nhân dân cấp tỉnh" in found[0]["message"]


def test_an_addressee_the_data_does_not_know_is_only_something_to_check(kb: DossierKB) -> None:
    found = authority_findings(kb, "2026-12-01", "Ông Nguyễn Văn A", "lao_dong_tien_tien")
    assert [f["severity"] for f in found] == ["info"]
    assert "Ông Nguyễn Văn A" in found[0]["message"]


def test_no_addressee_no_finding(kb: DossierKB) -> None:
    out = check(manifest_of(valid_dict()), kb).to_json()["findings"]
    assert not [f for f in out if f["kind"] == "wrong_authority"]


@pytest.mark.parametrize(
    ("decided_on", "category", "ends"),
    [("2025-06-30", "cong_chuc", None),  # old 6-month term: over on 30/12/2025
     ("2025-07-01", "cong_chuc", "01/07/2026"),  # ND 172/2025 Art. 2.9: 12 months
     ("2025-05-01", "vien_chuc", None),  # public employees keep the old 6 months (low)
     ("2025-07-01", "vien_chuc", "01/01/2026")],
)
def test_a_discipline_without_an_end_date_uses_the_default_term(
    kb: DossierKB, decided_on: str, category: str, ends: str | None
) -> None:
    data = valid_dict()
    data["received_on"] = "2027-01-20"
    data["nominees"][0]["achievement_period"] = {"from": "2026-01-01", "to": "2026-12-31"}
    data["nominees"][0]["facts"] = {
        "subject": {"kind": "individual", "category": category},
        "years": {"2025": {"discipline": {"form": "khien_trach", "decided_on": decided_on}}},
    }
    out = check(manifest_of(data), kb).to_json()["findings"]
    found = [f for f in out if f["kind"] == "discipline" and f["nominee"] == "N1"]
    assert bool(found) is (ends is not None)
    if ends is not None:
        assert ends in found[0]["message"] and "mặc định" in found[0]["message"]
