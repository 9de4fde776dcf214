"""`tdkt knowledge show|check` and the source register (issue 11 items 1, 6, 7)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml

from e2e.support import knowledge_base
from knowledge.crosscheck import cited_uses, cross_check, season_warnings
from knowledge.loader import KNOWLEDGE_DIR, KnowledgeBase, load_knowledge
from tdkt.cli import main


def test_calendar_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["knowledge", "show", "calendar", "--year", "2026", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"year", "days_off", "working_saturdays", "confidence", "sources"}
    assert data["year"] == 2026
    assert "2026-11-24" in data["days_off"] and "2026-08-31" in data["days_off"]
    assert "2026-04-26" not in data["days_off"]  # a Sunday: weekends are not listed
    assert data["working_saturdays"] == ["2026-01-10", "2026-08-22"]
    assert any("28/2026/QH16" in s for s in data["sources"])


def test_the_2027_calendar_is_an_estimate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["knowledge", "show", "calendar", "--year", "2027"]) == 0
    out = capsys.readouterr().out
    assert "thấp" in out and "chưa chốt" in out and "24/11/2027" in out


@pytest.mark.parametrize("argv", [["--year", "2031"], []])
def test_a_year_without_a_calendar_is_one_vietnamese_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["knowledge", "show", "calendar", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert ("2031" in err) if argv else ("--year" in err)


def test_every_award_can_be_shown(kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    for award in kb.awards.values():
        assert main(["knowledge", "show", award.id, "--as-of", "2026-12-07"]) == 0, award.id
        out = capsys.readouterr().out
        assert award.name in out and "Thẩm quyền quyết định" in out


def test_an_award_with_no_rules_on_the_date_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["knowledge", "show", "huan_chuong_lao_dong_hang_nhi", "--as-of",
                 "2023-11-20"]) == 2
    err = capsys.readouterr().err
    assert "Huân chương Lao động hạng Nhì" in err and "20/11/2023" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_knowledge_check_is_clean_and_warns_about_next_season(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["knowledge", "check"]) == 0
    assert "hợp lệ" in capsys.readouterr().out


def test_season_warnings_name_the_2027_estimate_and_sunsets(kb: KnowledgeBase) -> None:
    keys = [w.key for w in season_warnings(kb, dt.date(2026, 12, 7))]
    assert "calendar_estimated" in keys and "sunset_near" in keys
    assert "calendar_missing" in [w.key for w in season_warnings(kb, dt.date(2027, 6, 1))]
    assert "sunset_past" in [w.key for w in season_warnings(kb, dt.date(2027, 3, 1))]
    assert not season_warnings(kb, dt.date(2025, 6, 1))


def test_every_cited_document_is_registered_and_in_force_when_cited() -> None:
    register = knowledge_base().sources
    assert register is not None
    for use in cited_uses(KNOWLEDGE_DIR):
        for part, source in register.resolve(use.document):
            assert source is not None, f"{use.file} {use.key}: {part!r} unregistered"
            if use.start is None or use.carried:
                continue
            end = use.end or dt.date.max
            assert source.in_force_from <= end, f"{use.file} {use.key}: {source.number}"
            assert source.in_force_to is None or use.start <= source.in_force_to, (
                f"{use.file} {use.key}: {source.number} ended {source.in_force_to}")


def test_the_cross_check_passes_on_the_shipped_knowledge(kb: KnowledgeBase) -> None:
    assert cross_check(kb) == []


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def test_a_citation_to_an_unregistered_text_is_refused(knowledge_copy: Path) -> None:
    path = knowledge_copy / "criteria" / "lao_dong_tien_tien.yaml"
    path.write_text(path.read_text("utf-8").replace(
        'document: "Luật 06/2022/QH15", article: "24"', 'document: "Thông tư 99/2099/TT-XYZ"', 1),
        "utf-8")
    issues = cross_check(load_knowledge(knowledge_copy), cases_dir=knowledge_copy / "none")
    assert any("99/2099/TT-XYZ" in i.message and i.file.endswith("lao_dong_tien_tien.yaml")
               for i in issues)


def test_a_citation_before_its_text_was_in_force_is_refused(knowledge_copy: Path) -> None:
    # B6: CV 1168/BNV-BTĐKT (06/02/2026) cited for a Bằng khen rule applied since 2024.
    path = knowledge_copy / "criteria" / "bang_khen_tinh.yaml"
    text = path.read_text("utf-8").replace(
        'citation: {document: "Luật 06/2022/QH15", article: "74", clause: "1", point: "d", '
        'text: "Điều 74 khoản 1 điểm d Luật 06/2022/QH15 (cách',
        'citation: {document: "Công văn 1168/BNV-BTĐKT", text: "Điều 74 khoản 1 điểm d Luật '
        '06/2022/QH15 (cách', 1)
    path.write_text(text, "utf-8")
    issues = cross_check(load_knowledge(knowledge_copy), cases_dir=knowledge_copy / "none")
    assert any("1168/BNV-BTĐKT is not in force" in i.message for i in issues)


def test_an_award_missing_from_the_ladders_is_named(knowledge_copy: Path) -> None:
    path = knowledge_copy / "ladders" / "ladders.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["ladders"] = [x for x in data["ladders"] if x["id"] != "household_titles"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    issues = cross_check(load_knowledge(knowledge_copy), cases_dir=knowledge_copy / "none")
    assert [str(i) for i in issues] == [
        "ladders/ladders.yaml: awards[gia_dinh_van_hoa]: in no ladder"]


def test_an_award_with_too_few_cases_is_named(kb: KnowledgeBase, tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "giay_khen.yaml").write_text("award: giay_khen\ncases: [{name: a}]\n", "utf-8")
    issues = [i for i in cross_check(kb, cases_dir=cases) if "giay_khen" in i.file]
    assert [i.message for i in issues] == ["1 cases, at least 5"]
