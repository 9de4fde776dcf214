"""Read and write one table (a header row of snake_case names, then data rows) as .xlsx or .csv.

Reading is defensive: a size cap, the zip's declared uncompressed size checked before openpyxl
opens it (a zip bomb is refused in milliseconds), read-only mode, values only (no formulas).
Rows are numbered as a spreadsheet user sees them: the header is row 1, data starts at row 2.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.text.cells import csv_unescape, csv_value, xlsx_row

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 100 * 1024 * 1024
MAX_ROWS = 200_000
# Rows read from a sheet, header and blank rows included: reading stops one past this, so a
# 1,048,576-row sheet costs what a 200,001-row one does (review M4).
MAX_SHEET_ROWS = MAX_ROWS + 1


class TableError(ValueError):
    """The file is not a readable table; `key` names the reason (template errors/<key>.j2)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Row:
    number: int  # spreadsheet row number (header = 1)
    values: dict[str, str]


def file_format(filename: str) -> str:
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        return "xlsx"
    if lower.endswith(".csv"):
        return "csv"
    raise TableError("transfer_bad_format")


def read_table(filename: str, content: bytes) -> tuple[list[str], list[Row]]:
    """Header names and the non-empty data rows of the first sheet."""
    if len(content) > MAX_BYTES:
        raise TableError("transfer_too_big")
    kind = file_format(filename)
    raw = _read_xlsx(content) if kind == "xlsx" else _read_csv(content)
    if not raw:
        raise TableError("transfer_empty")
    header = [_cell(c).lower() for c in raw[0]]
    rows: list[Row] = []
    for index, values in enumerate(raw[1:], start=2):
        cells = {
            name: _cell(values[i]) if i < len(values) else ""
            for i, name in enumerate(header)
            if name
        }
        if any(cells.values()):
            rows.append(Row(index, cells))
        if len(rows) > MAX_ROWS:
            raise TableError("transfer_too_big")
    return header, rows


def write_table(filename: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    kind = file_format(filename)
    data = [[_out(row.get(c)) for c in columns] for row in rows]
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows([csv_value(v) for v in line] for line in data)
        return buffer.getvalue().encode("utf-8-sig")  # BOM: Excel opens Vietnamese correctly
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append(list(columns))
    for line in data:
        sheet.append(xlsx_row(sheet, line))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read_csv(content: bytes) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError("transfer_unreadable") from None
    rows = list(itertools.islice(csv.reader(io.StringIO(text)), MAX_SHEET_ROWS + 1))
    if len(rows) > MAX_SHEET_ROWS:
        raise TableError("transfer_too_big")
    return [[csv_unescape(c) for c in row] for row in rows]


def _read_xlsx(content: bytes) -> list[list[Any]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNZIPPED:
                raise TableError("transfer_too_big")
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        # The declared dimension (<dimension ref="A1:K1048576"/>) first: refused at once.
        declared = sheet.max_row
        if isinstance(declared, int) and declared > MAX_SHEET_ROWS:
            book.close()
            raise TableError("transfer_too_big")
        rows = [list(r) for r in itertools.islice(sheet.iter_rows(values_only=True),
                                                  MAX_SHEET_ROWS + 1)]
        book.close()
        if len(rows) > MAX_SHEET_ROWS:
            raise TableError("transfer_too_big")
        return rows
    except TableError:
        raise
    except Exception:  # openpyxl raises many kinds on a broken file; all mean "unreadable"
        raise TableError("transfer_unreadable") from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return (
            str(value.isoformat())[:10]
            if not hasattr(value, "hour") or not value.hour
            else str(value.isoformat())
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _out(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
