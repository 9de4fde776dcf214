"""Outputs of a check: an `.xlsx` of the findings and a summary structure the front ends render."""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Alignment, Font

from bot.dossier.findings import CheckResult, Finding
from bot.dossier.text import render_word
from bot.text.cells import xlsx_row
from knowledge.dossier_schema import Severity

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


def findings_xlsx(result: CheckResult, nominee_names: dict[str, str] | None = None) -> bytes:
    """One sheet, a header row, one row per finding (nominee shown by name when known)."""
    names = nominee_names or {}
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = render_word("sheet.findings")[:31]
    sheet.append([render_word(f"col.{c}") for c in _COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, item in enumerate(result.findings, start=1):
        nominee = names.get(item.nominee, item.nominee) if item.nominee else None
        sheet.append(xlsx_row(sheet, [index, render_word(f"severity.{item.severity.value}"),
                                      item.kind, nominee, item.component, item.message, item.fix,
                                      item.citation]))
    for column, width in zip("ABCDEFGH", _WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
