"""Turn `Figures` into what a user receives: the summary message, the PNG chart, the `.xlsx`.

Shared by `/thongke` and `tdkt report`; every word comes from templates and labels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.render import Renderer
from bot.reports.chart import STAGES, dossiers_chart_png
from bot.reports.figures import Figures
from bot.reports.xlsx import SHEETS, figures_xlsx
from knowledge.loader import KnowledgeBase

MAX_UNITS_SHOWN = 5
CHART_FILE = "thong_ke_{year}.png"
XLSX_FILE = "thong_ke_{year}.xlsx"


@dataclass(frozen=True)
class ReportPackage:
    summary: str  # Telegram HTML
    chart_png: bytes
    xlsx: bytes
    chart_caption: str
    xlsx_caption: str
    chart_name: str
    xlsx_name: str


def award_names(kb: KnowledgeBase) -> dict[str, str]:
    return {award_id: award.name for award_id, award in kb.awards.items()}


def scope_name(figures: Figures, renderer: Renderer) -> str:
    return figures.scope.title or renderer.label(f"reports.scope_kind.{figures.scope.kind}")


def summary_text(figures: Figures, renderer: Renderer, kb: KnowledgeBase) -> str:
    forms = sorted(figures.dossiers_by("award").items(), key=lambda x: (-x[1], x[0]))
    bases: dict[str, int] = defaultdict(int)
    for row in figures.by_basis:
        bases[row.category] += row.dossiers
    risky = [u for u in figures.units if u.late or u.returned or u.overdue][:MAX_UNITS_SHOWN]
    return renderer.render(
        "reports/summary.j2", f=figures, scope_name=scope_name(figures, renderer),
        forms=forms, bases=sorted(bases.items(), key=lambda x: (-x[1], x[0])),
        award_names=award_names(kb), basis_names=_labels(renderer, "reports.basis", bases),
        kind_names=_labels(renderer, "reports.kind", [k.kind for k in figures.by_kind]),
        risky_units=risky,
    )


def build_package(figures: Figures, renderer: Renderer, kb: KnowledgeBase) -> ReportPackage:
    names = award_names(kb)
    year = figures.scope.year
    chart = dossiers_chart_png(
        figures, names, {s: renderer.label(f"reports.stage.{s}") for s in STAGES},
        renderer.label("reports.chart_title", year=year), renderer.label("reports.chart_empty"),
    )
    book = figures_xlsx(figures, renderer.label, names)
    return ReportPackage(
        summary=summary_text(figures, renderer, kb),
        chart_png=chart,
        xlsx=book,
        chart_caption=renderer.render("reports/chart_caption.j2",
                                      scope_name=scope_name(figures, renderer), year=year),
        xlsx_caption=renderer.render("reports/xlsx_caption.j2", sheets=sheet_names(renderer)),
        chart_name=CHART_FILE.format(year=year),
        xlsx_name=XLSX_FILE.format(year=year),
    )


def sheet_names(renderer: Renderer) -> list[str]:
    """The workbook's sheet names, in order (documented in `bot.reports.xlsx`)."""
    return [renderer.label(f"reports.sheet.{key}") for key in SHEETS]


def _labels(renderer: Renderer, group: str, codes: Iterable[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for code in codes:
        try:
            result[code] = renderer.label(f"{group}.{code}")
        except KeyError:
            result[code] = code
    return result
