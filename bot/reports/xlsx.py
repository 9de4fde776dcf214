"""The report as an `.xlsx` workbook: one sheet per table, in a documented order.

Sheets (keys → names from `bot/templates/labels/reports.yaml`, `reports.sheet.<key>`):
`summary` (Tổng hợp), `by_form_status` (Theo hình thức), `by_kind` (Tập thể - cá nhân),
`leaders` (Lãnh đạo), `by_basis` (Theo loại khen), `units` (Theo đơn vị). Every sheet starts with
a header row; code columns (`award`, `status`, `basis`…) keep the stable ASCII codes next to their
Vietnamese labels, so a script can read them. Words come from the renderer's labels.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot.reports.figures import Figures
from bot.text.cells import xlsx_row

SHEETS = ("summary", "by_form_status", "by_kind", "leaders", "by_basis", "units")
Label = Callable[[str], str]


def figures_xlsx(figures: Figures, label: Label, award_names: Mapping[str, str]) -> bytes:
    """The workbook's bytes. `label(key)` resolves `reports.*` label keys."""
    from openpyxl import Workbook  # only when a report is written: not at bot start

    book = Workbook(write_only=True)
    tables = _tables(figures, label, award_names)
    for key in SHEETS:
        sheet = book.create_sheet(label(f"reports.sheet.{key}"))
        columns, rows = tables[key]
        header = []
        for column in columns:
            cell = _bold(sheet, label(f"reports.col.{column}"))
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _or_code(label: Label, group: str, code: str) -> str:
    """The label of `code` in `group`, or the code itself for a code with no label yet."""
    try:
        return label(f"{group}.{code}")
    except KeyError:
        return code


def _bold(sheet: Any, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def _tables(
    f: Figures, label: Label, award_names: Mapping[str, str]
) -> dict[str, tuple[Sequence[str], list[Sequence[Any]]]]:
    def status(code: str) -> str:
        return label(f"status.state.{code}")

    leaders, outcome = f.leaders, f.outcome
    summary: list[Sequence[Any]] = [
        (label("reports.item.year"), f.scope.year),
        (label("reports.item.scope"), f.scope.title or label(f"reports.scope_kind.{f.scope.kind}")),
        (label("reports.item.campaign"), f.scope.campaign_code or ""),
        (label("reports.item.as_of"), f.as_of),
        (label("reports.item.dossiers"), f.dossiers),
        (label("reports.item.nominees"), f.nominees),
        (label("reports.item.dossiers_decided"), outcome.dossiers_decided),
        (label("reports.item.dossiers_approved"), outcome.dossiers_approved),
        (label("reports.item.dossier_rate"), outcome.dossier_rate),
        (label("reports.item.nominee_rate"), outcome.nominee_rate),
        (label("reports.item.median_days"), outcome.median_working_days),
        (label("reports.item.processed"), outcome.processed),
        (label("reports.item.non_leader_share"), leaders.non_leader_share),
        (label("reports.item.approved_non_leader_share"), leaders.approved_non_leader_share),
    ]
    return {
        "summary": (("item", "value"), summary),
        "by_form_status": (
            ("award", "award_name", "status", "status_name", "dossiers", "nominees"),
            [(r.award, award_names.get(r.award, r.award), r.status, status(r.status), r.dossiers,
              r.nominees) for r in f.by_form_status],
        ),
        "by_kind": (
            ("kind", "kind_name", "nominees", "approved"),
            [(r.kind, _or_code(label, "reports.kind", r.kind), r.nominees, r.approved)
             for r in f.by_kind],
        ),
        "leaders": (
            ("group", "group_name", "nominees", "approved"),
            [(key, label(f"reports.leader.{key}"), getattr(leaders, key),
              getattr(leaders, f"approved_{key}"))
             for key in ("leaders", "non_leaders", "unknown")],
        ),
        "by_basis": (
            ("category", "category_name", "basis", "procedure", "dossiers", "nominees"),
            [(r.category, _or_code(label, "reports.basis", r.category), r.basis, r.procedure,
              r.dossiers, r.nominees) for r in f.by_basis],
        ),
        "units": (
            ("unit_code", "unit_name", "dossiers", "submitted", "late", "returned", "overdue",
             "approved"),
            [(r.code, r.name, r.dossiers, r.submitted, r.late, r.returned, r.overdue, r.approved)
             for r in f.units],
        ),
    }
