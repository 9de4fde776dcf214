"""Builders for dossier tests: a complete valid manifest, and real Word/Excel files."""

from __future__ import annotations

import copy
import datetime as dt
import io
from typing import Any

import docx

from bot.dossier.manifest import Manifest, parse_manifest

RECEIVED = dt.date(2026, 1, 20)


def valid_dict() -> dict[str, Any]:
    """A complete CSTĐCS dossier received 2026-01-20 with no problem at all (no facts given)."""
    return copy.deepcopy({
        "received_on": "2026-01-20",
        "award": {"code": "chien_si_thi_dua_co_so", "basis": "cong_trang", "procedure": "regular"},
        "campaign": {"code": "TKN-2025", "deadline": "2026-01-31", "applies_to": ["cong_trang"]},
        "proposing_body": {"name": "Sở Y tế", "level": "tinh_agency"},
        "components": [
            {"type": "to_trinh", "signed": True, "dated": "2026-01-15", "has_nominee_list": True,
             "legal_basis": ["Luật Thi đua, khen thưởng số 06/2022/QH15",
                             "Nghị định số 152/2025/NĐ-CP"]},
            {"type": "bao_cao_thanh_tich", "nominee": "N1", "signed_by_nominee": True,
             "certified_by_proposing_level": True},
            {"type": "bao_cao_thanh_tich", "nominee": "N2", "signed_by_nominee": True,
             "certified_by_proposing_level": True},
            {"type": "chung_nhan_sang_kien", "nominee": "N1", "signed": True},
            {"type": "chung_nhan_sang_kien", "nominee": "N2", "signed": True},
            {"type": "bien_ban_binh_xet", "signed_chair": True, "signed_secretary": True},
        ],
        "council": {"total_members": 11, "present": 9, "written_opinions_from_absent": 2,
                    "votes": {"N1": {"agree": 10, "disagree": 1}, "N2": {"agree": 9}}},
        "nominees": [
            {"id": "N1", "name": "Đỗ Văn Long", "kind": "individual", "is_leader": False,
             "achievement_period": {"from": "2025-01-01", "to": "2025-12-31"}},
            {"id": "N2", "name": "Trần Thị Mai", "kind": "individual", "is_leader": False,
             "achievement_period": {"from": "2025-01-01", "to": "2025-12-31"}},
        ],
    })


def manifest_of(data: dict[str, Any]) -> Manifest:
    return parse_manifest(data)


def minutes_docx(total: int | None = 11, votes: dict[str, int] | None = None,
                 chair: str | None = "Nguyễn Văn Chủ", secretary: str | None = "Lê Thị Thư",
                 ) -> bytes:
    """A biên bản bình xét with a vote table, written the way units write them."""
    document = docx.Document()
    document.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    document.add_paragraph("BIÊN BẢN HỌP BÌNH XÉT THI ĐUA NĂM 2025")
    document.add_paragraph("Hôm nay, ngày 10 tháng 01 năm 2026, tại Sở Y tế.")
    if total is not None:
        document.add_paragraph(f"Tổng số thành viên Hội đồng: {total} người; có mặt: 9 người.")
        document.add_paragraph("Thành viên vắng mặt gửi ý kiến bằng văn bản: 2 người.")
    if votes:
        table = document.add_table(rows=1, cols=3)
        for cell, text in zip(table.rows[0].cells, ("Họ và tên", "Số phiếu đồng ý",
                                                    "Không đồng ý"), strict=True):
            cell.text = text
        for name, agree in votes.items():
            row = table.add_row().cells
            row[0].text, row[1].text, row[2].text = name, str(agree), str(11 - agree)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "THƯ KÝ\n(Ký, ghi rõ họ tên)" + (f"\n{secretary}" if secretary else "")
    right.text = "CHỦ TỌA\n(Ký, ghi rõ họ tên)" + (f"\n{chair}" if chair else "")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def certificate_docx(name: str, title: str = "Số hoá hồ sơ", signer: str | None = "Phạm Văn Ký"
                     ) -> bytes:
    document = docx.Document()
    document.add_paragraph("GIẤY CHỨNG NHẬN SÁNG KIẾN")
    document.add_paragraph(f"Tác giả: {name}")
    document.add_paragraph(f"Tên sáng kiến: {title}")
    document.add_paragraph("GIÁM ĐỐC")
    if signer:
        document.add_paragraph(signer)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
