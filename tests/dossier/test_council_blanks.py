"""The council blanks of /mau (biên bản họp Hội đồng, biên bản kiểm phiếu): filled in and read
back they give exactly what was written, and a dossier made of blanks has no false error."""

from __future__ import annotations

import datetime as dt

from bot.dossier import check
from bot.dossier.blanks import (
    BlankContext,
    BlankCouncil,
    BlankNominee,
    ballot_docx,
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

CTX = BlankContext(
    unit="Trường THPT Nguyễn Trãi", superior="Sở Giáo dục và Đào tạo", place="Minh Sơn",
    recipient="Chủ tịch Ủy ban nhân dân tỉnh", award="chien_si_thi_dua_bo_nganh_tinh",
    dated=dt.date(2026, 1, 12), signer="Hoàng Anh An",
    nominees=(BlankNominee("Trần Diệu Lan", position="Giáo viên", period="2023-2025",
                           votes_agree=10),
              BlankNominee("Dương Xuân Giang", position="Giáo viên", period="2023-2025",
                           votes_agree=11)))
COUNCIL = BlankCouncil(total=11, present=9, written=2, chair="Hoàng Anh An",
                  secretary="Phạm Thu Trang")


def test_filled_council_blanks_read_back_exactly() -> None:
    for build, kind in ((minutes_docx, "bien_ban_xet_khen_thuong"),
                        (ballot_docx, "ket_qua_bo_phieu")):
        draft = read_files([("bb.docx", build(CTX, COUNCIL, kb=KB))], kb=KB)
        (component,) = draft.manifest.components
        assert (component.type, component.signed_chair, component.signed_secretary) == (
            kind, True, True)
        council = draft.manifest.council
        assert council is not None and council.total_members == 11
        names = {n.id: n.name for n in draft.manifest.nominees}
        assert {names[k]: v.agree for k, v in council.votes.items()} == {
            "Trần Diệu Lan": 10, "Dương Xuân Giang": 11}


def test_blank_council_forms_are_unsigned_and_ask_for_the_votes() -> None:
    draft = read_files([("bb.docx", minutes_docx(kb=KB))], kb=KB)
    (component,) = draft.manifest.components
    assert (component.signed_chair, component.signed_secretary) == (False, False)
    assert {"council.total_members", "council.votes"} <= {q.key for q in draft.questions}


def test_a_dossier_made_of_filled_blanks_has_no_error(kb: DossierKB) -> None:
    files = [("to_trinh.docx", to_trinh_docx(CTX, kb=KB)),
             ("danh_sach.xlsx", nominee_list_xlsx(CTX, kb=KB)),
             ("bien_ban.docx", minutes_docx(CTX, COUNCIL, kb=KB)),
             ("kiem_phieu.docx", ballot_docx(CTX, COUNCIL, kb=KB))]
    for nominee in CTX.nominees:
        files.append((f"bc_{nominee.name}.docx", report_docx(
            CTX, nominee, certifier="Hoàng Anh An", reporter=nominee.name,
            achievements=f"Thành tích riêng của {nominee.name}: {len(nominee.name)} chuyên đề.",
            kb=KB)))
        files.append((f"sk_{nominee.name}.docx",
                      certificate_docx(nominee.name, title=f"Sáng kiến của {nominee.name}")))
    draft = read_files(files, kb=KB)
    assert draft.questions == []
    result = check(draft.manifest, kb, dt.date(2026, 1, 20))
    assert [f.message for f in result.findings if f.severity is Severity.ERROR] == []

