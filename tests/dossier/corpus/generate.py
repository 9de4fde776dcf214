"""The reader corpus: office documents written the way schools, communes, hospitals and
enterprises write them (ND 152 Annex Mẫu 01/05 and provincial variants).

Every file is built in memory from the specs below with python-docx / openpyxl (plus a minimal
hand-written PDF), so the repository keeps a small script instead of binaries. What each file
says is recorded in `expected.yaml` (what the reader must read; `null` = the reader must ask), and
`dossiers.yaml` groups files into complete dossiers that must check with no error.

Run `python tests/dossier/corpus/generate.py OUT_DIR` to write the files out and open them.
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
from docx.enum.text import WD_BREAK
from docx.shared import Cm

try:
    from tests.dossier.corpus.lo_docx import build_lo_docx
except ImportError:  # run as a script, or imported as `dossier.corpus.generate`
    from lo_docx import build_lo_docx  # type: ignore[import-not-found,no-redef]

# --- document markup -----------------------------------------------------------------------
# A spec is a list of blocks:
#   "text"                      a paragraph ("\n" inside = soft line breaks, as LibreOffice writes)
#   ("two", left, right)        a borderless 2-column table, cells' lines separated by "\n";
#                               a line "[img]" is an inline picture (a scanned signature)
#   ("table", [[...], ...])     a table; the first row is the header
#   ("page",)                   a page break


def _png() -> bytes:
    """A tiny valid PNG (a grey square), standing for a scanned signature."""
    width = height = 8
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _fill_cell(cell: object, text: str) -> None:
    lines = text.split("\n")
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()  # type: ignore[attr-defined]
        if line == "[img]":
            paragraph.add_run().add_picture(io.BytesIO(_png()), width=Cm(2))
        else:
            paragraph.add_run(line)


def build_docx(blocks: list[object], soft_breaks: bool = False) -> bytes:
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            if soft_breaks and "\n" in block:
                paragraph = document.add_paragraph()
                for index, part in enumerate(block.split("\n")):
                    if index:
                        paragraph.add_run().add_break(WD_BREAK.LINE)
                    paragraph.add_run(part)
            else:
                for part in block.split("\n"):
                    document.add_paragraph(part)
            continue
        assert isinstance(block, tuple)
        if block[0] == "two":
            table = document.add_table(rows=1, cols=2)
            _fill_cell(table.rows[0].cells[0], block[1])
            _fill_cell(table.rows[0].cells[1], block[2])
        elif block[0] == "table":
            rows = block[1]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = str(value)
        elif block[0] == "page":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_xlsx(rows: list[list[object]], merge_title: bool = True) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sach"
    for row in rows:
        sheet.append(row)
    if merge_title and rows and len(rows[0]) == 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_pdf(lines: list[str]) -> bytes:
    """A text PDF (one page) whose font maps codes to Unicode, as office PDF exports do."""
    def hexline(text: str) -> str:
        return "".join(f"{ord(ch):04X}" for ch in text)

    content = "BT /F1 11 Tf 14 TL 50 800 Td\n" + "".join(
        f"<{hexline(line)}> Tj T*\n" for line in lines) + "ET"
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            "1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end")
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /TimesNewRoman /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        f"<< /Length {len(content.encode())} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TimesNewRoman "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        "/FontDescriptor 8 0 R /DW 500 >>",
        f"<< /Length {len(cmap.encode())} >>\nstream\n{cmap}\nendstream",
        "<< /Type /FontDescriptor /FontName /TimesNewRoman /Flags 32 "
        "/FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 900 /Descent -200 "
        "/CapHeight 700 /StemV 80 >>",
    ]
    return _pdf(objects)


def build_scanned_pdf() -> bytes:
    """A one-page PDF holding only an image (a scan): no text at all."""
    image = zlib.compress(b"\x80" * 64)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        (f"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
         f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(image)} >>\nstream\n",
         image),
        "<< /Length 35 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
    ]
    return _pdf(objects)


def _pdf(objects: list[object]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode()
        if isinstance(body, tuple):
            out += body[0].encode() + body[1] + b"\nendstream"
        else:
            out += str(body).encode("latin-1")
        out += b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            ).encode()
    return bytes(out)


# --- shared pieces -------------------------------------------------------------------------

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
BASES = ("Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;\n"
         "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
         "chi tiết một số điều của Luật Thi đua, khen thưởng;")
RECEIVERS = "Nơi nhận:\n- Như trên;\n- Lưu: VT."


def header(left: str, place_date: str) -> tuple[str, str, str]:
    return ("two", left, f"{NATION}\n{place_date}")


def to_trinh(left: str, place_date: str, about: str, body: list[object],
             sign: str) -> list[object]:
    return [header(left, place_date), "TỜ TRÌNH", about, *body,
            ("two", RECEIVERS, sign)]


def report(title: str, fields: str, achievements: str, priors: list[list[str]] | None,
           left_sign: str, right_sign: str, head: tuple[str, str, str] | None = None
           ) -> list[object]:
    blocks: list[object] = []
    if head:
        blocks.append(head)
    blocks += [title, "I. SƠ LƯỢC LÝ LỊCH", fields, "II. THÀNH TÍCH ĐẠT ĐƯỢC", achievements,
               "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN"]
    if priors:
        blocks.append(("table", [["Năm", "Hình thức khen thưởng", "Số, ngày quyết định"],
                                 *priors]))
    blocks.append(("two", left_sign, right_sign))
    return blocks


ACHIEVEMENTS = [
    "Năm {y}, {who} hoàn thành xuất sắc nhiệm vụ {field}; chủ trì {n} chuyên đề cấp đơn vị, "
    "được Hội đồng đánh giá cao và nhân rộng.",
    "{who} luôn đi đầu trong {field}: kết quả năm {y} vượt {n}% chỉ tiêu được giao, không để "
    "xảy ra sai sót, được cấp trên ghi nhận qua các đợt kiểm tra.",
    "Trong {field}, {who} đề xuất cách làm mới giúp rút ngắn {n} ngày xử lý công việc; tích cực "
    "hướng dẫn đồng nghiệp trẻ và tham gia phong trào thi đua của ngành năm {y}.",
    "Kết quả nổi bật năm {y}: {field} đạt loại tốt, {n} lượt được khen ngợi; {who} tham gia "
    "đầy đủ hoạt động đoàn thể, giữ gìn đoàn kết nội bộ.",
]


def achievements(who: str, field: str) -> str:
    """Each nominee's own report text (copied reports are a real finding, not wanted here)."""
    seed = sum(map(ord, who))
    first = ACHIEVEMENTS[seed % len(ACHIEVEMENTS)]
    second = ACHIEVEMENTS[(seed // 7 + 1) % len(ACHIEVEMENTS)]
    return "\n".join(t.format(who=who, field=field, y=2025, n=seed % 40 + 5)
                     for t in dict.fromkeys((first, second)))


def minutes(left: str, place_date: str, title: list[str], body: list[object],
            secretary: str, chair: str) -> list[object]:
    return [header(left, place_date), *title, *body, ("two", secretary, chair)]


def people_rows(rows: list[tuple[str, str, object]]) -> list[list[object]]:
    return [[i, name, position, votes] for i, (name, position, votes) in enumerate(rows, 1)]


SCHOOL = "SỞ GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG THPT NGUYỄN TRÃI\nSố: 12/TTr-THPTNT"
COMMUNE = "UBND XÃ TÂN LẠC\nSố: 05/TTr-UBND"
HOSPITAL = "SỞ Y TẾ TỈNH MINH SƠN\nBỆNH VIỆN ĐA KHOA TỈNH\nSố: 88/TTr-BVĐK"
COMPANY = "TỔNG CÔNG TY ĐIỆN LỰC MIỀN BẮC\nCÔNG TY ĐIỆN LỰC MINH SƠN\nSố: 301/TTr-PCMS"
DISTRICT = "UỶ BAN NHÂN DÂN\nPHƯỜNG ĐỒNG HỶ\nSố: 41/TTr-UBND"
SO = "UBND TỈNH MINH SƠN\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nSố: 17/TTr-SNNMT"

# --- the corpus ----------------------------------------------------------------------------

Builder = Callable[[], bytes]
CORPUS: dict[str, Builder] = {}


def doc(name: str, soft_breaks: bool = False) -> Callable[[Callable[[], list[object]]], None]:
    def register(spec: Callable[[], list[object]]) -> None:
        CORPUS[name] = lambda: build_docx(spec(), soft_breaks)
    return register


def sheet(name: str) -> Callable[[Callable[[], list[list[object]]]], None]:
    def register(spec: Callable[[], list[list[object]]]) -> None:
        CORPUS[name] = lambda: build_xlsx(spec())
    return register


# Tờ trình ---------------------------------------------------------------------------------

@doc("tt_truong_thpt_bk_tinh.docx")
def _tt1() -> list[object]:
    return to_trinh(SCHOOL, "Minh Sơn, ngày 15 tháng 01 năm 2026",
                    "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
                    ["Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh Minh Sơn", BASES,
                     "Trường THPT Nguyễn Trãi đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho 3 cá "
                     "nhân có thành tích xuất sắc trong thực hiện nhiệm vụ năm học 2024-2025.",
                     "Hình thức đề nghị: Bằng khen của Chủ tịch UBND tỉnh",
                     "(Có danh sách kèm theo)"],
                    "HIỆU TRƯỞNG\n(Đã ký, đóng dấu)\nHoàng Anh An")


@doc("tt_xa_tan_lac_bk_tinh.docx")
def _tt2() -> list[object]:
    return to_trinh(COMMUNE, "Tân Lạc, ngày 08 tháng 01 năm 2026",
                    "V/v đề nghị Chủ tịch UBND tỉnh tặng Bằng khen",
                    ["Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Minh Sơn", BASES,
                     "Ủy ban nhân dân xã Tân Lạc kính đề nghị Chủ tịch UBND tỉnh xét tặng Bằng "
                     "khen cho các cá nhân, tập thể có thành tích xuất sắc trong thực hiện nhiệm "
                     "vụ năm 2025 (có danh sách kèm theo)."],
                    "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\nNguyễn Văn Bình")


@doc("tt_benh_vien_cstdcs.docx")
def _tt3() -> list[object]:
    return to_trinh(HOSPITAL, "Minh Sơn, ngày 12 tháng 01 năm 2026",
                    "Về việc đề nghị công nhận danh hiệu Chiến sĩ thi đua cơ sở năm 2025",
                    ["Kính gửi: Giám đốc Sở Y tế", BASES,
                     "Bệnh viện đề nghị công nhận danh hiệu Chiến sĩ thi đua cơ sở cho 2 cá nhân "
                     "(có danh sách kèm theo)."],
                    "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(đã ký, đóng dấu)\nLê Thị Hoa")


@doc("tt_cong_ty_bk_tinh.docx")
def _tt4() -> list[object]:
    return to_trinh(COMPANY, "Minh Sơn, ngày 10/01/2026",
                    "Về việc đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                    [BASES, "Công ty kính đề nghị xét tặng Bằng khen của Chủ tịch Ủy ban nhân "
                     "dân tỉnh cho 02 cá nhân, có danh sách kèm theo."],
                    "TỔNG GIÁM ĐỐC\nĐã ký\nPhạm Quang Huy")


@doc("tt_chu_ky_anh.docx")
def _tt5() -> list[object]:
    return to_trinh(SCHOOL, "Minh Sơn, ngày 14 tháng 01 năm 2026",
                    "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
                    [BASES, "Hình thức đề nghị: Bằng khen của Chủ tịch UBND tỉnh Minh Sơn",
                     "(Có danh sách kèm theo)"],
                    "HIỆU TRƯỞNG\n[img]\nHoàng Anh An")


@doc("tt_phuong_uy_ban_bk_tinh.docx")
def _tt6() -> list[object]:
    return to_trinh(DISTRICT, "Đồng Hỷ, ngày 09 tháng 01 năm 2026",
                    "Về việc đề nghị tặng Bằng khen của Chủ tịch Uỷ ban nhân dân tỉnh",
                    [BASES, "Uỷ ban nhân dân phường đề nghị xét tặng Bằng khen cho 01 tập thể "
                     "(danh sách kèm theo)."],
                    "TM. UỶ BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nĐoàn Văn Tuấn")


@doc("tt_chua_ky.docx")
def _tt7() -> list[object]:
    return to_trinh(SCHOOL, "Minh Sơn, ngày 15 tháng 01 năm 2026",
                    "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
                    [BASES, "(Có danh sách kèm theo)"],
                    "HIỆU TRƯỞNG\n(Ký, ghi rõ họ tên, đóng dấu)")


@doc("tt_libreoffice_ngat_dong.docx", soft_breaks=True)
def _tt8() -> list[object]:
    return [header(SO, "Minh Sơn, ngày 16 tháng 01 năm 2026"),
            "TỜ TRÌNH\nĐề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh", BASES,
            "Sở đề nghị tặng Bằng khen cho 02 cá nhân (có danh sách kèm theo).",
            ("two", RECEIVERS, "GIÁM ĐỐC\n(Đã ký)\nVũ Minh Khôi")]


@doc("tt_so_cstd_tinh.docx")
def _tt9() -> list[object]:
    return to_trinh(SO, "Minh Sơn, ngày 13 tháng 01 năm 2026",
                    "Về việc đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2025",
                    [BASES, "Sở đề nghị xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh cho 01 cá "
                     "nhân (có danh sách kèm theo)."],
                    "GIÁM ĐỐC\n(Đã ký và đóng dấu)\nVũ Minh Khôi")


@doc("tt_mam_non_ldtt.docx")
def _tt10() -> list[object]:
    return to_trinh("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG MẦM NON HOA SEN\nSố: 03/TTr-MNHS",
                    "Hoa Sen, ngày 05 tháng 01 năm 2026",
                    "Về việc đề nghị công nhận danh hiệu Lao động tiên tiến năm học 2024-2025",
                    [BASES, "Trường đề nghị công nhận danh hiệu Lao động tiên tiến cho 02 cá "
                     "nhân (có danh sách kèm theo)."],
                    "HIỆU TRƯỞNG\n(Đã ký)\nĐinh Thị Nga")


# Báo cáo thành tích ----------------------------------------------------------------------

CERT_SCHOOL = "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ\nHIỆU TRƯỞNG\n(Đã ký, đóng dấu)\nHoàng Anh An"


def teacher_report(name: str, position: str, sign: str = "(Đã ký)",
                   field: str = "giảng dạy môn Toán") -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH\nĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH",
        f"1. Họ và tên: {name}\n2. Ngày, tháng, năm sinh: 12/03/1985\n3. Chức vụ: {position}\n"
        f"4. Đơn vị công tác: Trường THPT Nguyễn Trãi\n5. Thời gian thành tích: năm 2025",
        achievements(name, field), [["2023", "Giấy khen của Giám đốc Sở", "45/QĐ-SGDĐT"]],
        CERT_SCHOOL, f"NGƯỜI BÁO CÁO THÀNH TÍCH\n{sign}\n{name}")


