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
from functools import lru_cache
from typing import Any

from bot.dossier.readers.safety import read_member
from bot.dossier.readers.xlsx_stream import Workbook, sheet_parts

# 2,000,000 cells ≈ 64 MB in calamine's dense range (32 bytes a cell): 60,000 rows × 33 columns.
MAX_DENSE_CELLS = 2_000_000
_FEW_BARE_CELLS = 4096
_ROW_DIGITS = 9
_BEYOND = 1 << 62  # the bound of a row number longer than `_ROW_DIGITS`
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
    puts `r` after other attributes only makes the bound larger). Three regex scans, no parse
    (the tags without a reference are counted by a lookahead, since they are rare; when they are
    many, by two byte counts, which give the same number faster).
    """
    root = _PREFIX.search(xml, 0, 4096)
    prefix = (root.group(1) or b"") if root else b""
    row_pattern, bare_cell, wide_cell = _scanners(prefix)
    # One match per row tag (`<rowBreaks` too: a larger bound, never a smaller one); the group
    # is empty for a tag without a number.
    row_tags = row_pattern.findall(xml)
    numbers = [number for number in row_tags if number]
    if max(map(len, numbers), default=0) > _ROW_DIGITS:  # beyond any sheet; int() may refuse
        return _BEYOND
    rows = max(map(int, numbers), default=0) + len(row_tags) - len(numbers)
    # Only refs of two letters or more are collected: one letter is at most column Z (26).
    tag = b"<" + prefix
    wide = set(wide_cell.findall(xml))
    widest = max(map(_column_index, wide), default=26 if tag + b'c r="' in xml else 0)
    bare = 0  # `<c` not followed by ` r="`: `<col`, `<cfRule`… too, likewise only larger
    for _ in bare_cell.finditer(xml):
        bare += 1
        if bare > _FEW_BARE_CELLS:
            bare = xml.count(tag + b"c") - xml.count(tag + b'c r="')
            break
    return max(rows, 0) * max(widest + bare, 0)


@lru_cache(maxsize=8)  # the prefix is the file's: a few kept
def _scanners(prefix: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]]:
    tag = re.escape(b"<" + prefix)
    return (re.compile(tag + rb'row(?: r="(\d+)")?'), re.compile(tag + rb'c(?! r=")'),
            re.compile(tag + rb'c r="([A-Za-z]{2,4})\d'))


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


def sheets_rows(data: bytes, archive: zipfile.ZipFile, parts: dict[str, bytes] | None = None
                ) -> Iterator[Iterator[Sequence[Any]]]:
    """Each sheet's rows in workbook order, by calamine when its extent is safe (a sheet's XML
    is taken from `parts` when the safety scan already inflated it, and dropped from it)."""
    known = parts if parts is not None else {}
    sheets, _, _ = sheet_parts(archive)
    book: Any = None
    stream: Workbook | None = None
    for name, path in sheets:
        rows: list[list[Any]] | None = None
        xml = known.pop(path, None)
        extent = dense_extent(xml if xml is not None else read_member(archive, path))
        xml = None  # not held while calamine parses its own copy
        if extent <= MAX_DENSE_CELLS:
            book = book or _open_calamine(data)
            rows = _calamine_rows(book, name) if book is not None else None
        if rows is not None:
            yield iter(rows)
            continue
        if stream is None:
            stream = Workbook(archive)
        yield stream.rows(path)

