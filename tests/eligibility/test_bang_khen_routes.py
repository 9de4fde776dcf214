"""Bằng khen tỉnh/bộ (Law 06/2022 Art. 74; audit A4–A6): the interview asks who the person is
before the routes reserved for workers, farmers, business people and scientists; a disputed
reading and a sáng kiến + đề tài mix are answered as questions for the reviewer, never as "no"."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from bot.eligibility import evaluate, questions_for
from knowledge.loader import KnowledgeBase
from tdkt.cli import main

# An officer's first answers: nothing pending, an ordinary year, no movement, feat or contribution.
START: dict[str, Any] = {
    "as_of": "2025-01-15",
    "subject": {"kind": "individual"},
    "pending": [],
    "awards": [],
    "other_achievements": {"phong_trao": False, "dot_xuat": False, "dong_gop": False},
    "years": {"2024": {"rating": "hoan_thanh", "discipline": "none", "titles": []}},
}
START_DAY = dt.date(2025, 1, 15)


def _interview(kb: KnowledgeBase, facts: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    """Answer the first question while it is one of `answers`; the ids asked, in order."""
    asked: list[str] = []
    while (questions := questions_for(kb, "bang_khen_tinh", facts)) and questions[
        0
    ].id in answers:
        asked.append(questions[0].id)
        facts.update(questions[0].apply(facts, answers[questions[0].id]))
    return asked


def test_the_interview_asks_who_the_person_is_before_the_workers_route(
    kb: KnowledgeBase,
) -> None:
    facts = dict(START)
    asked = _interview(
        kb, facts, {"subject_category": "cong nhan", "other_lao_dong_san_xuat": "có"}
    )
    assert asked == ["subject_category", "other_lao_dong_san_xuat"]
    assert facts["subject"]["category"] == "cong_nhan"
    assert evaluate(kb, "bang_khen_tinh", facts).verdict == "eligible"


def test_a_civil_servant_is_never_asked_about_production_achievements(
    kb: KnowledgeBase,
) -> None:
    facts = dict(START)
    asked = _interview(kb, facts, {"subject_category": "Công chức"})
    assert asked == ["subject_category"]
    remaining = [q.id for q in questions_for(kb, "bang_khen_tinh", facts)]
    assert "other_lao_dong_san_xuat" not in remaining
    assert "other_dong_gop_duoc_cong_nhan" not in remaining


def test_the_category_question_offers_every_route_and_khong_ro(kb: KnowledgeBase) -> None:
    question = questions_for(kb, "bang_khen_tinh", START)[0]
    assert question.id == "subject_category"
    labels = set(question.options.values())
    assert {"Công nhân", "Nông dân", "Doanh nhân", "Nhà khoa học", "Công chức"} <= labels
    assert question.validate("khong ro", START_DAY) == "unknown"


def test_the_disputed_branch_names_both_readings_and_no_question(kb: KnowledgeBase) -> None:
    """Audit case c2: 2 consecutive CSTĐ cơ sở on the HTXS route, no initiative."""
    facts = {
        **START,
        "subject": {"kind": "individual", "category": "cong_chuc"},
        "initiatives": [],
        "years": {
            "2023": {"rating": "hoan_thanh_xuat_sac",
                     "titles": [{"award": "chien_si_thi_dua_co_so", "route": "htxs"}]},
            "2024": {"rating": "hoan_thanh_tot", "discipline": "none",
                     "titles": [{"award": "chien_si_thi_dua_co_so", "route": "htxs"}]},
        },
    }
    verdict = evaluate(kb, "bang_khen_tinh", facts)
    assert verdict.verdict == "needs_more_info"
    assert verdict.missing == ()
    readings = [n for n in verdict.notices if "cách hiểu 1" in n]
    assert len(readings) == 1 and "cách hiểu 2" in readings[0]
    assert "Sở Nội vụ" in readings[0]
    disputed = next(c for c in verdict.to_json()["criteria"] if c["id"] == "two_initiatives_cstdcs")
    assert disputed["met"] is None and disputed["reason"] == "disputed_reading"


def test_a_mix_of_one_initiative_and_one_research_work_says_why(kb: KnowledgeBase) -> None:
    facts = {
        **START,
        "subject": {"kind": "individual", "category": "vien_chuc"},
        "initiatives": [
            {"year": 2023, "kind": "sang_kien", "scope": "co_so", "recognized": True,
             "applied": True},
            {"year": 2024, "kind": "de_tai", "scope": "co_so", "recognized": True,
             "applied": True},
        ],
        "years": {
            "2023": {"rating": "hoan_thanh_xuat_sac", "titles": []},
            "2024": {"rating": "hoan_thanh_xuat_sac", "discipline": "none", "titles": []},
        },
    }
    verdict = evaluate(kb, "bang_khen_tinh", facts)
    assert verdict.verdict == "needs_more_info"
    assert any("02 sáng kiến … hoặc 02 đề tài" in n for n in verdict.notices)
    assert questions_for(kb, "bang_khen_tinh", facts) == []



def test_the_interview_asks_whether_counted_initiatives_mix_kinds(kb: KnowledgeBase) -> None:
    """The counts question does not say sáng kiến from đề tài; for the Bằng khen it matters."""
    facts: dict[str, Any] = {
        **START,
        "subject": {"kind": "individual", "category": "cong_chuc"},
        "years": {
            "2023": {"rating": "hoan_thanh_xuat_sac", "titles": []},
            "2024": {"rating": "hoan_thanh_xuat_sac", "discipline": "none", "titles": []},
        },
    }
    asked = _interview(
        kb, facts, {"initiatives_2024": "1 cơ sở", "initiatives_2023": "1 co so",
                    "initiative_kinds": "Có cả sáng kiến và đề tài"},
    )
    assert asked == ["initiatives_2024", "initiatives_2023", "initiative_kinds"]
    verdict = evaluate(kb, "bang_khen_tinh", facts)
    assert verdict.verdict == "needs_more_info"
    assert any("hoặc 02 đề tài" in n for n in verdict.notices)
    same = {**facts, "interview": {"initiative_kinds": "sang_kien"}}
    assert evaluate(kb, "bang_khen_tinh", same).verdict == "eligible"


def test_the_answer_for_case_c2_shows_what_holds_and_both_readings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the officer reads (audit §3 c2): no ❌ headline, the ✅ two CSTĐ cơ sở, the open
    initiative line, both readings, and no "answer the Không rõ questions" hint (nothing to ask)."""
    facts = {
        **START,
        "as_of": "2026-12-07",
        "evaluation_year": 2026,
        "subject": {"kind": "individual", "category": "cong_chuc", "province": "bac_ninh"},
        "initiatives": [],
        "years": {
            "2024": {"rating": "hoan_thanh_xuat_sac", "titles": []},
            "2025": {"rating": "hoan_thanh_xuat_sac",
                     "titles": [{"award": "chien_si_thi_dua_co_so", "route": "htxs"}]},
            "2026": {"rating": "hoan_thanh_xuat_sac", "discipline": "none",
                     "titles": [{"award": "chien_si_thi_dua_co_so", "route": "htxs"}]},
        },
    }
    path = tmp_path / "c2.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    assert main(["eligibility", "--award", "bk tinh", "--facts", str(path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1].startswith("❔")
    assert any(line.startswith("✅") and "2 lần liên tục" in line for line in lines)
    assert any(line.startswith("❔") and "02 lần Chiến sĩ thi đua cơ sở đó" in line
               for line in lines)
    assert "cách hiểu 1" in out and "cách hiểu 2" in out
    assert "Còn thiếu thông tin" not in out
