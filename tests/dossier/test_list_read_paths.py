"""The nominee list's short cuts read what the general path reads: a count in the vote column,
a one-title initiative cell, a name without odd white space, a date cell, a period's years, and
the list's votes matched back to its own nominees."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dossier.manifest import Period
from bot.dossier.readers import read_files
from bot.dossier.readers.recognisers import Recognisers, looks_like_name
from e2e.support import dossier_kb

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Hình thức đề nghị", "Sáng kiến",
          "Số phiếu đồng ý", "Số phiếu không đồng ý"]


def _clean_name_as_written(recog: Recognisers, cell: str) -> str:
    """`clean_name` before its short cut: the white space always normalised first."""
    text = " ".join(cell.split())
    if "," not in text and " - " not in text:
        return text
    stops = r",|\n" if recog.is_collective(text) else r",|\n|\s-\s"
    head = re.split(stops, text, maxsplit=1)[0].strip()
    return head if head and looks_like_name(head) and head != text else text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(
    [*"Nguyễn Văn An,-\t\n\r\x0b\x0c\x1c\x85 ", "\u00a0", "\u2003", "\u3000", "\u2028", "Tổ ",
     " - ", "  "]), max_size=12).map("".join))
def test_a_name_reads_as_with_white_space_always_normalised(cell: str) -> None:
    recog = Recognisers(dossier_kb().recognition)
    assert recog.clean_name(cell) == _clean_name_as_written(recog, cell)


def _read(rows: list[list[object]]) -> dict[str, object]:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    draft = read_files([("danh_sach.xlsx", out.getvalue())], kb=dossier_kb())
    manifest = draft.manifest
    votes = manifest.council.votes if manifest.council else {}
    return {n.name: {"initiatives": n.initiatives, "birth": n.birth_date,
                     "vote": votes[n.id].model_dump(exclude_none=True) if n.id in votes else None}
            for n in manifest.nominees}


def test_counts_titles_and_dates_read_in_every_form() -> None:
    read = _read([
        [1, "Trần Thị Mai", dt.date(1985, 3, 2), "Giáo viên", "Giấy khen", "Sáng kiến A", 10, 1],
        [2, "Lê Văn Hùng", dt.datetime(1990, 5, 12, 8, 30), "Giáo viên", "Giấy khen",
         " Sáng kiến A ;; Sáng kiến B\nSáng kiến C ", 9.0, 2.0],
        [3, "Phạm Thu Hà", "02/01/1979", "Kế toán", "Giấy khen", "  ", "11/12", None],
        [4, "Đỗ Minh Quân", "1979-01-30", "Kế toán", "Giấy khen", None, True, None],
        [5, "Vũ Thị Lan", None, "Kế toán", "Giấy khen", "Một; ", "10 (90,9%)", 0],
    ])
    assert read == {
        "Trần Thị Mai": {"initiatives": ["Sáng kiến A"], "birth": dt.date(1985, 3, 2),
                         "vote": {"agree": 10, "disagree": 1}},
        "Lê Văn Hùng": {"initiatives": ["Sáng kiến A", "Sáng kiến B", "Sáng kiến C"],
                        "birth": dt.date(1990, 5, 12), "vote": {"agree": 9, "disagree": 2}},
        "Phạm Thu Hà": {"initiatives": None, "birth": dt.date(1979, 1, 2),
                        "vote": {"agree": 11, "total": 12}},
        "Đỗ Minh Quân": {"initiatives": None, "birth": dt.date(1979, 1, 30), "vote": None},
        "Vũ Thị Lan": {"initiatives": ["Một"], "birth": None, "vote": {"agree": 10, "disagree": 0}},
    }


@pytest.mark.parametrize(("given", "start", "end"), [
    ({"from": 2024, "to": 2025}, dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
    ({"from": "2024", "to": "2024"}, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ({"from_": dt.date(2024, 3, 1), "to": "2025-06-30"}, dt.date(2024, 3, 1),
     dt.date(2025, 6, 30)),
    ({"from": dt.datetime(2024, 3, 1), "to": None}, dt.date(2024, 3, 1), None),
])
def test_a_period_s_years_are_whole_years(given: dict[str, object], start: dt.date,
                                           end: dt.date | None) -> None:
    period = Period.model_validate(given)
    assert (period.from_, period.to) == (start, end)
    period.to = 2030  # type: ignore[assignment]  # assignments are validated too
    period.from_ = "2029"  # type: ignore[assignment]
    assert (period.from_, period.to) == (dt.date(2029, 1, 1), dt.date(2030, 12, 31))
