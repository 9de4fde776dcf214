"""Citations B1–B11 of the audit: an answer cites the text in force on its date, with the right
article, clause and point (issue 11 item 7)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.eligibility import describe_award
from knowledge.loader import KnowledgeBase


def citations(kb: KnowledgeBase, award: str, day: str) -> dict[str, str]:
    d = describe_award(kb, award, dt.date.fromisoformat(day))
    lines = [*d.conditions, *(c for b in d.bases for c in b.criteria)]
    return {c.id: c.citation for c in lines}


def test_b1_cstdcs_bases_cite_article_23_clause_2(kb: KnowledgeBase) -> None:
    cited = citations(kb, "chien_si_thi_dua_co_so", "2026-12-07")
    for key in ("rating_excellent", "initiative_unit", "research_unit", "combat_creativity"):
        assert cited[key] == "Điều 23 khoản 2 Luật 06/2022/QH15"


@pytest.mark.parametrize(("award", "article"), [("chien_si_thi_dua_bo_nganh_tinh", "22"),
                                                ("chien_si_thi_dua_toan_quoc", "21")])
def test_b2_point_a_for_the_titles_point_b_for_the_alternatives(
    kb: KnowledgeBase, award: str, article: str
) -> None:
    cited = citations(kb, award, "2026-12-07")
    points = {text.split(" Luật")[0] for text in cited.values() if f"Điều {article}" in text}
    assert points == {f"Điều {article} khoản 1 điểm a", f"Điều {article} khoản 1 điểm b"}
    assert not any(f"Điều {article} khoản 1 điểm c" in text for text in cited.values())


@pytest.mark.parametrize(
    ("day", "expected", "absent"),
    [("2024-04-14", "Luật 06/2022", "Khoản 5 Điều 1 Thông tư 01/2024"),
     ("2024-04-15", "01/2024/TT-BNV", "15/2025"),
     ("2025-06-30", "01/2024/TT-BNV", "15/2025"),
     ("2025-07-01", "152/2025", "Khoản 5 Điều 1 Thông tư 01/2024")],
)
def test_b3_months_worked_cites_the_circular_in_force(
    kb: KnowledgeBase, day: str, expected: str, absent: str
) -> None:
    for award in ("chien_si_thi_dua_co_so", "lao_dong_tien_tien"):
        text = citations(kb, award, day)["months_worked"]
        assert expected in text and absent not in text, (award, day, text)


@pytest.mark.parametrize(("day", "cites_1168"), [("2026-02-05", False), ("2026-02-06", True)])
def test_b6_cv_1168_is_cited_only_from_its_date(
    kb: KnowledgeBase, day: str, cites_1168: bool
) -> None:
    text = citations(kb, "bang_khen_tinh", day)["two_initiatives_cstdcs"]
    assert ("1168/BNV-BTĐKT" in text) is cites_1168


@pytest.mark.parametrize(
    ("award", "day", "expected"),
    [("giay_khen", "2023-12-31", "Nghị định 91/2017"), ("giay_khen", "2024-01-01", "06/2022"),
     ("gia_dinh_van_hoa", "2023-12-31", "2003"), ("gia_dinh_van_hoa", "2024-01-01", "06/2022")],
)
def test_b7_old_regime_answers_cite_the_old_texts(
    kb: KnowledgeBase, award: str, day: str, expected: str
) -> None:
    d = describe_award(kb, award, dt.date.fromisoformat(day))
    assert expected in d.citation


@pytest.mark.parametrize(("day", "cites_98"), [("2025-06-30", True), ("2025-07-01", False)])
def test_b5_bk_ttg_cites_decree_98_only_while_in_force(
    kb: KnowledgeBase, day: str, cites_98: bool
) -> None:
    text = citations(kb, "bang_khen_thu_tuong", day)["good_five_years"]
    as_rule = "Điều 30 khoản 9 Nghị định 98/2023" in text and "chưa đối chiếu" not in text
    assert as_rule is cites_98