@doc("bctt_giao_vien_tran_dieu_lan.docx")
def _r1() -> list[object]:
    return teacher_report("Trần Diệu Lan", "Giáo viên")


@doc("bctt_giao_vien_duong_xuan_giang.docx")
def _r2() -> list[object]:
    return teacher_report("Dương Xuân Giang", "Giáo viên", "(đã ký)", "chủ nhiệm lớp 12A1")


@doc("bctt_hieu_truong_hoang_anh_an.docx")
def _r3() -> list[object]:
    return teacher_report("Hoàng Anh An", "Hiệu trưởng", "Đã ký", "quản lý nhà trường")


@doc("bctt_bac_si_benh_vien.docx")
def _r4() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ",
        "Họ tên: Nguyễn Thị Hạnh\nSinh ngày: 02/09/1982\nChức vụ: Bác sĩ khoa Nội\n"
        "Đơn vị công tác: Bệnh viện Đa khoa tỉnh\nThời gian thành tích: năm 2025",
        achievements("Nguyễn Thị Hạnh", "khám chữa bệnh"),
        [["2024", "Chiến sĩ thi đua cơ sở", "112/QĐ-BVĐK"]],
        "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(đã ký, đóng dấu)\nLê Thị Hoa",
        "NGƯỜI BÁO CÁO THÀNH TÍCH\n(Ký, ghi rõ họ và tên)\nNguyễn Thị Hạnh")


