"""`tdkt check-dossier` as an officer or a script uses it: exit codes, text and JSON output."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from bot.db.session import Database
from dossier.builders import valid_dict
from dossier.campaigns import add_campaigns
from dossier.test_readers import full_draft
from tdkt.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check-dossier", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def write_manifest(tmp_path: Path, data: dict[str, object], name: str = "ho_so.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_clean_manifest_exits_0_with_a_summary(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(write_manifest(tmp_path, valid_dict())))
    assert code == 0 and err == ""
    assert "Không phát hiện lỗi hay cảnh báo" in out
    assert "20/01/2026" in out  # the manifest's received date is kept when none is given


def test_findings_are_grouped_with_nominee_fix_and_citation(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = valid_dict()
    data["components"] = [c for c in data["components"]
                          if not (c["type"] == "chung_nhan_sang_kien" and c["nominee"] == "N2")]
    data["nominees"][1]["route"] = "initiative"  # her route rests on the missing certificate
    data["council"]["votes"]["N1"] = {"agree": 7}
    code, out, _ = run(capsys, str(write_manifest(tmp_path, data)), "--received-on", "2025-03-01")
    assert code == 0  # findings never change the exit code
    assert "2 lỗi" in out
    errors = out.split("Lỗi", 1)[1]
    assert "Trần Thị Mai" in errors and "Đỗ Văn Long" in errors
    assert "Cách sửa:" in errors and "Căn cứ: Điều 30 khoản 7 Nghị định 98/2023/NĐ-CP" in errors


def test_json_is_the_contract_result(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = valid_dict()
    data["council"]["votes"]["N1"] = {"agree": 7}
    code, out, _ = run(capsys, str(write_manifest(tmp_path, data)), "--json",
                       "--received-on", "2025-03-01")
    result = json.loads(out)
    assert code == 0
    assert set(result) >= {"findings", "summary", "rule_set"}
    assert result["summary"]["errors"] == 1
    vote = next(f for f in result["findings"] if f["kind"] == "vote_below_threshold")
    assert vote["nominee"] == "N1" and vote["severity"] == "error"
    assert set(vote) >= {"kind", "severity", "nominee", "component", "message", "fix",
                         "citation"}


def test_award_and_received_date_options_override_the_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, data in full_draft():
        (tmp_path / name).write_bytes(data)
    code, out, _ = run(capsys, str(tmp_path), "--award", "bang khen tinh", "--json",
                       "--received-on", "2025-03-01")
    result = json.loads(out)
    assert code == 0
    assert result["rule_set"] == "luat-06-2022+nd-98-2023"
    missing = {f["component"] for f in result["findings"] if f["kind"] == "missing_component"}
    assert "chung_nhan_sang_kien" not in missing  # the Bằng khen rules apply, not CSTĐCS


def test_a_docx_file_alone_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name, data = full_draft()[0]
    (tmp_path / name).write_bytes(data)
    code, out, _ = run(capsys, str(tmp_path / name), "--received-on", "2026-01-20")
    assert code == 0
    assert "1 lỗi" in out and "Biên bản bình xét thi đua" in out  # the minutes are missing


@pytest.mark.parametrize("argv, expected", [
    (["{tmp}/khong_co.docx"], "không tìm thấy"),
    (["{tmp}"], "thư mục không có tệp nào"),
    (["{tmp}/hong.docx"], "tệp bị hỏng"),
    (["{tmp}/ok.json", "--received-on", "20/01/2026"], "--received-on"),
    (["{tmp}/ok.json", "--award", "giai thuong xyz"], "giai thuong xyz"),
    (["{tmp}/sai.json"], "dòng 2"),
    (["{tmp}/sai.yaml"], "council.total_members"),
])
def test_bad_input_exits_2_with_one_vietnamese_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
        expected: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_manifest(folder, valid_dict(), "ok.json")
    (folder / "sai.json").write_text('{"received_on": "2026-01-20",\n "nominees": [}',
                                     encoding="utf-8")
    (folder / "sai.yaml").write_text("council: {total_members: -1}\n", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    (folder / "hong.docx").write_bytes(b"not a word file")
    args = [a.replace("{tmp}", str(empty if a == "{tmp}" else folder)) for a in argv]
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert expected in err
    assert "Traceback" not in err


# --- --campaign: the campaign's deadline from the database ---------------------------------


@pytest.fixture
def campaign_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """DATABASE_URL points at a database holding TKN-2025 (titles due 20/01/2026)."""
    monkeypatch.setenv("DATABASE_URL", database_url)

    async def prepare() -> None:
        db = Database(database_url)
        await db.upgrade()
        await add_campaigns(db)
        await db.dispose()

    asyncio.run(prepare())
    return database_url


def without_deadline() -> dict[str, Any]:
    data = valid_dict()
    del data["campaign"]
    return data


def late(out: str) -> list[dict[str, Any]]:
    return [f for f in json.loads(out)["findings"] if f["kind"] == "late_submission"]


def test_the_campaign_deadline_from_the_database_makes_a_late_dossier_late(
        campaign_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write_manifest(tmp_path, without_deadline()))
    code, out, _ = run(capsys, path, "--received-on", "2026-01-22", "--json")
    assert code == 0 and late(out) == []  # no campaign, no deadline
    code, out, _ = run(capsys, path, "--campaign", "TKN-2025", "--received-on", "2026-01-22",
                       "--json")
    assert code == 0
    [finding] = late(out)
    assert "20/01/2026" in finding["message"] and "2 ngày" in finding["message"]
    code, out, _ = run(capsys, path, "--campaign", "TKN-2025", "--received-on", "2026-01-22")
    assert "Nộp muộn" in out or "quá hạn 2 ngày" in out
    assert "Đợt xét: Tổng kết thi đua năm 2025 (TKN-2025), hạn nộp 20/01/2026." in out


def test_the_manifest_deadline_wins_over_the_database(
        campaign_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = valid_dict()  # its own campaign deadline: 31/01/2026
    path = str(write_manifest(tmp_path, data))
    code, out, _ = run(capsys, path, "--campaign", "TKN-2025", "--received-on", "2026-01-22",
                       "--json")
    assert code == 0 and late(out) == []


def test_an_unknown_campaign_exits_2_naming_the_code(
        campaign_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write_manifest(tmp_path, without_deadline()))
    code, out, err = run(capsys, path, "--campaign", "TKN-2099")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "TKN-2099" in err and "Không tìm thấy đợt xét" in err


def test_without_a_database_the_campaign_code_is_used_as_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "chua_co.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{missing}")
    path = str(write_manifest(tmp_path, valid_dict()))
    code, out, _ = run(capsys, path, "--campaign", "TKN-2099", "--received-on", "2026-02-02",
                       "--json")
    assert code == 0
    [finding] = late(out)  # the manifest's own deadline, under the given code
    assert "TKN-2099" in finding["message"]
    assert not missing.exists()  # never created


def test_an_unreachable_database_is_said_and_the_dossier_still_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://tdkt@127.0.0.1:1/tdkt")  # nothing listens
    path = str(write_manifest(tmp_path, without_deadline()))
    code, out, err = run(capsys, path, "--campaign", "TKN-2025", "--received-on", "2026-01-22",
                         "--json")
    assert code == 0 and late(out) == []  # checked, without the database's deadline
    assert "Không kết nối được cơ sở dữ liệu (127.0.0.1:1)" in err and "TKN-2025" in err
