"""Outputs of a check: an `.xlsx` of the findings and a summary structure the front ends render."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from bot.dossier.findings import CheckResult, Finding
from bot.dossier.text import render_word
from bot.text.cells import xlsx_row
from knowledge.dossier_schema import DossierKB, Severity

_COLUMNS = ("no", "severity", "kind", "nominee", "component", "message", "fix", "citation")
_WIDTHS = (6, 14, 24, 28, 24, 70, 60, 50)


@dataclass(frozen=True)
class SeverityGroup:
    severity: Severity
    label: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Summary:
    """Counts by severity and the findings grouped errors → warnings → infos."""

    errors: int
    warnings: int
    infos: int
    nominees: int
    rule_set: str
    groups: tuple[SeverityGroup, ...]

    @property
    def clean(self) -> bool:
        return self.errors == 0 and self.warnings == 0


def summarize(result: CheckResult) -> Summary:
    groups = tuple(
        SeverityGroup(severity, render_word(f"severity.{severity.value}"), tuple(items))
        for severity, items in result.by_severity().items()
    )
    counts = result.summary
    return Summary(counts["errors"], counts["warnings"], counts["infos"], result.nominees,
                   result.rule_set, groups)


@dataclass(frozen=True)
class ReportTitle:
    """What the title rows of the findings workbook say (each part optional)."""

    unit: str | None = None
    award: str | None = None  # award id; shown by its name
    campaign: str | None = None
    checked_on: dt.date | None = None


def _title_lines(title: ReportTitle, kb: DossierKB) -> list[str]:
    names = kb.vocabulary.awards.get(title.award or "", [])
    return [render_word("title.findings"), render_word(
        "title.details", unit=title.unit, award=names[0] if names else title.award,
        campaign=title.campaign,
        checked_on=title.checked_on.strftime("%d/%m/%Y") if title.checked_on else None)]


def findings_xlsx(result: CheckResult, nominee_names: dict[str, str] | None = None,
                  title: ReportTitle | None = None, *, kb: DossierKB) -> bytes:
    """One sheet: title rows (unit, award, campaign, date checked), a header row with an
    autofilter, one row per finding with Vietnamese labels (never `missing_component`/`to_trinh`);
    nominees shown by name when known."""
    names = nominee_names or {}
    # openpyxl (and the numpy it may pull in) only when a workbook is written: not at bot start.
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = render_word("sheet.findings")[:31]
    for line in _title_lines(title or ReportTitle(), kb):
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(_COLUMNS))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(_COLUMNS))
    sheet.append([])
    sheet.append([render_word(f"col.{c}") for c in _COLUMNS])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for index, item in enumerate(result.findings, start=1):
        nominee = names.get(item.nominee, item.nominee) if item.nominee else None
        component = (kb.vocabulary.components.get(item.component, item.component)
                     if item.component else None)
        sheet.append(xlsx_row(sheet, [index, render_word(f"severity.{item.severity.value}"),
                                      render_word("kind", kind=item.kind), nominee, component,
                                      item.message, item.fix, item.citation]))
    for column, width in zip("ABCDEFGH", _WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:H{max(sheet.max_row, header_row + 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