@doc("bctt_dieu_duong_benh_vien.docx")
def _r5() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ",
        "Họ tên: Lê Văn Tám\nChức vụ: Điều dưỡng trưởng khoa Ngoại\n"
        "Đơn vị công tác: Bệnh viện Đa khoa tỉnh\nThời gian thành tích: năm 2025",
        achievements("Lê Văn Tám", "chăm sóc người bệnh"), None,
        "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n[img]\nLê Thị Hoa",
        "NGƯỜI BÁO CÁO THÀNH TÍCH\n[img]\nLê Văn Tám")


@doc("bctt_can_bo_xa.docx")
def _r6() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        "1. Họ và tên: Nông Thị Mai\n2. Chức vụ: Công chức Văn phòng - Thống kê\n"
        "3. Đơn vị công tác: Ủy ban nhân dân xã Tân Lạc\n4. Thời gian thành tích: năm 2025",
        achievements("Nông Thị Mai", "văn phòng - thống kê"), None,
        "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\n"
        "Nguyễn Văn Bình",
        "NGƯỜI BÁO CÁO\n(Đã ký)\nNông Thị Mai")


@doc("bctt_tap_the_to_dan_pho.docx")
def _r7() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH CHO TẬP THỂ",
        "Tên tập thể: Hội Nông dân xã Tân Lạc\nThời gian thành tích: năm 2025",
        achievements("Hội Nông dân xã Tân Lạc", "vận động hội viên"), None,
        "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\n"
        "Nguyễn Văn Bình",
        "THỦ TRƯỞNG ĐƠN VỊ BÁO CÁO\nCHỦ TỊCH HỘI\n(Đã ký, đóng dấu)\nHà Văn Thắng")


@doc("bctt_ky_su_cong_ty.docx")
def _r8() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        "Họ và tên: Phan Đức Thịnh\nChức vụ: Kỹ sư Đội Quản lý vận hành lưới điện\n"
        "Đơn vị công tác: Công ty Điện lực Minh Sơn\n"
        "Thời gian thành tích: từ năm 2024 đến năm 2025",
        achievements("Phan Đức Thịnh", "vận hành lưới điện"), None,
        "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN\nTỔNG GIÁM ĐỐC\nĐã ký\nPhạm Quang Huy",
        "NGƯỜI BÁO CÁO THÀNH TÍCH\nĐã ký\nPhan Đức Thịnh")


