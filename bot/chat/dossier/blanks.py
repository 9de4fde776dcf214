"""/mau: the blank templates, prefilled with the officer's unit and the draft's nominees."""

from __future__ import annotations

from typing import Any

from bot.chat.dossier.shared import build, kb, load
from bot.conversation.turn import Turn
from bot.dossier.blanks import (
    BlankContext,
    BlankNominee,
    ballot_docx,
    choose_form,
    minutes_docx,
    nominee_list_xlsx,
    report_docx,
    to_trinh_docx,
)
from bot.identify import identify
from bot.render import Document, Renderer, Reply
from knowledge.dossier_schema import DossierKB

Blank = tuple[str, str, bytes, Any]  # kind, file name, content, the form chosen (or None)


async def _context(turn: Turn, unit: str | None) -> tuple[BlankContext, set[str]]:
    """The unit, and the award, basis, kinds and nominees of the draft when there is one."""
    state = await load(turn) if unit is not None else None
    if state is None or not (state.data.get("uploads") or state.answers):
        return BlankContext(unit=unit, award=None, basis="cong_trang", nominees=()), set()
    manifest = (await build(turn, state)).manifest
    nominees = tuple(BlankNominee(name=n.name, position=n.position, unit=n.unit,
                                  birth_date=n.birth_date, is_leader=n.is_leader)
                     for n in manifest.nominees)
    kinds = {n.kind or "individual" for n in manifest.nominees}
    return BlankContext(unit=unit, award=manifest.award.code,
                        basis=manifest.award.basis or "cong_trang", nominees=nominees), kinds


def _reports(ctx: BlankContext, kinds: set[str], base: DossierKB) -> list[Blank]:
    """The reports in the form for the award, the kind and the basis (forms.yaml); without a
    draft both are sent, individual and collective."""
    out: list[Blank] = []
    first = ctx.nominees[0] if len(ctx.nominees) == 1 else None
    if not kinds or "individual" in kinds:
        form = choose_form("bao_cao_thanh_tich", ctx, kb=base)
        out.append(("ca_nhan", "bao_cao_thanh_tich_ca_nhan.docx",
                    report_docx(ctx, first, kb=base, form=form), form))
    if not kinds or "collective" in kinds:
        form = choose_form("bao_cao_thanh_tich", ctx, collective=True, kb=base)
        out.append(("tap_the", "bao_cao_thanh_tich_tap_the.docx",
                    report_docx(ctx, collective=True, kb=base, form=form), form))
    return out


def _files(ctx: BlankContext, kinds: set[str], base: DossierKB) -> list[Blank]:
    return [("to_trinh", "to_trinh.docx", to_trinh_docx(ctx, kb=base),
             choose_form("to_trinh", ctx, kb=base)),
            ("danh_sach", "danh_sach_de_nghi.xlsx", nominee_list_xlsx(ctx, kb=base), None),
            *_reports(ctx, kinds, base),
            ("bien_ban", "bien_ban_hop_hoi_dong.docx", minutes_docx(ctx, kb=base), None),
            ("kiem_phieu", "bien_ban_kiem_phieu.docx", ballot_docx(ctx, kb=base), None)]


def _document(r: Renderer, blank: Blank) -> Reply:
    kind, name, content, chosen = blank
    caption = r.render("dossier_chat/blank_caption.j2", kind=kind,
                       variant=chosen.variant if chosen else None,
                       form=chosen.form if chosen else None)
    return Reply("", document=Document(name, content, caption))


async def blanks(turn: Turn) -> list[Reply]:
    """/mau: the blank templates, prefilled with the officer's unit and the draft's nominees."""
    r = turn.services.renderer
    viewer = await identify(turn)
    unit = viewer.unit_name if viewer.unit_id is not None else None
    ctx, kinds = await _context(turn, unit)
    files = _files(ctx, kinds, kb(turn))
    return [r.reply("dossier_chat/blanks.j2", unit=unit, nominees=len(ctx.nominees)),
            *[_document(r, blank) for blank in files]]
