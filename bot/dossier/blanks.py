"""Blank (optionally prefilled) dossier templates: tờ trình and achievement reports as `.docx`,
the nominee list as `.xlsx` — laid out so that our own readers read them back exactly.

Layout basis (see the templates' headers): Mẫu 01 (tờ trình) and Mẫu 05 (individual report) of
the Decree 152/2025/NĐ-CP annex as cited by QĐ 638/QĐ-BNV (their fields were not read), the
collective report sections of ND 98 Mẫu 02 (legal-procedure.md §2.4), and the administrative
format of Decree 30/2020/NĐ-CP. All words come from `bot/templates/dossier/blanks/`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.dossier.text import _env
from bot.text.cells import xlsx_row
from knowledge.dossier_schema import BlankForm, DossierKB


@dataclass(frozen=True)
class BlankNominee:
    """A nominee to prefill; every field optional except the name."""

    name: str
    position: str | None = None
    unit: str | None = None
    birth_date: dt.date | None = None
    is_leader: bool | None = None
    period: str | None = None
    initiatives: Sequence[str] = ()
    prior_awards: Sequence[str] = ()
    votes_agree: int | None = None


@dataclass(frozen=True)
class BlankContext:
    """What is known about the proposing unit and the proposal (all optional)."""

    unit: str | None = None
    superior: str | None = None
    place: str | None = None
    recipient: str | None = None
    award: str | None = None
    basis: str = "cong_trang"
    procedure: str = "regular"
    dated: dt.date | None = None
    signer: str | None = None
    nominees: Sequence[BlankNominee] = field(default_factory=tuple)


def _common(ctx: BlankContext, kb: DossierKB) -> dict[str, Any]:
    names = kb.vocabulary.awards.get(ctx.award or "", [])
    return {
        "unit": ctx.unit, "superior": ctx.superior, "place": ctx.place,
        "recipient": ctx.recipient, "award_label": names[0] if names else None,
        "basis_label": kb.vocabulary.bases.get(ctx.basis),
        "procedure_label": kb.vocabulary.procedures.get(ctx.procedure),
        "day": f"{ctx.dated.day:02d}" if ctx.dated else None,
        "month": f"{ctx.dated.month:02d}" if ctx.dated else None,
        "year": ctx.dated.year if ctx.dated else None,
        "count": len(ctx.nominees) or None,
    }


def choose_form(component: str, ctx: BlankContext, collective: bool = False, *,
                kb: DossierKB) -> BlankForm:
    """The form of forms.yaml for this component, award, nominee kind and basis."""
    return kb.forms.choose(component, ctx.award,
                                  "collective" if collective else "individual", ctx.basis,
                                  kb.expand)


def _form_note(form: BlankForm) -> str:
    return " ".join(_env().get_template("dossier/blanks/form_note.j2").render(
        form=form.form, citation=form.citation.text).split())


def to_trinh_docx(ctx: BlankContext | None = None, *, kb: DossierKB,
                  form: BlankForm | None = None) -> bytes:
    """The tờ trình; its wording follows the form chosen for the basis (forms.yaml)."""
    ctx = ctx or BlankContext()
    form = form or choose_form("to_trinh", ctx, kb=kb)
    text = _env().get_template("dossier/blanks/to_trinh.j2").render(
        **_common(ctx, kb), signer=ctx.signer, variant=form.variant, form_note=_form_note(form))
    return _markup_to_docx(text)


def report_docx(
    ctx: BlankContext | None = None,
    nominee: BlankNominee | None = None,
    collective: bool = False,
    certifier: str | None = None,
    reporter: str | None = None,
    achievements: str | None = None,
    *,
    kb: DossierKB,
    form: BlankForm | None = None,
) -> bytes:
    """Achievement report of an individual (default) or a collective (`collective=True`), in
    the form chosen for the award, the kind and the basis (forms.yaml) unless `form` is given."""
    ctx = ctx or BlankContext()
    n = nominee or BlankNominee(name="")
    form = form or choose_form("bao_cao_thanh_tich", ctx, collective, kb=kb)
    text = _env().get_template("dossier/blanks/bao_cao_thanh_tich.j2").render(
        **_common(ctx, kb), collective=collective, name=n.name or None,
        variant=form.variant, form_note=_form_note(form),
        birth=n.birth_date.strftime("%d/%m/%Y") if n.birth_date else None,
        position=n.position, nominee_unit=n.unit, period=n.period,
        initiatives=list(n.initiatives), prior_awards=list(n.prior_awards),
        certifier=certifier, reporter=reporter, achievements=achievements,
    )
    return _markup_to_docx(text)


@dataclass(frozen=True)
class BlankCouncil:
    """What is known about the council meeting (all optional): people and counts."""

    total: int | None = None
    present: int | None = None
    written: int | None = None
    chair: str | None = None
    secretary: str | None = None


def _ballot_rows(ctx: BlankContext, council: BlankCouncil) -> list[dict[str, Any]]:
    rows = []
    for n in ctx.nominees:
        ratio = None
        if n.votes_agree is not None and council.total:
            ratio = f"{n.votes_agree * 100 / council.total:.1f}".replace(".", ",")
        against = (council.total - n.votes_agree if n.votes_agree is not None and council.total
                   else None)
        rows.append({"name": n.name, "position": n.position, "votes": n.votes_agree,
                     "against": against, "ratio": ratio})
    return rows


def _council_docx(template: str, ctx: BlankContext | None, council: BlankCouncil | None,
                  kb: DossierKB) -> bytes:
    ctx = ctx or BlankContext()
    council = council or BlankCouncil()
    text = _env().get_template(template).render(
        **_common(ctx, kb), total=council.total, present=council.present,
        written=council.written, chair=council.chair, secretary=council.secretary,
        nominees=_ballot_rows(ctx, council))
    return _markup_to_docx(text)


def minutes_docx(ctx: BlankContext | None = None, council: BlankCouncil | None = None, *,
                 kb: DossierKB) -> bytes:
    """Biên bản họp Hội đồng Thi đua - Khen thưởng (votes table, chair and secretary)."""
    return _council_docx("dossier/blanks/bien_ban_hop.j2", ctx, council, kb)


def ballot_docx(ctx: BlankContext | None = None, council: BlankCouncil | None = None, *,
                kb: DossierKB) -> bytes:
    """Biên bản kiểm phiếu: the secret-ballot result per nominee."""
    return _council_docx("dossier/blanks/ket_qua_kiem_phieu.j2", ctx, council, kb)


def nominee_list_xlsx(ctx: BlankContext | None = None, *, kb: DossierKB) -> bytes:
    ctx = ctx or BlankContext()
    lines = _env().get_template("dossier/blanks/danh_sach.j2").render(
        **_common(ctx, kb)).strip().splitlines()
    title, subtitle, header = lines[0], lines[1], lines[2].split("|")
    award_label = _common(ctx, kb)["award_label"]
    # openpyxl (and the numpy it may pull in) only when a workbook is written: not at bot start.
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([title])
    sheet.append([subtitle])
    sheet.append([])
    sheet.append(header)
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    words = _yes_no_words(kb)
    for index, n in enumerate(ctx.nominees, start=1):
        leader = None if n.is_leader is None else (words[0] if n.is_leader else words[1])
        sheet.append(xlsx_row(sheet, [
            index, n.name, n.birth_date, n.position, n.unit, leader, award_label, n.period,
            "; ".join(n.initiatives) or None, "; ".join(n.prior_awards) or None,
            n.votes_agree, None,
        ]))
    for column, width in zip("ABCDEFGHIJKL", (6, 28, 12, 22, 28, 12, 28, 16, 30, 30, 12, 16),
                             strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _yes_no_words(kb: DossierKB) -> tuple[str, str]:
    """Display words for leader yes/no, rendered from the blanks template vocabulary."""
    text = _env().get_template("dossier/words.j2")
    return (" ".join(text.render(key="yes").split()), " ".join(text.render(key="no").split()))


def _markup_to_docx(text: str) -> bytes:
    # python-docx only when a document is written: not at bot start (memory).
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    block: list[str] | None = None
    table: Any = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if line in ("[header]", "[sign]"):
            block = []
            continue
        if line in ("[/header]", "[/sign]"):
            _two_columns(document, block or [], bold_right=line == "[/header]")
            block = None
            continue
        if block is not None:
            block.append(line)
            continue
        if not line.strip():
            continue
        if line.startswith("table:"):
            cells = [c.strip() for c in line[6:].split("|")]
            table = document.add_table(rows=1, cols=len(cells))
            table.style = "Table Grid"
            for cell, value in zip(table.rows[0].cells, cells, strict=True):
                cell.text = value
            continue
        if line.startswith("row:") and table is not None:
            cells = [c.strip() for c in line[4:].split("|")]
            row = table.add_row()
            for cell, value in zip(row.cells, cells, strict=False):
                cell.text = value
            continue
        table = None
        paragraph = document.add_paragraph()
        if line.startswith("## "):
            run = paragraph.add_run(line[3:])
            run.italic = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif line.startswith("# "):
            run = paragraph.add_run(line[2:])
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.add_run(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _two_columns(document: Any, rows: list[str], bold_right: bool) -> None:
    """A borderless two-column block: each "left|right" row appends lines to both cells."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    left: list[str] = []
    right: list[str] = []
    for row in rows:
        a, _, b = row.partition("|")
        left.extend(x.strip() for x in a.split(" / ") if x.strip())
        right.extend(x.strip() for x in b.split(" / ") if x.strip())
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.text = ""
        for index, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            run = paragraph.add_run(line)
            run.bold = (bold_right and index < 2) or line.isupper()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