@doc("bctt_cong_nhan_cong_ty.docx")
def _r9() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        "Họ và tên: Vi Văn Sáng\nChức vụ: Công nhân sửa chữa đường dây\n"
        "Đơn vị công tác: Công ty Điện lực Minh Sơn\n"
        "Thời gian thành tích: từ năm 2024 đến năm 2025",
        achievements("Vi Văn Sáng", "sửa chữa đường dây"), None,
        "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN\nTỔNG GIÁM ĐỐC\n(Đã ký)\nPhạm Quang Huy",
        "NGƯỜI BÁO CÁO THÀNH TÍCH\n(Đã ký)\nVi Văn Sáng")


@doc("bctt_cong_an_vien_lo_van_pao.docx")
def _r14() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH",
        "1. Họ và tên: Lò Văn Pao\n2. Chức vụ: Công an viên\n3. Đơn vị công tác: Công an xã Tân Lạc"
        "\n4. Thời gian thành tích: năm 2025",
        achievements("Lò Văn Pao", "giữ gìn an ninh trật tự thôn bản"), None,
        "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\n"
        "Nguyễn Văn Bình",
        "NGƯỜI BÁO CÁO THÀNH TÍCH\n(Đã ký)\nLò Văn Pao")


@doc("bctt_giao_vien_mam_non_ha_thi_bich.docx")
def _r15() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU LAO ĐỘNG TIÊN TIẾN",
        "Họ và tên: Hà Thị Bích\nChức vụ: Giáo viên\nĐơn vị công tác: Trường Mầm non Hoa Sen\n"
        "Thời gian thành tích: năm học 2024-2025",
        achievements("Hà Thị Bích", "chăm sóc trẻ nhà trẻ"), None,
        "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN\nHIỆU TRƯỞNG\nĐã ký\nĐinh Thị Nga",
        "NGƯỜI BÁO CÁO THÀNH TÍCH\nĐã ký\nHà Thị Bích")


@doc("bctt_chua_ky.docx")
def _r10() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH",
        "Họ và tên: Quách Thị Yến\nChức vụ: Giáo viên\nThời gian thành tích: năm 2025",
        achievements("Quách Thị Yến", "giảng dạy môn Văn"), None,
        "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ\n(Ký, đóng dấu)",
        "NGƯỜI BÁO CÁO THÀNH TÍCH\n(Ký, ghi rõ họ tên)")


@doc("bctt_chuyen_vien_so.docx")
def _r11() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG DANH HIỆU CHIẾN SĨ THI ĐUA CẤP TỈNH",
        "Họ và tên: Trịnh Công Sơn\nChức vụ: Chuyên viên Phòng Trồng trọt\n"
        "Đơn vị công tác: Sở Nông nghiệp và Môi trường\n"
        "Thời gian thành tích: từ năm 2023 đến năm 2025",
        achievements("Trịnh Công Sơn", "quản lý trồng trọt"), None,
        "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ\nGIÁM ĐỐC\n(Đã ký)\nVũ Minh Khôi",
        "NGƯỜI BÁO CÁO THÀNH TÍCH\n(Đã ký)\nTrịnh Công Sơn",
        head=header(SO, "Minh Sơn, ngày 05 tháng 01 năm 2026"))


@doc("bctt_tom_tat_dot_xuat.docx")
def _r12() -> list[object]:
    return ["BÁO CÁO TÓM TẮT THÀNH TÍCH",
            "Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh theo thủ tục đơn giản",
            "Họ và tên: Lò Văn Pao\nChức vụ: Công an viên\nĐơn vị công tác: xã Tân Lạc",
            "Thành tích: dũng cảm cứu 02 người bị lũ cuốn ngày 12/9/2025.",
            ("two", "XÁC NHẬN CỦA UBND XÃ\nCHỦ TỊCH\n(Đã ký)\nNguyễn Văn Bình",
             "NGƯỜI BÁO CÁO\n(Đã ký)\nLò Văn Pao")]


@doc("bctt_mau_giao_vien_mam_non.docx")
def _r13() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU LAO ĐỘNG TIÊN TIẾN",
        "Họ và tên: Bế Thị Thu\nChức vụ: Giáo viên\nĐơn vị công tác: Trường Mầm non Hoa Sen\n"
        "Thời gian thành tích: năm học 2024-2025",
        achievements("Bế Thị Thu", "nuôi dạy trẻ"), None,
        "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN\nHIỆU TRƯỞNG\n(Đã ký)\nĐinh Thị Nga",
        "NGƯỜI BÁO CÁO THÀNH TÍCH\n(Đã ký)\nBế Thị Thu")


# Biên bản ---------------------------------------------------------------------------------

SCHOOL_SIGN = ("THƯ KÝ\n(Đã ký)\nPhạm Thu Trang", "CHỦ TỊCH HỘI ĐỒNG\nHIỆU TRƯỞNG\n(Đã ký)\n"
               "Hoàng Anh An")


@doc("bb_hd_tdkt_truong_van_xuoi.docx")
def _m1() -> list[object]:
    return minutes(
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG THPT NGUYỄN TRÃI", "Minh Sơn, ngày 10 tháng 01 năm 2026",
        ["BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG XÉT ĐỀ NGHỊ KHEN THƯỞNG",
         "Năm học 2024-2025"],
        ["Thời gian: 14 giờ 00, ngày 10/01/2026.",
         "Thành phần: Tổng số thành viên Hội đồng: 11 người. Có mặt: 9 người, vắng 2 người "
         "(có ý kiến bằng văn bản: 2).",
         "Kết quả bỏ phiếu kín đề nghị Chủ tịch UBND tỉnh tặng Bằng khen:",
         "- Trần Diệu Lan đạt 10/11 phiếu đồng ý (90,9%)",
         "- Dương Xuân Giang, Giáo viên: 10 phiếu tán thành",
         "- Ông Hoàng Anh An được 11/11 phiếu đồng ý (100%)",
         "Cuộc họp kết thúc lúc 16 giờ cùng ngày."],
        *SCHOOL_SIGN)


@doc("bb_hd_tdkt_hai_dong.docx")
def _m2() -> list[object]:
    return minutes(
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG THPT NGUYỄN TRÃI", "Minh Sơn, ngày 10 tháng 01 năm 2026",
        ["BIÊN BẢN", "Họp Hội đồng Thi đua - Khen thưởng xét đề nghị khen thưởng năm 2025"],
        ["Hội đồng gồm 11 thành viên, có mặt 11 thành viên.",
         "1. Trần Diệu Lan: 10/11 phiếu đồng ý, đạt 90,9%",
         "2. Dương Xuân Giang: 9/11 phiếu đồng ý, đạt 81,8%",
         "3. Hoàng Anh An: 11/11 phiếu đồng ý, đạt 100%"],
        "THƯ KÝ HỘI ĐỒNG\n(đã ký)\nPhạm Thu Trang", "CHỦ TRÌ\n(đã ký)\nHoàng Anh An")


