"""Spreadsheet cells that stay text: user data never becomes a formula (OWASP CSV injection).

A value typed by a user ("=HYPERLINK(…)", "+84…", "-", "@SUM(…)", or one starting with a tab or
a carriage return) is evaluated by Excel/LibreOffice when a file we wrote is opened. Every
spreadsheet the bot writes goes through this module:

- CSV: such a text value is written with a leading apostrophe (`'=…`), as OWASP advises; the
  CSV reader takes that apostrophe off again, so an export imports back unchanged;
- XLSX: such a value is written as an explicit string cell, so openpyxl never stores a formula
  and the cell reads back exactly as typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_ESCAPE = "'"


def looks_like_formula(value: object) -> bool:
    """True for a text value a spreadsheet would evaluate (or re-interpret) when opened."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_value(value: Any) -> Any:
    """The value to write in a CSV cell: formula-like text gets the apostrophe."""
    return CSV_ESCAPE + value if looks_like_formula(value) else value


def csv_unescape(text: str) -> str:
    """A CSV cell as read: the apostrophe `csv_value` added before formula-like text is dropped."""
    if text.startswith(CSV_ESCAPE) and looks_like_formula(text[1:]):
        return text[1:]
    return text


def xlsx_value(sheet: Any, value: Any) -> Any:
    """The value to append to an openpyxl sheet: formula-like text as an explicit string cell."""
    if not looks_like_formula(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append`, each value made safe by `xlsx_value`."""
    return [xlsx_value(sheet, value) for value in values]
