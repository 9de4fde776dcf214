"""The unit's province comes from the database (issue 11 item 9): stored on the unit, filled by
the import (a unit without one inherits its parent's), backfilled by the migration from
TDKT_PROVINCE, and applied by `tdkt eligibility --unit U` (contracts §1/§2)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.engine import Connection

from bot.db.models import Unit
from bot.db.session import Database, alembic_config
from tdkt.cli.main import main

NOW = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
GIAY_KHEN_FACTS: dict[str, Any] = {
    "as_of": "2026-12-07",
    "evaluation_year": 2026,
    "subject": {"kind": "individual"},
    "pending": [],
    "awards": [],
    "other_achievements": {"phong_trao": True, "dot_xuat": False},
    "years": {"2026": {"rating": "hoan_thanh_tot", "discipline": "none"}},
}


def _units(url: str, *rows: tuple[str, str, str | None, str | None]) -> None:
    """(code, name, parent code, province) rows, in parent-first order."""

    async def go() -> None:
        db = Database(url)
        try:
            await db.upgrade()
            async with db.session() as session, session.begin():
                ids: dict[str, int] = {}
                for code, name, parent, province in rows:
                    unit = Unit(code=code, name=name, name_folded=name.lower(), level="unit",
                                parent_id=ids.get(parent or ""), province=province,
                                created_at=NOW)
                    session.add(unit)
                    await session.flush()
                    ids[code] = unit.id
        finally:
            await db.dispose()

    asyncio.run(go())


async def _read_provinces(url: str) -> dict[str, str | None]:
    db = Database(url)
    try:
        async with db.session() as session:
            rows = (await session.execute(select(Unit.code, Unit.province))).all()
        return {code: province for code, province in rows}
    finally:
        await db.dispose()


def _provinces(url: str) -> dict[str, str | None]:
    return asyncio.run(_read_provinces(url))


@pytest.fixture
def unit_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TDKT_PROVINCE", raising=False)
    _units(
        database_url,
        ("UBND-BN", "Ủy ban nhân dân tỉnh Bắc Ninh", None, "bac_ninh"),
        ("SNV-BN", "Sở Nội vụ tỉnh Bắc Ninh", "UBND-BN", None),
        ("SYT-HN", "Sở Y tế Hà Nội", None, "ha_noi"),
        ("TRUONG-X", "Trường Tiểu học Xuân Phong", None, None),
    )
    return database_url


def eligibility(capsys: pytest.CaptureFixture[str], tmp_path: Path, *extra: str,
                facts: dict[str, Any] | None = None) -> tuple[int, Any, str]:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts or GIAY_KHEN_FACTS, ensure_ascii=False), encoding="utf-8")
    code = main(["eligibility", "--award", "giay khen", "--facts", str(path), "--json", *extra])
    out, err = capsys.readouterr()
    return code, json.loads(out) if code == 0 else None, err


def test_cli_unit_of_bac_ninh_applies_the_pack_inherited_from_its_parent(
    unit_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, verdict, _ = eligibility(capsys, tmp_path, "--unit", "SNV-BN")
    assert code == 0
    assert verdict["province"] == "bac_ninh"
    assert verdict["verdict"] == "eligible"
    assert any("86/2025/QĐ-UBND" in c["citation"] for c in verdict["criteria"])
    assert not any("chưa có trong dữ liệu" in c for c in verdict["caveats"])


def test_cli_unit_of_a_province_without_a_pack_gets_national_rules_and_the_caveat(
    unit_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, verdict, _ = eligibility(capsys, tmp_path, "--unit", "so y te ha noi")
    assert code == 0
    assert verdict["verdict"] == "eligible"
    assert verdict["province"] is None  # no pack applied
    assert any(
        "Quy định riêng của tỉnh về Giấy khen chưa có trong dữ liệu" in c
        for c in verdict["caveats"]
    ), verdict["caveats"]
    assert any("Điều 75" in c["citation"] for c in verdict["criteria"])


def test_cli_unit_with_no_province_recorded_says_the_province_is_unknown(
    unit_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, verdict, _ = eligibility(capsys, tmp_path, "--unit", "TRUONG-X")
    assert code == 0 and verdict["verdict"] == "eligible"
    assert any("Chưa rõ tỉnh nào" in c for c in verdict["caveats"]), verdict["caveats"]


def test_cli_facts_naming_a_province_win_over_the_unit(
    unit_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    facts = {**GIAY_KHEN_FACTS, "subject": {"kind": "individual", "province": "bac_ninh"}}
    code, verdict, _ = eligibility(capsys, tmp_path, "--unit", "SYT-HN", facts=facts)
    assert code == 0 and verdict["province"] == "bac_ninh"


def test_cli_unknown_unit_is_one_vietnamese_line_and_exit_2(
    unit_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = eligibility(capsys, tmp_path, "--unit", "Benh vien khong ton tai")
    assert code == 2
    assert "Benh vien khong ton tai" in err
    assert "Traceback" not in err


def test_import_fills_the_province_and_a_child_inherits_its_parents(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    path = tmp_path / "don_vi.csv"
    path.write_text(
        "code,name,level,parent,province\n"
        "UBND-BN,Ủy ban nhân dân tỉnh Bắc Ninh,tinh,,Tỉnh Bắc Ninh\n"
        "SGD-BN,Sở Giáo dục và Đào tạo,tinh_agency,UBND-BN,\n"
        "THPT-HN,Trường THPT Chu Văn An,unit,,Hà Nội\n",
        encoding="utf-8",
    )
    assert main(["db", "upgrade"]) == 0
    assert main(["import", "units", str(path)]) == 0
    assert _provinces(database_url) == {
        "UBND-BN": "bac_ninh", "SGD-BN": "bac_ninh", "THPT-HN": "ha_noi"
    }
    capsys.readouterr()
    bad = tmp_path / "sai.csv"
    bad.write_text("code,name,level,province\nX1,Xã Một,xa,123\n", encoding="utf-8")
    assert main(["import", "units", str(bad)]) == 2
    assert "province" in capsys.readouterr().err


def _downgrade(connection: Connection, target: str) -> None:
    command.downgrade(alembic_config(connection), target)


async def test_migration_backfills_from_the_deployment_province_down_the_tree(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(database_url)
    try:
        await db.upgrade()
        async with db.engine.connect() as conn:
            if not db.is_postgres:
                await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await conn.run_sync(_downgrade, "0010_dossier_files")
            await conn.commit()
            stamp = "'2026-12-07 02:00:00'"
            for uid, code, parent in ((1, "ROOT", "NULL"), (2, "AGENCY", "1"), (3, "SCHOOL", "2")):
                await conn.execute(text(
                    "INSERT INTO units (id, code, name, name_folded, level, parent_id, active,"
                    f" created_at) VALUES ({uid}, '{code}', '{code}', '{code.lower()}', 'unit',"
                    f" {parent}, true, {stamp})"
                ))
            await conn.commit()
        monkeypatch.setenv("TDKT_PROVINCE", "bac_ninh")
        await db.upgrade()
    finally:
        await db.dispose()
    assert await _read_provinces(database_url) == {
        "ROOT": "bac_ninh", "AGENCY": "bac_ninh", "SCHOOL": "bac_ninh"
    }