@doc("bb_hd_tdkt_benh_vien_bang.docx")
def _m3() -> list[object]:
    return minutes(
        "SỞ Y TẾ TỈNH MINH SƠN\nBỆNH VIỆN ĐA KHOA TỈNH", "Minh Sơn, ngày 08 tháng 01 năm 2026",
        ["BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA, KHEN THƯỞNG", "Bình xét danh hiệu thi đua năm 2025"],
        ["Tổng số thành viên Hội đồng: 09; có mặt: 09.",
         ("table", [["STT", "Họ và tên", "Chức vụ", "Số phiếu tán thành", "Tỷ lệ (%)"],
                    ["1", "Nguyễn Thị Hạnh", "Bác sĩ", "9", "100"],
                    ["2", "Lê Văn Tám", "Điều dưỡng trưởng", "8", "88,9"]])],
        "THƯ KÝ\n(Đã ký)\nTạ Minh Châu", "CHỦ TỊCH HỘI ĐỒNG\nGIÁM ĐỐC\n(Đã ký)\nĐỗ Quốc Việt")


@doc("bb_hd_tdkt_bang_tach_trang.docx")
def _m4() -> list[object]:
    head = ["STT", "Họ và tên", "Đơn vị", "Số phiếu đồng ý"]
    return minutes(
        "UBND XÃ TÂN LẠC", "Tân Lạc, ngày 06 tháng 01 năm 2026",
        ["BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG XÃ"],
        ["Tổng số thành viên Hội đồng: 07 người; có mặt: 07 người.",
         ("table", [head, ["1", "Nông Thị Mai", "Văn phòng UBND xã", "7"],
                    ["2", "Lò Văn Pao", "Công an xã", "7"]]),
         ("page",),
         ("table", [["3", "Hội Nông dân xã Tân Lạc", "Hội Nông dân", "6"]])],
        "THƯ KÝ\n(Đã ký)\nLương Thị Dung", "CHỦ TỌA\nCHỦ TỊCH UBND XÃ\n(Đã ký)\nNguyễn Văn Bình")


@doc("bb_hd_tdkt_bang_lap_tieu_de.docx")
def _m5() -> list[object]:
    head = ["STT", "Họ và tên", "Kết quả bỏ phiếu"]
    return minutes(
        COMPANY.rsplit("\n", 1)[0], "Minh Sơn, ngày 07 tháng 01 năm 2026",
        ["BIÊN BẢN HỌP XÉT KHEN THƯỞNG", "Hội đồng Thi đua - Khen thưởng Công ty"],
        ["Tổng số thành viên Hội đồng: 9 người; có mặt: 8 người; 01 thành viên vắng gửi ý kiến "
         "bằng văn bản.",
         ("table", [head, ["1", "Phan Đức Thịnh", "9/9"]]), ("page",),
         ("table", [head, ["2", "Vi Văn Sáng", "8/9 (88,9%)"]])],
        "THƯ KÝ\nĐã ký\nKiều Thanh Hà", "CHỦ TRÌ CUỘC HỌP\nTỔNG GIÁM ĐỐC\nĐã ký\nPhạm Quang Huy")


@doc("bb_binh_xet_mam_non.docx")
def _m6() -> list[object]:
    return minutes(
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG MẦM NON HOA SEN", "Hoa Sen, ngày 02 tháng 01 năm 2026",
        ["BIÊN BẢN HỌP BÌNH XÉT THI ĐUA NĂM HỌC 2024-2025"],
        ["Tổng số thành viên Hội đồng: 05 người. Có mặt: 05 người.",
         "Bế Thị Thu: 5/5 phiếu đồng ý (100%).", "Hà Thị Bích: 4/5 phiếu đồng ý (80%)."],
        "THƯ KÝ\n(Đã ký)\nLâm Thị Hương", "CHỦ TỌA\n(Đã ký)\nĐinh Thị Nga")


@doc("bb_kiem_phieu_so.docx")
def _m7() -> list[object]:
    return minutes(
        "UBND TỈNH MINH SƠN\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Minh Sơn, ngày 11 tháng 01 năm 2026",
        ["BIÊN BẢN KIỂM PHIẾU", "Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh"],
        ["Tổng số thành viên Hội đồng: 11 người.", "Số phiếu phát ra: 11; số phiếu thu về: 11.",
         "Đồng chí Trịnh Công Sơn đạt 90,9% số phiếu đồng ý."],
        "THƯ KÝ\n(Đã ký)\nMai Thị Lụa", "TRƯỞNG BAN KIỂM PHIẾU\n(Đã ký)\nLưu Văn Hùng")


@doc("bb_hd_so_cstd_tinh.docx")
def _m8() -> list[object]:
    return minutes(
        "UBND TỈNH MINH SƠN\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Minh Sơn, ngày 11 tháng 01 năm 2026",
        ["BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG SỞ"],
        ["Tổng số thành viên Hội đồng: 11 người; có mặt: 10 người; 01 thành viên gửi ý kiến "
         "bằng văn bản.",
         "Bà Nguyễn Thị Hoa Lê, Phó Giám đốc, chủ trì cuộc họp.",
         "Kết quả: Trịnh Công Sơn được 11/11 phiếu đồng ý (100%)."],
        "THƯ KÝ\n(Đã ký)\nMai Thị Lụa", "CHỦ TRÌ\nPHÓ GIÁM ĐỐC\n(Đã ký)\nNguyễn Thị Hoa Lê")


@doc("bb_thu_ky_chua_ky.docx")
def _m9() -> list[object]:
    return minutes(
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG THPT NGUYỄN TRÃI", "Minh Sơn, ngày 10 tháng 01 năm 2026",
        ["BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"],
        ["Tổng số thành viên Hội đồng: 11; Có mặt: 9.",
         "Trần Diệu Lan đạt 10 phiếu đồng ý."],
        "THƯ KÝ\n(Ký, ghi rõ họ tên)", "CHỦ TỊCH HỘI ĐỒNG\n(Đã ký)\nHoàng Anh An")


