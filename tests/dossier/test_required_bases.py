"""From 2026-10-01 a tờ trình's "Căn cứ" should name the amending law; the 2015 local-government
law is outdated from 2025-07-01 (issue 11 item 5, audit §2.3)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.dossier import check
from dossier.builders import manifest_of, valid_dict
from knowledge.dossier_schema import DossierKB


def findings(kb: DossierKB, received: str, bases: list[str] | None) -> list[dict[str, Any]]:
    data = valid_dict()
    data["received_on"] = received
    data["campaign"] = None
    if bases is None:
        data["components"][0].pop("legal_basis")
    else:
        data["components"][0]["legal_basis"] = bases
    return check(manifest_of(data), kb).to_json()["findings"]


BASES = ["Luật Thi đua, khen thưởng số 06/2022/QH15", "Nghị định số 152/2025/NĐ-CP"]


@pytest.mark.parametrize(("received", "flagged"), [("2026-09-30", False), ("2026-10-01", True)])
def test_the_amending_law_is_expected_from_1_october_2026(
    kb: DossierKB, received: str, flagged: bool
) -> None:
    found = [f for f in findings(kb, received, BASES) if f["kind"] == "missing_legal_basis"]
    assert bool(found) is flagged
    if flagged:
        assert found[0]["severity"] == "warning" and "06/2026/QH16" in found[0]["message"]


def test_citing_the_amending_law_clears_the_warning(kb: DossierKB) -> None:
    bases = [*BASES, "Luật số 06/2026/QH16 sửa đổi, bổ sung Luật Thi đua, khen thưởng"]
    assert not [f for f in findings(kb, "2026-12-01", bases) if f["kind"] == "missing_legal_basis"]


def test_an_unknown_list_of_bases_says_nothing(kb: DossierKB) -> None:
    assert not [f for f in findings(kb, "2026-12-01", None) if f["kind"] == "missing_legal_basis"]


@pytest.mark.parametrize(("received", "flagged"), [("2025-06-30", False), ("2025-07-01", True)])
def test_the_2015_local_government_law_is_outdated_from_1_july_2025(
    kb: DossierKB, received: str, flagged: bool
) -> None:
    bases = [*BASES, "Luật Tổ chức chính quyền địa phương năm 2015"]
    found = [f for f in findings(kb, received, bases)
             if f["kind"] == "outdated_legal_basis" and f.get("rule") == "luat_tccqdp_2015"]
    assert bool(found) is flagged


@pytest.mark.parametrize(("received", "rule_set"), [
    ("2026-09-30", "luat-06-2022+nd-152-2025"),
    ("2026-10-01", "luat-06-2022-sua-doi-2026+nd-152-2025"),
])
def test_the_dossier_rule_set_is_chosen_by_the_receipt_date(
    kb: DossierKB, received: str, rule_set: str
) -> None:
    data = valid_dict()
    data["received_on"] = received
    assert check(manifest_of(data), kb).rule_set == rule_set
