"""The findings workbook reads like an office document: a title, Vietnamese labels, a filter."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from bot.dossier import check, findings_xlsx
from bot.dossier.manifest import parse_manifest
from bot.dossier.report import ReportTitle
from knowledge.dossier_schema import DossierKB
from tests.dossier.builders import RECEIVED, valid_dict


def test_title_row_labels_not_ids_and_an_autofilter(kb: DossierKB) -> None:
    data = valid_dict()
    data["components"] = [c for c in data["components"] if c["type"] != "to_trinh"]
    data["components"][0]["signed_by_nominee"] = False
    result = check(parse_manifest(data), kb, RECEIVED)
    content = findings_xlsx(result, {"N1": "Đỗ Văn Long"},
                            ReportTitle("Sở Y tế", "chien_si_thi_dua_co_so", "TKN-2025",
                                        dt.date(2026, 1, 20)), kb)
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