@doc("bb_khong_doc_duoc_phieu.docx")
def _m10() -> list[object]:
    return minutes(
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG THPT NGUYỄN TRÃI", "Minh Sơn, ngày 10 tháng 01 năm 2026",
        ["BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"],
        ["Các thành viên thống nhất đề nghị khen thưởng các cá nhân trong danh sách kèm theo."],
        *SCHOOL_SIGN)


# Chứng nhận / xác nhận -----------------------------------------------------------------

@doc("cn_sang_kien_benh_vien_hanh.docx")
def _c1() -> list[object]:
    return [header("SỞ Y TẾ TỈNH MINH SƠN\nHỘI ĐỒNG SÁNG KIẾN",
                   "Minh Sơn, ngày 20 tháng 12 năm 2025"),
            "GIẤY CHỨNG NHẬN SÁNG KIẾN",
            "Tác giả: Nguyễn Thị Hạnh",
            "Tên sáng kiến: Quy trình sàng lọc sớm đái tháo đường týp 2",
            ("two", "", "CHỦ TỊCH HỘI ĐỒNG SÁNG KIẾN\n(Đã ký)\nĐỗ Quốc Việt")]


@doc("cn_sang_kien_benh_vien_tam.docx")
def _c2() -> list[object]:
    return [header("SỞ Y TẾ TỈNH MINH SƠN\nBỆNH VIỆN ĐA KHOA TỈNH", "Minh Sơn, ngày 20/12/2025"),
            "QUYẾT ĐỊNH CÔNG NHẬN SÁNG KIẾN",
            "Họ và tên: Lê Văn Tám",
            "Sáng kiến: Cải tiến quy trình bàn giao người bệnh sau phẫu thuật",
            ("two", "", "GIÁM ĐỐC\n(đã ký, đóng dấu)\nĐỗ Quốc Việt")]


