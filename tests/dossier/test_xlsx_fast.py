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


def _bound_by_byte_counts(xml: bytes) -> int:
    """The bound as first written (five byte scans): the faster scan must give the same."""
    import re

    root = xlsx_fast._PREFIX.search(xml, 0, 4096)
    tag = b"<" + ((root.group(1) or b"") if root else b"")
    row_refs = re.findall(re.escape(tag) + rb'row r="(\d+)"', xml)
    rows = max(map(int, row_refs), default=0) + xml.count(tag + b"row") - len(row_refs)
    cell_refs = xml.count(tag + b'c r="')
    wide = set(re.findall(re.escape(tag) + rb'c r="([A-Za-z]{2,4})\d', xml))
    widest = max(map(xlsx_fast._column_index, wide), default=26 if cell_refs else 0)
    return max(rows, 0) * max(widest + xml.count(tag + b"c") - cell_refs, 0)


@pytest.mark.parametrize("prefix", ["", "x:"])
@pytest.mark.parametrize("bare_cells", [0, 3, xlsx_fast._FEW_BARE_CELLS + 5])
def test_the_extent_scan_gives_the_byte_count_bound(prefix: str, bare_cells: int) -> None:
    p = prefix
    rows = [f'<{p}row r="{n}"><{p}c r="A{n}" t="n"><{p}v>1</{p}v></{p}c>'
            f'<{p}c r="AB{n}"><{p}v>2</{p}v></{p}c></{p}row>' for n in range(1, 40)]
    rows.append(f"<{p}row>" + f"<{p}c><{p}v>3</{p}v></{p}c>" * bare_cells + f"</{p}row>")
    rows.append(f'<{p}row r="7x"><{p}c s="1" r="C7"/></{p}row><{p}row r="120"/>')
    xml = (f'<{p}worksheet xmlns{":x" if p else ""}="urn:s"><{p}cols><{p}col min="1"/>'
           f"</{p}cols><{p}sheetData>{''.join(rows)}</{p}sheetData>"
           f"<{p}rowBreaks/></{p}worksheet>").encode()
    assert dense_extent(xml) == _bound_by_byte_counts(xml) > 0


def test_a_row_number_too_long_for_int_is_streamed_not_a_crash() -> None:
    data = _list()
    archive = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            content = archive.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<row r="6"', b'<row r="' + b"9" * 5000 + b'"')
            copy.writestr(info.filename, content)
    xml = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("xl/worksheets/sheet1.xml")
    assert dense_extent(xml) > MAX_DENSE_CELLS
    read = _read(out.getvalue())  # read by the stream; the file is not a crash
    assert "Trần Thị Mai" in [n["name"] for n in read["nominees"]]  # type: ignore[index,union-attr]


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _excel_like_list() -> bytes:
    """A list as Excel saves it: shared strings (rich-text runs, a phonetic run), formulas with
    cached values, dates by built-in and custom formats, a boolean and an error cell, and a
    title merged over the header."""
    strings = ["DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN", "STT", "Họ và tên", "Ngày sinh", "Chức vụ",
               "Hình thức đề nghị", "Số phiếu đồng ý", "Lãnh đạo", "Phạm Thu Hà", "Kế toán",
               "Giấy khen", "Có"]
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    items += ('<si><r><t xml:space="preserve">Trần </t></r><r><rPr><b/></rPr><t>Thị Mai</t></r>'
              "<rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></si>")  # index 12
    shared = (f'<sst {_NS} count="13" uniqueCount="13">{items}</sst>').encode()
    styles = (f'<styleSheet {_NS}><numFmts count="1"><numFmt numFmtId="164" '
              'formatCode="dd/mm/yyyy;@"/></numFmts><cellXfs count="3"><xf numFmtId="0"/>'
              '<xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/>'
              "</cellXfs></styleSheet>").encode()
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="3">' + "".join(f'<c r="{col}3" t="s"><v>{i}</v></c>' for col, i in
                                zip("ABCDEFG", range(1, 8), strict=True)) + "</row>"
        '<row r="4"><c r="A4"><f>ROW()-3</f><v>1</v></c><c r="B4" t="s"><v>12</v></c>'
        '<c r="C4" s="1"><v>31108</v></c><c r="D4" t="str"><f>"Trưởng "&amp;"phòng"</f>'
        '<v>Trưởng phòng</v></c><c r="E4" t="s"><v>10</v></c><c r="F4"><f>5*2</f><v>10</v></c>'
        '<c r="G4" t="b"><v>1</v></c></row>'
        '<row r="5"><c r="A5"><v>2</v></c><c r="B5" t="s"><v>8</v></c>'
        '<c r="C5" s="2"><v>28885.0</v></c><c r="D5" t="s"><v>9</v></c>'
        '<c r="E5" t="s"><v>10</v></c><c r="F5" t="e"><v>#DIV/0!</v></c>'
        '<c r="G5" t="s"><v>11</v></c></row>')
    sheet = (f'<worksheet {_NS}><dimension ref="A1:G5"/><sheetData>{rows}</sheetData>'
             '<mergeCells count="1"><mergeCell ref="A1:G1"/></mergeCells></worksheet>').encode()
    parts = {
        "[Content_Types].xml": (
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
            b'.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            b'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            b'.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application'
            b'/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override '
            b'PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.styles+xml"/></Types>'),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>").encode(),
        "xl/workbook.xml": (
            f'<workbook {_NS} xmlns:r="{_R}"><sheets><sheet name="DS" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>").encode(),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_R}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{_R}/styles" Target="styles.xml"/>'
            "</Relationships>").encode(),
        "xl/styles.xml": styles,
        "xl/sharedStrings.xml": shared,
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_an_excel_saved_list_reads_the_same_by_calamine_and_the_stream(
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = _excel_like_list()
    rows = next(sheets_rows(data, zipfile.ZipFile(io.BytesIO(data))))
    assert isinstance(rows, type(iter([])))  # calamine's grid, not the stream's generator
    fast = _read(data)
    monkeypatch.setattr(xlsx_fast, "MAX_DENSE_CELLS", 0)
    assert _read(data) == fast
    assert fast["award"] == "giay_khen"
    assert fast["nominees"] == [  # rich-text runs joined, the phonetic run left out
        {"id": "N1", "name": "Trần Thị Mai", "kind": "individual", "position": "Trưởng phòng",
         "is_leader": True, "birth_date": dt.date(1985, 3, 2), "award": "giay_khen"},
        {"id": "N2", "name": "Phạm Thu Hà", "kind": "individual", "position": "Kế toán",
         "is_leader": True, "birth_date": dt.date(1979, 1, 30), "award": "giay_khen"},
    ]
    assert fast["votes"] == {"N1": {"agree": 10}}  # a formula's cached value; "#DIV/0!" unread
