"""The rows of a sheet read by calamine (Rust), with the expat stream as the bounded fallback.

python-calamine reads a 10,000-row list ≈ 4x faster than the expat stream of `xlsx_stream`, but
it builds the sheet as one dense rectangle *in Rust*: a 5 KB file with one cell in A1 and one in
XFD1048576 asks for 512 GiB and aborts the whole process (not an exception). So the extent of
every sheet is bounded first from its XML with two byte regexes (the largest row and column
referenced, plus every row or cell without a reference, counted as if each moved one step
further); a sheet whose rectangle could exceed `MAX_DENSE_CELLS`, or that calamine fails on, is
read by the expat stream instead, which holds one row at a time.

Calamine's values are passed on as it gives them, to spare a Python call per cell: blanks are
"" (the stream's are None), numbers float, dates `datetime.date`/`datetime`, error cells "",
formulas their cached value; `xlsx_list` normalises only the cells it reads.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from bot.dossier.readers.safety import read_member
from bot.dossier.readers.xlsx_stream import Workbook, sheet_parts

# 2,000,000 cells ≈ 64 MB in calamine's dense range (32 bytes a cell): 60,000 rows × 33 columns.
MAX_DENSE_CELLS = 2_000_000
_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + (letter - 64)
    return index


def dense_extent(xml: bytes) -> int:
    """An upper bound on the cells of the rectangle calamine would allocate for this sheet.

    Rows: the largest `<row r="N">`, plus one for every row tag not written that way. Columns:
    the largest `<c r="XX…">`, plus one for every cell tag not written that way (a writer that
    puts `r` after other attributes only makes the bound larger). Five byte scans, no parse.
    """
    root = _PREFIX.search(xml, 0, 4096)
    tag = b"<" + ((root.group(1) or b"") if root else b"")
    row_refs = re.findall(re.escape(tag) + rb'row r="(\d+)"', xml)
    row_tags = xml.count(tag + b"row")  # `<rowBreaks` too: a larger bound, never a smaller one
    rows = max(map(int, row_refs), default=0) + row_tags - len(row_refs)
    # Only refs of two letters or more are collected: one letter is at most column Z (26).
    cell_refs = xml.count(tag + b'c r="')
    wide = set(re.findall(re.escape(tag) + rb'c r="([A-Za-z]{2,4})\d', xml))
    widest = max(map(_column_index, wide), default=26 if cell_refs else 0)
    cell_tags = xml.count(tag + b"c")  # `<col`, `<cfRule`… too: likewise only larger
    columns = widest + cell_tags - cell_refs
    return max(rows, 0) * max(columns, 0)


def _calamine_rows(book: Any, name: str) -> list[list[Any]] | None:
    try:
        sheet = book.get_sheet_by_name(name)
        grid = sheet.to_python(skip_empty_area=False)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:  # CalamineError, or pyo3's PanicException (a BaseException)
        return None
    return grid


def _open_calamine(data: bytes) -> Any:
    try:
        from python_calamine import CalamineWorkbook

        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:  # not importable, or a package calamine cannot open
        return None


def sheets_rows(data: bytes, archive: zipfile.ZipFile) -> Iterator[Iterator[Sequence[Any]]]:
    """Each sheet's rows in workbook order, by calamine when its extent is safe."""
    sheets, _, _ = sheet_parts(archive)
    book: Any = None
    stream: Workbook | None = None
    for name, path in sheets:
        rows: list[list[Any]] | None = None
        if dense_extent(read_member(archive, path)) <= MAX_DENSE_CELLS:
            book = book or _open_calamine(data)
            rows = _calamine_rows(book, name) if book is not None else None
        if rows is not None:
            yield iter(rows)
            continue
        if stream is None:
            stream = Workbook(archive)
        yield stream.rows(path)