@doc("cn_sang_kien_so.docx")
def _c3() -> list[object]:
    return [header(SO, "Minh Sơn, ngày 15 tháng 12 năm 2025"),
            "GIẤY XÁC NHẬN HIỆU QUẢ ÁP DỤNG, PHẠM VI ẢNH HƯỞNG CỦA SÁNG KIẾN",
            "Tác giả: Trịnh Công Sơn",
            "Tên sáng kiến: Bản đồ số vùng trồng lúa chất lượng cao",
            ("two", "", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nĐã ký\nNguyễn Thị Hoa Lê")]


@doc("xn_thanh_tich_cong_an.docx")
def _c4() -> list[object]:
    return [header("CÔNG AN TỈNH MINH SƠN\nCÔNG AN XÃ TÂN LẠC", "Tân Lạc, ngày 15/9/2025"),
            "GIẤY XÁC NHẬN THÀNH TÍCH",
            "Họ và tên: Lò Văn Pao",
            "Đã dũng cảm cứu 02 người bị lũ cuốn ngày 12/9/2025.",
            ("two", "", "TRƯỞNG CÔNG AN XÃ\n(Đã ký)\nHoàng Văn Dũng")]


# Danh sách ---------------------------------------------------------------------------------

@sheet("ds_truong_thpt_bk_tinh.xlsx")
def _l1() -> list[list[object]]:
    return [["DANH SÁCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH"],
            ["(Kèm theo Tờ trình số 12/TTr-THPTNT ngày 15/01/2026)"], [],
            ["STT", "Họ và tên", "Chức vụ", "Đơn vị công tác", "Số phiếu đồng ý"],
            *[[i, n, p, "Trường THPT Nguyễn Trãi", v] for i, (n, p, v) in enumerate(
                [("Trần Diệu Lan", "Giáo viên", 10), ("Dương Xuân Giang", "Giáo viên", 10),
                 ("Hoàng Anh An", "Hiệu trưởng", 11)], 1)]]


@sheet("ds_xa_tan_lac.xlsx")
def _l2() -> list[list[object]]:
    return [["DANH SÁCH CÁ NHÂN, TẬP THỂ ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH"], [],
            ["TT", "Họ tên/Tên tập thể", "Chức vụ", "Cá nhân/Tập thể", "Kết quả bỏ phiếu"],
            [1, "Nông Thị Mai", "Công chức Văn phòng - Thống kê", "Cá nhân", "7/7"],
            [2, "Lò Văn Pao", "Công an viên", "Cá nhân", "7/7"],
            [3, "Hội Nông dân xã Tân Lạc", None, "Tập thể", "6/7"]]


@sheet("ds_benh_vien_cstdcs.xlsx")
def _l3() -> list[list[object]]:
    return [["DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ NĂM 2025"], [],
            ["STT", "Họ và tên", "Chức vụ, chức danh", "Sáng kiến", "Tỷ lệ phiếu"],
            [1, "Nguyễn Thị Hạnh", "Bác sĩ khoa Nội",
             "Quy trình sàng lọc sớm đái tháo đường týp 2", "100%"],
            [2, "Lê Văn Tám", "Điều dưỡng trưởng khoa Ngoại",
             "Cải tiến quy trình bàn giao người bệnh sau phẫu thuật", "88,9%"]]


@sheet("ds_cong_ty.xlsx")
def _l4() -> list[list[object]]:
    return [["CÔNG TY ĐIỆN LỰC MINH SƠN"],
            ["DANH SÁCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"], [],
            ["STT", "Họ và tên", "Năm sinh", "Chức vụ", "Thời gian thành tích",
             "Số phiếu tán thành"],
            [1, "Phan Đức Thịnh", 1988, "Kỹ sư", "2024-2025", 9],
            [2, "Vi Văn Sáng", 1990, "Công nhân", "2024-2025", 8]]


@sheet("ds_so_cstd_tinh.xlsx")
def _l5() -> list[list[object]]:
    return [["DANH SÁCH ĐỀ NGHỊ TẶNG DANH HIỆU CHIẾN SĨ THI ĐUA CẤP TỈNH"], [],
            ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Số phiếu đồng ý/Tổng số thành viên"],
            [1, "Trịnh Công Sơn", "Chuyên viên", "Sở Nông nghiệp và Môi trường", "11/11"]]


@sheet("ds_mam_non_ldtt.xlsx")
def _l6() -> list[list[object]]:
    return [["DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU LAO ĐỘNG TIÊN TIẾN"], [],
            ["STT", "Họ và tên", "Chức vụ", "Đồng ý"],
            [1, "Bế Thị Thu", "Giáo viên", 5], [2, "Hà Thị Bích", "Giáo viên", 4]]


@doc("ds_word_phuong.docx")
def _l7() -> list[object]:
    return [header(DISTRICT, "Đồng Hỷ, ngày 09 tháng 01 năm 2026"),
            "DANH SÁCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH",
            "(Kèm theo Tờ trình số 41/TTr-UBND ngày 09/01/2026)",
            ("table", [["STT", "Tên tập thể", "Thành tích", "Số phiếu đồng ý"],
                       ["1", "Trường Tiểu học Hóa Thượng", "Hoàn thành xuất sắc nhiệm vụ năm 2025",
                        "9"]])]


# Saved by LibreOffice Writer (lo_docx.py: split runs, fields, tblHeader, soft breaks) ---------

def lo_doc(name: str) -> Callable[[Callable[[], list[object]]], None]:
    def register(spec: Callable[[], list[object]]) -> None:
        CORPUS[name] = lambda: build_lo_docx(spec(), seed=sum(map(ord, name)))
    return register


PRIMARY = "UBND XÃ HÒA BÌNH\nTRƯỜNG TIỂU HỌC HÒA BÌNH\nSố: 07/TTr-THHB"
PRIMARY_SIGN = ("THƯ KÝ HỘI ĐỒNG\n(Đã ký)\nLê Thị Thu Hà",
                "CHỦ TỊCH HỘI ĐỒNG\nHIỆU TRƯỞNG\n(Đã ký)\nVũ Đình Khánh")


@lo_doc("lo_tt_truong_tieu_hoc_bk_tinh.docx")
def _lo1() -> list[object]:
    return to_trinh(PRIMARY, "Hòa Bình, ngày 13 tháng 01 năm 2026",
                    "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
                    ["Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh Minh Sơn", BASES,
                     "Trường Tiểu học Hòa Bình đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho 02 "
                     "cá nhân có thành tích xuất sắc năm học 2024-2025.\n(Có danh sách kèm theo)",
                     "Hình thức đề nghị: Bằng khen của Chủ tịch UBND tỉnh"],
                    "HIỆU TRƯỞNG\n(Đã ký, đóng dấu)\nVũ Đình Khánh")


@lo_doc("lo_tt_xa_cstdcs.docx")
def _lo2() -> list[object]:
    return to_trinh("UỶ BAN NHÂN DÂN\nXÃ HÒA BÌNH\nSố: 15/TTr-UBND",
                    "Hòa Bình, ngày 09 tháng 01 năm 2026",
                    "V/v đề nghị công nhận danh hiệu Chiến sĩ thi đua cơ sở năm 2025",
                    ["Kính gửi: Chủ tịch Uỷ ban nhân dân xã Hòa Bình", BASES,
                     "Văn phòng HĐND và UBND xã đề nghị công nhận danh hiệu Chiến sĩ thi đua cơ "
                     "sở cho 01 cá nhân (có danh sách kèm theo)."],
                    "TM. UỶ BAN NHÂN DÂN\nCHỦ TỊCH\nĐã ký\nTrần Quốc Toản")


@lo_doc("lo_tt_chu_ky_scan_khong_chu.docx")
def _lo3() -> list[object]:
    return to_trinh(PRIMARY, "Hòa Bình, ngày 14 tháng 01 năm 2026",
                    "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
                    [BASES, "Hình thức đề nghị: Bằng khen của Chủ tịch UBND tỉnh",
                     "(Có danh sách kèm theo)"],
                    "HIỆU TRƯỞNG\n[img]")


@lo_doc("lo_tt_cong_ty_kt_giam_doc.docx")
def _lo4() -> list[object]:
    return to_trinh("CÔNG TY CỔ PHẦN CẤP NƯỚC MINH SƠN\nSố: 22/TTr-CNMS",
                    "Minh Sơn, ngày 11 tháng 01 năm 2026",
                    "Về việc đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                    [BASES, "Công ty đề nghị xét tặng Bằng khen của Chủ tịch Ủy ban nhân dân "
                     "tỉnh cho 01 cá nhân (có danh sách kèm theo)."],
                    "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(đã ký)\nBùi Thị Ngọc Anh")


@lo_doc("lo_bctt_giao_vien_vu_thi_hoa.docx")
def _lo5() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH\nĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH",
        "1. Họ và tên: Vũ Thị Hoa\n2. Ngày, tháng, năm sinh: 05/11/1984\n3. Chức vụ: Giáo viên"
        "\n4. Đơn vị công tác: Trường Tiểu học Hòa Bình\n5. Thời gian thành tích: năm 2025",
        achievements("Vũ Thị Hoa", "dạy học lớp 5"),
        [["2024", "Giấy khen của Chủ tịch UBND xã", "112/QĐ-UBND"]],
        "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ\nHIỆU TRƯỞNG\n(Đã ký, đóng dấu)\nVũ Đình Khánh",
        "NGƯỜI BÁO CÁO THÀNH TÍCH\n(Đã ký)\nVũ Thị Hoa",
        head=header(PRIMARY.rsplit("\n", 1)[0], "Hòa Bình, ngày 05 tháng 01 năm 2026"))


@lo_doc("lo_bctt_giao_vien_chu_ky_scan.docx")
def _lo6() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH\nĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH",
        "1. Họ và tên: Đinh Văn Lực\n2. Ngày sinh: 17/02/1980\n3. Chức vụ: Phó Hiệu trưởng"
        "\n4. Đơn vị công tác: Trường Tiểu học Hòa Bình\n5. Thời gian thành tích: năm 2025",
        achievements("Đinh Văn Lực", "quản lý chuyên môn"), None,
        "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ\nHIỆU TRƯỞNG\n(Đã ký, đóng dấu)\nVũ Đình Khánh",
        "NGƯỜI BÁO CÁO THÀNH TÍCH\n[img]")


@lo_doc("lo_bctt_ky_su_cap_nuoc.docx")
def _lo7() -> list[object]:
    return report(
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        "Họ tên: Mai Xuân Trường\nSinh ngày: 30/06/1979\nChức vụ: Trưởng phòng Kỹ thuật\n"
        "Đơn vị công tác: Công ty Cổ phần Cấp nước Minh Sơn\nThời gian thành tích: năm 2025",
        achievements("Mai Xuân Trường", "vận hành mạng cấp nước"),
        [["2023", "Bằng khen của Chủ tịch UBND tỉnh", "2045/QĐ-UBND"]],
        "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(đã ký)\nBùi Thị Ngọc Anh",
        "NGƯỜI BÁO CÁO\nĐã ký\nMai Xuân Trường")


