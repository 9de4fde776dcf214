"""Import tables past the row cap are refused while reading, not after reading every row."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from bot.transfer import table
from bot.transfer.table import TableError, read_table


def _xlsx(rows: int, *, declared: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ho_ten", "don_vi"])
    for i in range(rows):
        sheet.append([f"Người {i}", "Phòng A"])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if declared is None:
        return data
    # Rewrite the sheet's declared dimension, as a 1,048,576-row export would have it.
    source = zipfile.ZipFile(io.BytesIO(data))
    rewritten = io.BytesIO()
    with zipfile.ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                start = text.index("<dimension ")
                end = text.index("/>", start) + 2
                tag = f'<dimension ref="{declared}"/>' if declared else ""
                content = (text[:start] + tag + text[end:]).encode()
            target.writestr(item, content)
    return rewritten.getvalue()


def test_a_table_within_the_cap_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table, "MAX_SHEET_ROWS", 21)
    header, rows = read_table("ds.xlsx", _xlsx(20))
    assert header == ["ho_ten", "don_vi"] and len(rows) == 20


def test_a_sheet_declaring_more_rows_than_the_cap_is_refused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table, "MAX_SHEET_ROWS", 21)
    with pytest.raises(TableError) as refused:
        read_table("ds.xlsx", _xlsx(5, declared="A1:B1048576"))
    assert refused.value.key == "transfer_too_big"


def test_rows_past_the_cap_are_refused_even_without_a_declared_size(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table, "MAX_SHEET_ROWS", 21)
    with pytest.raises(TableError) as refused:
        read_table("ds.xlsx", _xlsx(30, declared=""))
    assert refused.value.key == "transfer_too_big"
    csv_rows = "ho_ten,don_vi\n" + "".join(f"Người {i},Phòng A\n" for i in range(30))
    with pytest.raises(TableError):
        read_table("ds.csv", csv_rows.encode())
