"""Issue 11, "Bad input": an unknown province or sector id, a calendar year with no data, an
issuer id that never existed → one Vietnamese line naming it (exit 2 in the CLI; a plain
question in chat), never a guess and never silently ignored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.eligibility import EligibilityError, evaluate, questions_for
from knowledge.crosscheck import completeness
from knowledge.loader import KnowledgeBase
from tdkt.cli import main

FACTS: dict[str, Any] = {
    "as_of": "2025-01-15",
    "subject": {"kind": "individual"},
    "pending": [],
    "years": {"2024": {"rating": "hoan_thanh_tot", "months_worked": 12,
                       "active_in_emulation": True, "discipline": "none"}},
}


def _run(tmp_path: Path, facts: dict[str, Any], *extra: str) -> int:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    return main(["eligibility", "--award", "lao_dong_tien_tien", "--facts", str(path), *extra])


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("province", ["bac_ninhh", "Bac Ninh xyz", "tinh_moi"])
def test_an_unknown_province_id_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], province: str
) -> None:
    facts = {**FACTS, "subject": {"kind": "individual", "province": province}}
    assert _run(tmp_path, facts) == 2
    line = _one_line(capsys.readouterr().err)
    assert province in line and "tỉnh" in line


@pytest.mark.parametrize("province", ["bac_ninh", "Bắc Ninh", "Thành phố Huế", "ha noi",
                                      "Tỉnh Bắc Giang", "kien_giang"])
def test_registered_provinces_and_merged_ones_are_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], province: str
) -> None:
    facts = {**FACTS, "subject": {"kind": "individual", "province": province}}
    assert _run(tmp_path, facts) == 0, capsys.readouterr().err


def test_an_unknown_deployment_province_is_not_silently_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TDKT_PROVINCE", "tinh_xyz")
    assert _run(tmp_path, FACTS) == 2
    assert "tinh_xyz" in _one_line(capsys.readouterr().err)
    assert main(["knowledge", "show", "lao_dong_tien_tien"]) == 2
    assert "tinh_xyz" in _one_line(capsys.readouterr().err)


def test_an_unknown_sector_id_is_exit_2_naming_it_and_the_valid_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = {**FACTS, "subject": {"kind": "individual", "sector": "giaoduc"}}
    assert _run(tmp_path, facts) == 2
    line = _one_line(capsys.readouterr().err)
    assert "giaoduc" in line and "giao_duc" in line


def test_an_issuer_that_never_existed_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path, {**FACTS, "issuer": "chu_tich_ubnd_quan"}) == 2
    assert "chu_tich_ubnd_quan" in _one_line(capsys.readouterr().err)


def test_a_calendar_year_with_no_data_is_exit_2_naming_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["knowledge", "show", "calendar", "--year", "2031"]) == 2
    assert "2031" in _one_line(capsys.readouterr().err)


def test_in_chat_an_unknown_province_becomes_the_province_question(kb: KnowledgeBase) -> None:
    facts = {**FACTS, "subject": {"kind": "individual", "province": "bac_ninhh"}}
    with pytest.raises(EligibilityError):
        evaluate(kb, "lao_dong_tien_tien", facts)
    [question] = questions_for(kb, "lao_dong_tien_tien", facts)
    assert question.id == "province" and "bac_ninhh" in question.text
    fixed = question.apply(facts, "Bắc Ninh")
    assert evaluate(kb, "lao_dong_tien_tien", fixed).verdict == "eligible"


def test_in_chat_a_wrong_deployment_default_is_asked_not_guessed(kb: KnowledgeBase) -> None:
    [question] = questions_for(kb, "lao_dong_tien_tien", FACTS, province="tinh_xyz")
    assert question.id == "province"
    fixed = question.apply(FACTS, "khac")
    assert evaluate(kb, "lao_dong_tien_tien", fixed, province="tinh_xyz").verdict == "eligible"


def test_in_chat_an_unknown_sector_becomes_the_sector_question(kb: KnowledgeBase) -> None:
    facts = {**FACTS, "subject": {"kind": "individual", "sector": "gd"}}
    [question] = questions_for(kb, "lao_dong_tien_tien", facts)
    assert question.id == "sector" and "gd" in question.text
    fixed = question.apply(facts, "Giáo dục và Đào tạo")
    assert fixed["subject"]["sector"] == "giao_duc"
    assert evaluate(kb, "lao_dong_tien_tien", fixed).verdict == "eligible"


def test_every_province_pack_names_a_registered_province(kb: KnowledgeBase) -> None:
    regions = kb.regions
    assert len(regions.provinces.provinces) == 34
    assert not [i for i in completeness(kb) if i.file == "provinces"]
    for pack_id in kb.provinces:
        assert regions.province_id(pack_id) == pack_id