@lo_doc("lo_bb_hd_tdkt_phan_so_phan_tram.docx")
def _lo8() -> list[object]:
    return minutes(
        "UBND XÃ HÒA BÌNH\nTRƯỜNG TIỂU HỌC HÒA BÌNH", "Hòa Bình, ngày 08 tháng 01 năm 2026",
        ["BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG XÉT ĐỀ NGHỊ KHEN THƯỞNG",
         "Năm học 2024-2025"],
        ["Thời gian: 15 giờ 00, ngày 08/01/2026.\nĐịa điểm: Phòng họp nhà trường.",
         "Thành phần: Tổng số thành viên Hội đồng: 09 người; có mặt 09 người.",
         "Kết quả bỏ phiếu kín đề nghị Chủ tịch UBND tỉnh tặng Bằng khen:",
         "- Bà Vũ Thị Hoa đạt 9/9 phiếu đồng ý (100%);",
         "- Ông Đinh Văn Lực, Phó Hiệu trưởng: 8/9 phiếu tán thành, đạt 88,9%.",
         "Cuộc họp kết thúc lúc 16 giờ 30 cùng ngày."],
        *PRIMARY_SIGN)


@lo_doc("lo_bb_hd_tdkt_bang_chia_trang.docx")
def _lo9() -> list[object]:
    head = ["STT", "Họ và tên", "Chức vụ, đơn vị", "Số phiếu đồng ý", "Tỷ lệ (%)"]
    return minutes(
        "UỶ BAN NHÂN DÂN\nXÃ HÒA BÌNH", "Hòa Bình, ngày 07 tháng 01 năm 2026",
        ["BIÊN BẢN", "Họp Hội đồng Thi đua - Khen thưởng xã xét đề nghị khen thưởng năm 2025"],
        ["Tổng số thành viên Hội đồng: 07 người; có mặt: 06 người, vắng 01 người (có ý kiến "
         "bằng văn bản).",
         ("table", [head, ["1", "Hà Thị Xuân", "Công chức Văn phòng - Thống kê", "7", "100"],
                    ["2", "Lục Văn Hưng", "Chỉ huy trưởng Quân sự xã", "6", "85,7"],
                    ["3", "Nguyễn Thị Thanh Tâm", "Công chức Tư pháp - Hộ tịch", "7", "100"]], 1)],
        "THƯ KÝ\n(Đã ký)\nLăng Thị Hồng", "CHỦ TỌA\nCHỦ TỊCH UBND XÃ\n(Đã ký)\nTrần Quốc Toản")


@lo_doc("lo_bb_kiem_phieu_truong.docx")
def _lo10() -> list[object]:
    return minutes(
        "UBND XÃ HÒA BÌNH\nTRƯỜNG TIỂU HỌC HÒA BÌNH", "Hòa Bình, ngày 08 tháng 01 năm 2026",
        ["BIÊN BẢN KIỂM PHIẾU", "Bầu chọn cá nhân đề nghị tặng Bằng khen"],
        ["Tổng số thành viên Hội đồng: 09; số phiếu phát ra: 09; số phiếu thu vào: 09.",
         ("table", [["STT", "Họ và tên", "Số phiếu đồng ý", "Tỷ lệ"],
                    ["1", "Vũ Thị Hoa", "9/9", "100%"], ["2", "Đinh Văn Lực", "8/9", "88,9%"]])],
        "THƯ KÝ\n(Đã ký)\nLê Thị Thu Hà", "TRƯỞNG BAN KIỂM PHIẾU\n(Đã ký)\nPhan Văn Đức")


@lo_doc("lo_cn_sang_kien_truong.docx")
def _lo11() -> list[object]:
    return [header("UBND XÃ HÒA BÌNH\nHỘI ĐỒNG SÁNG KIẾN", "Hòa Bình, ngày 18 tháng 12 năm 2025"),
            "GIẤY CHỨNG NHẬN SÁNG KIẾN",
            "Tác giả: Vũ Thị Hoa",
            "Tên sáng kiến: Dạy đọc hiểu cho học sinh lớp 5 qua sơ đồ tư duy",
            ("two", "", "CHỦ TỊCH HỘI ĐỒNG SÁNG KIẾN\n(Đã ký)\nTrần Quốc Toản")]


@lo_doc("lo_ds_word_truong_tieu_hoc.docx")
def _lo12() -> list[object]:
    head = ["STT", "Họ và tên", "Chức vụ", "Đơn vị công tác", "Số phiếu đồng ý"]
    return [header(PRIMARY, "Hòa Bình, ngày 13 tháng 01 năm 2026"),
            "DANH SÁCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH",
            "(Kèm theo Tờ trình số 07/TTr-THHB ngày 13/01/2026)",
            ("table", [head, ["1", "Vũ Thị Hoa", "Giáo viên", "Trường Tiểu học Hòa Bình", "9"],
                       ["2", "Đinh Văn Lực", "Phó Hiệu trưởng", "Trường Tiểu học Hòa Bình",
                        "8"]], 0)]


# PDF and scans ------------------------------------------------------------------------------

CORPUS["tt_pdf_xuat_tu_word.pdf"] = lambda: build_pdf([
    "UBND XÃ TÂN LẠC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Tân Lạc, ngày 08 tháng 01 năm 2026", "TỜ TRÌNH",
    "V/v đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
    "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;",
    "(Có danh sách kèm theo)", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Đã ký)", "Nguyễn Văn Bình"])
CORPUS["bb_pdf_xuat_tu_word.pdf"] = lambda: build_pdf([
    "UBND XÃ TÂN LẠC", "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG XÃ",
    "Tân Lạc, ngày 06 tháng 01 năm 2026",
    "Tổng số thành viên Hội đồng: 07 người; có mặt: 07 người.",
    "- Nông Thị Mai: 7/7 phiếu đồng ý (100%)", "THƯ KÝ", "(Đã ký)", "Lương Thị Dung",
    "CHỦ TỌA", "(Đã ký)", "Nguyễn Văn Bình"])
CORPUS["to_trinh_ban_chup.pdf"] = build_scanned_pdf


def write(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, build in CORPUS.items():
        (out / name).write_bytes(build())


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus_out"))
