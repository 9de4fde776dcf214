"""The findings workbook reads like an office document: a title, Vietnamese labels, a filter."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from bot.dossier import check, findings_xlsx
from bot.dossier.manifest import parse_manifest
from bot.dossier.report import ReportTitle
from e2e.support import dossier_kb
from knowledge.dossier_schema import DossierKB
from tests.dossier.builders import RECEIVED, valid_dict


def test_title_row_labels_not_ids_and_an_autofilter(kb: DossierKB) -> None:
    data = valid_dict()
    data["components"] = [c for c in data["components"] if c["type"] != "to_trinh"]
    data["components"][0]["signed_by_nominee"] = False
    result = check(parse_manifest(data), kb, RECEIVED)
    content = findings_xlsx(result, {"N1": "Đỗ Văn Long"},
                            ReportTitle("Sở Y tế", "chien_si_thi_dua_co_so", "TKN-2025",
                                        dt.date(2026, 1, 20)), kb=kb)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert "KẾT QUẢ KIỂM TRA HỒ SƠ" in str(sheet["A1"].value)
    details = str(sheet["A2"].value)
    for part in ("Sở Y tế", "Chiến sĩ thi đua cơ sở", "TKN-2025", "20/01/2026"):
        assert part in details
    assert sheet["A4"].value == "STT"
    assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A4:H")
    cells = [str(c.value) for row in sheet.iter_rows(min_row=5) for c in row if c.value]
    assert "Thiếu thành phần hồ sơ" in cells and "Tờ trình đề nghị khen thưởng" in cells
    assert "Chưa ký" in cells and "Đỗ Văn Long" in cells
    for raw in ("missing_component", "to_trinh", "unsigned", "bao_cao_thanh_tich",
                "criteria_unknown"):
        assert raw not in cells


def test_every_finding_kind_and_component_has_a_vietnamese_label(kb: DossierKB) -> None:
    from bot.dossier.findings import KINDS
    from bot.dossier.text import render_word

    assert [k for k in sorted(KINDS) if render_word("kind", kind=k) == "Khác"] == []
    types = {t for rule in kb.components for need in rule.components
             for t in (need.type, *need.any_of)}
    types |= {t for rule in kb.signatures for t in rule.component_types}
    assert sorted(types - set(kb.vocabulary.components)) == []


def test_a_zip_counts_its_files_one_by_one_and_not_the_refused_ones() -> None:
    import zipfile

    from bot.dossier import draft as dr
    from bot.dossier.readers import read_upload
    from tests.dossier.corpus.generate import CORPUS

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("to_trinh.docx", CORPUS["tt_truong_thpt_bk_tinh.docx"]())
        archive.writestr("bien_ban.docx", CORPUS["bb_hd_tdkt_truong_van_xuoi.docx"]())
        archive.writestr("hong.docx", b"PK\x03\x04 broken")  # refused: not counted
        archive.writestr("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    upload = read_upload("ho_so.zip", buffer.getvalue(), kb=dossier_kb())
    data = dr.add_upload({}, upload, 2000)
    assert dr.file_count(data) == 2
    assert {(n.file, n.reason) for n in upload.notes if n.status == "refused"} == {
        ("ho_so.zip/hong.docx", "corrupt"), ("ho_so.zip/cu.doc", "old_format")}
