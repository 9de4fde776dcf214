"""The nominee-list reader stops at its caps while streaming, and says so (never drops silently)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from bot.dossier import draft as dr
from bot.dossier.blanks import BlankContext, BlankNominee, nominee_list_xlsx
from bot.dossier.readers import Limits, read_upload
from e2e.support import dossier_kb
from knowledge.dossier_schema import DossierKB


def _list(count: int, nameless_rows_before_last: int = 0) -> bytes:
    nominees = tuple(BlankNominee(name=f"Lê Văn {chr(65 + i)}", position="Chuyên viên",
                                  birth_date=dt.date(1980, 1, 1 + i)) for i in range(count))
    data = nominee_list_xlsx(BlankContext(unit="Sở Y tế", award="lao_dong_tien_tien",
                                          nominees=nominees), kb=dossier_kb())
    if not nameless_rows_before_last:
        return data
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet is not None
    last = sheet.max_row
    sheet.insert_rows(last, nameless_rows_before_last)
    for row in range(last, last + nameless_rows_before_last):
        sheet.cell(row=row, column=26, value="-")  # a row without a name, as in a padded sheet
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _nominees(kb: DossierKB, data: bytes, limits: Limits) -> tuple[int, bool]:
    upload = read_upload("danh_sach.xlsx", data, limits, kb=kb)
    return sum(len(p.nominees) for p in upload.parts), dr.over_row_cap(upload)


def test_a_list_within_the_caps_is_read_whole(kb: DossierKB) -> None:
    assert _nominees(kb, _list(4), Limits(max_rows=4)) == (4, False)


def test_the_reader_stops_one_name_past_the_cap(kb: DossierKB) -> None:
    kept, over = _nominees(kb, _list(6), Limits(max_rows=4))
    assert over and kept == 4


def test_nameless_rows_count_towards_the_sheet_row_cap(kb: DossierKB) -> None:
    kept, over = _nominees(kb, _list(3, nameless_rows_before_last=200),
                           Limits(max_rows=100, max_sheet_rows=60))
    assert over and kept == 2  # the last name, past 200 nameless rows, was never reached
