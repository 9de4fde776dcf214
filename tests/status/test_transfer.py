"""Import/export: round trips in .csv and .xlsx, all-or-nothing with row-numbered errors."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.db.models import Dossier, Unit
from bot.render import Renderer, to_plain
from bot.status.lookup import search_dossiers
from bot.transfer.service import ImportRejected, export_kind, import_kind
from bot.transfer.table import read_table, write_table
from e2e.support import knowledge_base
from tests.status.conftest import Province

CSV_OK = (
    "code,status,unit,campaign,award,nominees,submitted_at,updated_at\n"
    ",submitted,SYT,,bang_khen_tinh,Phan Thị Thu; Đinh Văn Bình,2026-01-10,\n"
    "KT-2026-ABCDEF,draft,SGD,,giay_khen,Lý Thị Ngọc,,\n"
)


async def test_dossier_import_then_export_round_trip(
    province: Province, pinned_now: dt.datetime
) -> None:
    count = await import_kind(
        province.db, "dossiers", "ds.csv", CSV_OK.encode(), pinned_now, None, kb=knowledge_base()
    )
    assert count == 2
    content, exported = await export_kind(province.db, "dossiers", "out.xlsx")
    header, rows = read_table("out.xlsx", content)
    assert exported == 2
    assert header[:8] == ["code", "status", "unit", "campaign", "award", "nominees",
                          "submitted_at", "updated_at"]
    by_unit = {r.values["unit"]: r.values for r in rows}
    assert by_unit["SGD"]["code"] == "KT-2026-ABCDEF"
    assert by_unit["SYT"]["status"] == "submitted"
    assert by_unit["SYT"]["nominees"] == "Phan Thị Thu; Đinh Văn Bình"
    officer = await province.principal(province.officer)
    # Imported nominees are searchable.
    found = await province.db.read(search_dossiers, officer, "dinh van binh")
    assert [d.unit_id for d in found] == [province.own]


async def test_a_bad_row_rejects_the_whole_file_with_row_numbers(
    province: Province, pinned_now: dt.datetime, renderer: Renderer
) -> None:
    bad = CSV_OK + ",flying,NOPE,,bang_khen_tinh,X,2026-13-01,\n"
    with pytest.raises(ImportRejected) as rejected:
        await import_kind(
            province.db, "dossiers", "ds.csv", bad.encode(), pinned_now, None, kb=knowledge_base()
        )
    found = {(e.row, e.column, e.key) for e in rejected.value.errors}
    assert found == {(4, "status", "bad_choice"), (4, "unit", "unknown_unit"),
                     (4, "submitted_at", "bad_date")}
    async with province.db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Dossier)) == 0
    text = to_plain(renderer.render("transfer/rejected.j2", errors=rejected.value.errors,
                                    total=3, file="ds.csv"))
    assert "Dòng 4" in text and "NOPE" in text


async def test_units_import_with_parents_in_the_same_file(
    province: Province, pinned_now: dt.datetime
) -> None:
    units = [
        {"code": "XA1", "name": "UBND xã An Bình", "level": "xa", "parent": "TINH"},
        {"code": "TINH", "name": "UBND tỉnh", "level": "tinh", "parent": ""},
    ]
    content = write_table("u.xlsx", ["code", "name", "level", "parent"], units)
    assert await import_kind(
        province.db, "units", "u.xlsx", content, pinned_now, None, kb=knowledge_base()
    ) == 2
    async with province.db.session() as session:
        parent = await session.scalar(select(Unit.id).where(Unit.code == "TINH"))
        assert await session.scalar(select(Unit.parent_id).where(Unit.code == "XA1")) == parent


async def test_missing_required_column_is_reported_on_the_header_row(
    province: Province, pinned_now: dt.datetime
) -> None:
    with pytest.raises(ImportRejected) as rejected:
        await import_kind(
            province.db, "officers", "o.csv", b"full_name\nAn\n", pinned_now, None,
            kb=knowledge_base(),
        )
    assert [(e.row, e.column) for e in rejected.value.errors] == [(1, "unit")]


async def test_units_import_reads_province_and_sector_names_as_the_registered_ids(
    province: Province, pinned_now: dt.datetime
) -> None:
    units = [
        {"code": "BN", "name": "UBND tỉnh Bắc Ninh", "level": "tinh", "province": "Tỉnh Bắc Ninh",
         "sector": ""},
        {"code": "BG", "name": "Sở Y tế Bắc Giang", "level": "tinh_agency",
         "province": "bac giang", "sector": "Y tế"},  # merged into Bắc Ninh on 01/07/2025
        {"code": "TH", "name": "Trường THCS Hòa Bình", "level": "unit", "province": "tp hue",
         "sector": "giao duc va dao tao"},
    ]
    columns = ["code", "name", "level", "province", "sector"]
    content = write_table("u.xlsx", columns, units)
    assert await import_kind(
        province.db, "units", "u.xlsx", content, pinned_now, None, kb=knowledge_base()
    ) == 3
    async with province.db.session() as session:
        rows = (await session.execute(
            select(Unit.code, Unit.province, Unit.sector).where(Unit.code.in_(["BN", "BG", "TH"]))
        )).all()
    assert sorted(tuple(r) for r in rows) == [
        ("BG", "bac_ninh", "y_te"), ("BN", "bac_ninh", None), ("TH", "hue", "giao_duc")]


async def test_a_misspelt_province_or_sector_refuses_the_file_and_offers_the_near_name(
    province: Province, pinned_now: dt.datetime, renderer: Renderer
) -> None:
    units = [
        {"code": "X1", "name": "UBND xã A", "level": "xa", "province": "Bac Nin", "sector": ""},
        {"code": "X2", "name": "UBND xã B", "level": "xa", "province": "", "sector": "Du lich"},
    ]
    content = write_table("u.csv", ["code", "name", "level", "province", "sector"], units)
    with pytest.raises(ImportRejected) as rejected:
        await import_kind(
            province.db, "units", "u.csv", content, pinned_now, None, kb=knowledge_base()
        )
    assert [(e.row, e.column, e.key) for e in rejected.value.errors] == [
        (2, "province", "unknown_province"), (3, "sector", "unknown_sector")]
    text = to_plain(renderer.render("transfer/rejected.j2", errors=rejected.value.errors,
                                    total=2, file="u.csv"))
    assert "«Bac Nin» không phải tên tỉnh/thành phố đã đăng ký (có phải «Tỉnh Bắc Ninh»?)" in text
    assert "«Du lich» không phải ngành đã đăng ký" in text
    assert "Văn hóa, Thể thao và Du lịch" in text
    async with province.db.session() as session:
        assert await session.scalar(select(Unit.id).where(Unit.code == "X1")) is None
