"""/mau's forms are chosen by award, nominee kind and basis (knowledge/dossier/forms.yaml), and
every form, filled in and read back, makes a dossier with no false error."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from bot.dossier import check
from bot.dossier.blanks import (
    BlankContext,
    BlankCouncil,
    BlankNominee,
    ballot_docx,
    choose_form,
    minutes_docx,
    nominee_list_xlsx,
    report_docx,
    to_trinh_docx,
)
from bot.dossier.readers import read_files
from e2e.support import dossier_kb
from knowledge.dossier_schema import DossierKB, Severity
from tests.dossier.builders import certificate_docx

KB = dossier_kb()  # the shipped dossier rules (readers, checker, blank forms)

PEOPLE = (BlankNominee("Trần Diệu Lan", position="Giáo viên", period="2025", votes_agree=10),
          BlankNominee("Dương Xuân Giang", position="Giáo viên", period="2025", votes_agree=11))
GROUPS = (BlankNominee("Phòng Kế hoạch - Tài chính", period="2025", votes_agree=10),
          BlankNominee("Tổ Toán - Tin", period="2025", votes_agree=11))  # " - " in the name
COUNCIL = BlankCouncil(total=11, present=9, written=2, chair="Hoàng Anh An",
                  secretary="Phạm Thu Trang")
# (award, collective nominees, basis): one scenario per form of forms.yaml at least.
SCENARIOS = [
    ("chien_si_thi_dua_bo_nganh_tinh", False, "cong_trang"),
    ("bang_khen_tinh", False, "dot_xuat"),
    ("bang_khen_tinh", False, "chuyen_de"),
    ("bang_khen_tinh", True, "cong_trang"),
    ("co_thi_dua_bo_nganh_tinh", True, "cong_trang"),
    ("co_thi_dua_chinh_phu", True, "cong_trang"),
    ("chien_si_thi_dua_toan_quoc", False, "cong_trang"),
    ("giay_khen", True, "dot_xuat"),
    ("bang_khen_tinh", True, "chuyen_de"),
]


def _ctx(award: str, collective: bool, basis: str) -> BlankContext:
    return BlankContext(unit="Trường THPT Nguyễn Trãi", superior="Sở Giáo dục và Đào tạo",
                        place="Minh Sơn", recipient="Chủ tịch Ủy ban nhân dân tỉnh",
                        award=award, basis=basis, dated=dt.date(2026, 1, 12),
                        signer="Hoàng Anh An", nominees=GROUPS if collective else PEOPLE)


def _dossier(ctx: BlankContext, collective: bool) -> list[tuple[str, bytes]]:
    files = [("to_trinh.docx", to_trinh_docx(ctx, kb=KB)),
             ("danh_sach.xlsx", nominee_list_xlsx(ctx, kb=KB)),
             ("bien_ban.docx", minutes_docx(ctx, COUNCIL, kb=KB)),
             ("kiem_phieu.docx", ballot_docx(ctx, COUNCIL, kb=KB))]
    for nominee in ctx.nominees:
        files.append((f"bc_{nominee.name}.docx", report_docx(
            ctx, nominee, collective=collective, certifier="Hoàng Anh An",
            reporter="Nguyễn Văn Bình" if collective else nominee.name,  # the head signs
            achievements=f"Thành tích riêng của {nominee.name}: {len(nominee.name)} việc.", kb=KB)))
        if ctx.basis == "dot_xuat":  # Law Art. 84.2.d: the feat confirmed by the competent body
            files.append((f"xn_{nominee.name}.docx", _confirmation(nominee.name, collective)))
        elif not collective:
            files.append((f"sk_{nominee.name}.docx",
                          certificate_docx(nominee.name, title=f"Sáng kiến của {nominee.name}")))
    return files


def _confirmation(name: str, collective: bool) -> bytes:
    document = docx.Document()
    label = "Tên tập thể" if collective else "Họ và tên"
    for line in ("GIẤY XÁC NHẬN THÀNH TÍCH", f"{label}: {name}",
                 "đã cứu 3 người bị nạn trong lũ ngày 12/9/2025.", "CHỦ TỊCH", "Lê Văn Quang"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_every_form_of_forms_yaml_is_used_by_a_scenario(kb: DossierKB) -> None:
    used = set()
    for award, collective, basis in SCENARIOS:
        ctx = _ctx(award, collective, basis)
        used.add(choose_form("to_trinh", ctx, kb=kb).key)
        used.add(choose_form("bao_cao_thanh_tich", ctx, collective, kb=kb).key)
    assert used == {form.key for form in dossier_kb().forms.forms}


def test_forms_follow_the_kind_the_basis_and_the_award(kb: DossierKB) -> None:
    def report(award: str, collective: bool, basis: str) -> str:
        return choose_form("bao_cao_thanh_tich", _ctx(award, collective, basis), collective,
                           kb=kb).key

    assert report("chien_si_thi_dua_co_so", False, "cong_trang") == "bao_cao_ca_nhan"
    assert report("tap_the_lao_dong_xuat_sac", True, "cong_trang") == "bao_cao_tap_the"
    assert report("co_thi_dua_chinh_phu", True, "cong_trang") == "bao_cao_tap_the_co_thi_dua"
    assert report("bang_khen_tinh", False, "dot_xuat") == "bao_cao_dot_xuat"
    assert report("bang_khen_tinh", True, "chuyen_de") == "bao_cao_chuyen_de"
    individual = choose_form("bao_cao_thanh_tich", _ctx("giay_khen", False, "cong_trang"), kb=KB)
    assert individual.form == "Mẫu số 05"  # the one report number read in the ND 152 Annex
    assert choose_form("to_trinh", _ctx("giay_khen", False, "dot_xuat"), kb=KB).form == "Mẫu số 01"


@pytest.mark.parametrize(("award", "collective", "basis"), SCENARIOS)
def test_a_dossier_of_filled_forms_reads_back_with_no_false_error(
        kb: DossierKB, award: str, collective: bool, basis: str) -> None:
    ctx = _ctx(award, collective, basis)
    draft = read_files(_dossier(ctx, collective), kb=KB)
    assert [n.status for n in draft.notes] == ["read"] * len(draft.notes)
    manifest = draft.manifest
    assert manifest.award.code == award and manifest.award.basis == basis
    assert [n.name for n in manifest.nominees] == [n.name for n in ctx.nominees]
    assert {n.kind for n in manifest.nominees} == {"collective" if collective else "individual"}
    reports = [c for c in manifest.components if c.type == "bao_cao_thanh_tich"]
    assert len(reports) == 2
    assert all(c.signed_by_nominee and c.certified_by_proposing_level for c in reports)
    result = check(manifest, kb, dt.date(2026, 1, 20))
    assert [f.message for f in result.findings if f.severity is Severity.ERROR] == []
