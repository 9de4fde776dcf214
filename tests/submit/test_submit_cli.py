"""`tdkt submit`: a dossier with errors is refused (nothing filed) unless `--force` gives a reason;
a filed dossier is `submitted` for the unit, with its files, report and a push to its reviewer."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from dossier.builders import valid_dict
from dossier.campaigns import add_campaigns
from sqlalchemy import func, select

from bot.db.models import Dossier, DossierEvent, Nominee, OutboxMessage
from bot.db.models_submit import DossierFile, FileBlob
from bot.db.session import Database
from tdkt.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["submit", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "ho_so.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def with_error() -> dict[str, Any]:
    data = valid_dict()
    data["components"] = [c for c in data["components"] if c["type"] != "to_trinh"]
    return data


@pytest.fixture
def unit_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Units SYT/SGD with campaign TKN-2025, and a reviewer whose scope is SYT."""
    monkeypatch.setenv("DATABASE_URL", database_url)

    async def prepare() -> None:
        from dossier.campaigns import CREATED

        from bot.db.models import Officer

        db = Database(database_url)
        await db.upgrade()
        units = await add_campaigns(db)
        async with db.session() as s, s.begin():
            s.add(Officer(telegram_user_id=9001, full_name="Thẩm định", unit_id=units.other,
                          role="reviewer", scope=[units.syt], chat_id=9001, created_at=CREATED))
        await db.dispose()

    asyncio.run(prepare())
    return database_url


async def _rows(url: str) -> dict[str, Any]:
    db = Database(url)
    try:
        async with db.session() as s:
            dossiers = list((await s.scalars(select(Dossier))).all())
            return {
                "dossiers": dossiers,
                "events": list((await s.scalars(select(DossierEvent))).all()),
                "nominees": await s.scalar(select(func.count()).select_from(Nominee)),
                "files": list((await s.scalars(select(DossierFile))).all()),
                "blobs": await s.scalar(select(func.count()).select_from(FileBlob)),
                "pushes": list((await s.scalars(select(OutboxMessage))).all()),
            }
    finally:
        await db.dispose()


def rows(url: str) -> dict[str, Any]:
    return asyncio.run(_rows(url))


def test_a_dossier_with_errors_is_refused_and_nothing_is_filed(
        unit_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(write(tmp_path, with_error())), "--unit", "SYT")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "còn 1 lỗi" in err and "--force" in err
    assert rows(unit_db)["dossiers"] == []


def test_force_with_a_reason_files_it_and_the_reason_is_stored(
        unit_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, with_error())
    code, out, err = run(capsys, str(path), "--unit", "SYT", "--campaign", "TKN-2025",
                         "--force", "Tờ trình gửi bản giấy", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["status"] == "submitted" and result["code"].startswith("KT-")
    assert result["findings"]["summary"]["errors"] == 1
    found = rows(unit_db)
    [dossier] = found["dossiers"]
    assert (dossier.code, dossier.status) == (result["code"], "submitted")
    assert dossier.campaign_id is not None and dossier.findings["summary"]["errors"] == 1
    [event] = found["events"]
    assert event.to_status == "submitted" and event.note == "Tờ trình gửi bản giấy"
    assert found["nominees"] == len(valid_dict()["nominees"])
    [filed] = found["files"]
    assert filed.name == "ho_so.json" and len(filed.sha256) == 64 and found["blobs"] == 1
    [push] = found["pushes"]  # the reviewer of SYT, once
    assert push.chat_id == 9001 and result["code"] in push.payload["text"]
    assert "Tờ trình gửi bản giấy" in push.payload["text"]


def test_a_clean_dossier_is_filed_with_its_code_printed(
        unit_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(write(tmp_path, valid_dict())), "--unit", "Sở Giáo dục")
    assert code == 0, err
    [dossier] = rows(unit_db)["dossiers"]
    assert dossier.code in out and "Đã nộp" in out
    assert rows(unit_db)["pushes"] == []  # no reviewer covers SGD


def test_force_without_a_reason_is_bad_input(
        unit_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(write(tmp_path, with_error())), "--unit", "SYT",
                       "--force", " ")
    assert code == 2 and "lý do" in err
    assert rows(unit_db)["dossiers"] == []


def test_submit_checks_the_nominees_with_the_units_records(
        unit_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A CSTĐ cơ sở nominee whose HTXS rating is in SYT's records needs no initiative
    certificate (B15); one whose 2025 rating is "hoàn thành" is reported not eligible."""
    async def people() -> None:
        from bot.db.models import Rating, Subject, Unit
        from bot.text.normalize import fold

        db = Database(unit_db)
        async with db.session() as s, s.begin():
            syt = await s.scalar(select(Unit.id).where(Unit.code == "SYT"))
            assert syt is not None
            for name, rating in (("Trần Thị Mai", "hoan_thanh_xuat_sac"),
                                 ("Đỗ Văn Long", "hoan_thanh")):
                person = Subject(unit_id=syt, kind="individual", name=name, name_folded=fold(name))
                s.add(person)
                await s.flush()
                s.add(Rating(subject_id=person.id, year=2025, rating=rating))
        await db.dispose()

    asyncio.run(people())
    data = valid_dict()
    data["components"] = [c for c in data["components"] if c["type"] != "chung_nhan_sang_kien"]
    code, _, _ = run(capsys, str(write(tmp_path, data)), "--unit", "SYT", "--json")
    assert code == 2 and rows(unit_db)["dossiers"] == []  # Đỗ Văn Long: an error, refused
    code, out, _ = run(capsys, str(write(tmp_path, data)), "--unit", "SYT", "--json",
                         "--force", "Đã bổ sung minh chứng")
    report = json.loads(out)["findings"]["findings"]
    errors = {(f["kind"], f["nominee"]) for f in report if f["severity"] == "error"}
    assert errors == {("criteria_not_met", "N1")}  # no certificate asked of Trần Thị Mai
