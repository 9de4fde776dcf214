"""The nominee list read by calamine gives what the expat stream gives, and a sheet whose
rectangle calamine would have to allocate whole (a stray cell in XFD1048576) is streamed instead
of taking the process down."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from bot.dossier.readers import read_files, xlsx_fast
from bot.dossier.readers.xlsx_fast import MAX_DENSE_CELLS, dense_extent, sheets_rows
from e2e.support import dossier_kb

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Đơn vị công tác",
          "Hình thức đề nghị", "Số phiếu đồng ý", "Tỷ lệ (%)"]


def _list(stray: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN"
    sheet.merge_cells("A1:H1")
    sheet.append([])
    sheet.append(HEADER)
    sheet.append([1, "Trần Thị Mai", dt.date(1985, 3, 2), "Trưởng phòng", "Phòng Kế toán",
                  "Giấy khen", 10, "=G4/11"])
    sheet.append([2, "  Lê Văn Hùng ", "12/05/1990", "Chuyên viên", None, "Giấy khen", "9/11",
                  None])
    sheet.append([3, "Phạm Thu Hà", dt.datetime(1979, 1, 30), "Kế toán", "Phòng Kế toán",
                  "Giấy khen", 11.0, 1])
    sheet.merge_cells("E4:E5")  # one unit written once for two rows, as offices do
    if stray:
        sheet[stray] = "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read(data: bytes, monkeypatch: pytest.MonkeyPatch | None = None) -> dict[str, object]:
    draft = read_files([("danh_sach.xlsx", data)], kb=dossier_kb())
    manifest = draft.manifest
    return {
        "nominees": [n.model_dump(exclude_none=True) for n in manifest.nominees],
        "votes": {k: v.model_dump(exclude_none=True) for k, v in
                  (manifest.council.votes.items() if manifest.council else [])},
        "award": manifest.award.code,
        "notes": [(n.status, n.component) for n in draft.notes],
    }


def test_calamine_and_the_stream_read_the_same_list(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _list()
    fast = _read(data)
    monkeypatch.setattr(xlsx_fast, "MAX_DENSE_CELLS", 0)  # every sheet goes to the stream
    streamed = _read(data)
    assert fast == streamed
    names = [n["name"] for n in fast["nominees"]]  # type: ignore[index,union-attr]
    assert names == ["Trần Thị Mai", "Lê Văn Hùng", "Phạm Thu Hà"]
    assert fast["award"] == "giay_khen"


def test_a_stray_cell_at_the_sheet_s_far_corner_is_streamed_not_allocated() -> None:
    data = _list(stray="XFD1048576")
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert dense_extent(archive.read("xl/worksheets/sheet1.xml")) > MAX_DENSE_CELLS
    rows = next(list(r) for r in sheets_rows(data, archive))
    assert any("Trần Thị Mai" in (v or "") for row in rows for v in row if isinstance(v, str))
    read = _read(data)
    assert [n["name"] for n in read["nominees"]] == [  # type: ignore[index,union-attr]
        "Trần Thị Mai", "Lê Văn Hùng", "Phạm Thu Hà"]


def test_cells_written_without_references_count_towards_the_bound() -> None:
    row = "<row>" + "<c><v>1</v></c>" * 300 + "</row>"
    xml = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f"<sheetData>{row * 8000}</sheetData></worksheet>").encode()
    assert dense_extent(xml) >= 300 * 8000  # no r= anywhere: the bound still sees every step


def test_prefixed_sheet_xml_is_bounded_too() -> None:
    xml = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
           b'<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
           b"</x:sheetData></x:worksheet>")
    assert dense_extent(xml) >= 1048576 * 16384


def test_a_header_row_repeated_inside_the_sheet_is_not_a_nominee() -> None:
    book = openpyxl.load_workbook(io.BytesIO(_list()))
    sheet = book.active
    assert sheet is not None
    sheet.insert_rows(5)
    for column, title in enumerate(HEADER, start=1):  # pasted from page 2 of a printed list
        sheet.cell(row=5, column=column, value=title)
    out = io.BytesIO()
    book.save(out)
    read = _read(out.getvalue())
    assert [n["name"] for n in read["nominees"]] == [  # type: ignore[index,union-attr]
        "Trần Thị Mai", "Lê Văn Hùng", "Phạm Thu Hà"]
