"""Readers on real Word/Excel files: blanks read back exactly; hostile files never crash."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.dossier import UnreadableInput, check_path, read_files, read_path
from bot.dossier.blanks import (
    BlankContext,
    BlankNominee,
    nominee_list_xlsx,
    report_docx,
    to_trinh_docx,
)
from bot.dossier.manifest import ManifestError, load_manifest
from bot.dossier.readers import Limits
from dossier.builders import certificate_docx, minutes_docx
from e2e.support import dossier_kb

KB = dossier_kb()  # the shipped dossier rules (readers, checker, blank forms)

CTX = BlankContext(
    unit="Sở Y tế", superior="UBND tỉnh Lào Cai", place="Lào Cai",
    award="chien_si_thi_dua_co_so", dated=dt.date(2026, 1, 15), signer="Nguyễn Văn Bình",
    nominees=(
        BlankNominee("Trần Thị Mai", "Chuyên viên", "Phòng Tổ chức", dt.date(1985, 3, 2),
                     False, "Năm 2025", ("Số hoá hồ sơ",), ("Lao động tiên tiến 2024",), 10),
        BlankNominee("Lê Văn Hùng", "Trưởng phòng", "Phòng Kế hoạch", None, True, "2025",
                     votes_agree=11),
    ),
)


def full_draft() -> list[tuple[str, bytes]]:
    mai, hung = CTX.nominees
    return [
        ("to_trinh.docx", to_trinh_docx(CTX, kb=KB)),
        ("danh_sach.xlsx", nominee_list_xlsx(CTX, kb=KB)),
        ("bc_mai.docx", report_docx(CTX, mai, certifier="Nguyễn Văn Bình", reporter=mai.name,
                                    kb=KB)),
        ("bc_hung.docx", report_docx(CTX, hung, certifier="Nguyễn Văn Bình", reporter=hung.name,
                                     kb=KB)),
        ("bien_ban.docx", minutes_docx(votes={"Trần Thị Mai": 10, "Lê Văn Hùng": 11})),
        ("sk_mai.docx", certificate_docx("Trần Thị Mai")),
        ("sk_hung.docx", certificate_docx("Lê Văn Hùng", "Lịch trực điện tử")),
    ]


def test_generated_and_filled_blanks_read_back_into_the_manifest() -> None:
    draft = read_files(full_draft(), kb=KB)
    m = draft.manifest
    assert [n.status for n in draft.notes] == ["read"] * 7
    assert (m.award.code, m.award.basis, m.award.procedure) == (
        "chien_si_thi_dua_co_so", "cong_trang", "regular")
    assert (m.proposing_body.name, m.proposing_body.level) == ("Sở Y tế", "tinh_agency")
    assert [(n.id, n.name, n.is_leader) for n in m.nominees] == [
        ("N1", "Trần Thị Mai", False), ("N2", "Lê Văn Hùng", True)]
    mai = m.nominees[0]
    assert mai.birth_date == dt.date(1985, 3, 2)
    assert mai.initiatives == ["Số hoá hồ sơ"]
    assert mai.achievement_period is not None and mai.achievement_period.to == dt.date(2025, 12, 31)
    to_trinh = next(c for c in m.components if c.type == "to_trinh")
    assert to_trinh.signed is True and to_trinh.dated == dt.date(2026, 1, 15)
    assert any("152/2025" in b for b in to_trinh.legal_basis or [])
    reports = {c.nominee: c for c in m.components if c.type == "bao_cao_thanh_tich"}
    assert set(reports) == {"N1", "N2"}
    assert reports["N1"].signed_by_nominee and reports["N1"].certified_by_proposing_level
    assert m.council is not None and m.council.total_members == 11
    assert {k: v.agree for k, v in m.council.votes.items()} == {"N1": 10, "N2": 11}
    assert draft.questions == [] and draft.findings == []


def test_unfilled_blanks_read_as_unsigned() -> None:
    draft = read_files([("tt.docx", to_trinh_docx(kb=KB)), ("bc.docx", report_docx(kb=KB))], kb=KB)
    to_trinh = next(c for c in draft.manifest.components if c.type == "to_trinh")
    report = next(c for c in draft.manifest.components if c.type == "bao_cao_thanh_tich")
    assert to_trinh.signed is False and report.signed_by_nominee is False
    assert {q.key for q in draft.questions} >= {"award", "nominee"}


def test_collective_report_is_recognised() -> None:
    draft = read_files([("bc.docx", report_docx(CTX, BlankNominee("Phòng Tổ chức cán bộ"),
                                                collective=True, kb=KB))], kb=KB)
    assert draft.manifest.nominees[0].kind == "collective"


def test_folder_check_end_to_end(tmp_path: Path) -> None:
    for name, data in full_draft():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "macro.xlsm").write_bytes(b"PK\x03\x04junk")
    result = check_path(tmp_path, received_on=dt.date(2026, 1, 20), kb=KB).to_json()
    kinds = [(f["kind"], f["severity"]) for f in result["findings"] if f["severity"] != "info"]
    assert kinds == [("unreadable_file", "error")]
    assert "macro.xlsm" in result["findings"][0]["message"]


def test_zip_of_documents_and_cli_overrides(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in full_draft():
            archive.writestr(f"ho_so/{name}", data)
    path = tmp_path / "ho_so.zip"
    path.write_bytes(buffer.getvalue())
    result = check_path(path, award="bang khen tinh", campaign="TKN-2025",
                        received_on=dt.date(2025, 3, 1), kb=KB)
    assert result.rule_set == "luat-06-2022+nd-98-2023"
    assert any((f.kind == "missing_component" and f.component == "bien_ban_xet_khen_thuong")
               or f.kind == "outdated_legal_basis" for f in result.findings) or result.findings


def test_unreadable_paths_raise_typed_error(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput):
        check_path(tmp_path / "missing.docx", kb=KB)
    with pytest.raises(UnreadableInput):
        check_path(tmp_path, kb=KB)  # empty folder
    (tmp_path / "x.docx").write_bytes(b"not a zip")
    with pytest.raises(UnreadableInput):
        read_path(tmp_path / "x.docx", kb=KB)


def test_manifest_errors_name_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    bad.write_text('{"received_on": "2026-01-20",\n "nominees": [}', encoding="utf-8")
    with pytest.raises(ManifestError) as err:
        load_manifest(bad)
    assert err.value.where == "line 2"
    wrong = tmp_path / "m.yaml"
    wrong.write_text("received_on: 2026-01-20\ncouncil: {total_members: -1}\n", encoding="utf-8")
    with pytest.raises(ManifestError) as err:
        load_manifest(wrong)
    assert err.value.where == "council.total_members"
    ok = tmp_path / "ok.yaml"
    ok.write_text("received_on: 2026-01-20\nprovince_code: LC\nnominees: []\n", encoding="utf-8")
    assert load_manifest(ok).model_extra == {"province_code": "LC"}


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def reason(name: str, data: bytes, limits: Limits | None = None) -> str | None:
    draft = read_files([(name, data)], limits=limits, kb=KB)
    return draft.notes[0].reason


def test_zip_bomb_is_refused_from_declared_sizes() -> None:
    assert reason("bomb.zip", _zip({"a.docx": b"\0" * 60_000_000})) == "zip_bomb"


def test_too_many_entries_and_traversal() -> None:
    assert reason("many.zip", _zip({f"f{i}.txt": b"x" for i in range(20)}),
                  Limits(max_entries=10)) == "too_many_entries"
    assert reason("evil.zip", _zip({"../../etc/passwd.docx": b"x"})) == "traversal"


def test_macro_workbook_refused_even_when_renamed() -> None:
    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src:
        entries = {n: src.read(n) for n in src.namelist()}
    entries["xl/vbaProject.bin"] = b"\0" * 100
    assert reason("list.xlsm", b"PK\x03\x04") == "macro"
    assert reason("list.xlsx", _zip(entries)) == "macro"


def test_xxe_and_billion_laughs_refused() -> None:
    entries = {}
    with zipfile.ZipFile(io.BytesIO(to_trinh_docx(kb=KB))) as src:
        entries = {n: src.read(n) for n in src.namelist()}
    entries["word/document.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + entries["word/document.xml"].split(b"?>", 1)[1])
    assert reason("xxe.docx", _zip(entries)) == "xml_entities"


def test_password_protected_and_wrong_types() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    assert reason("secret.docx", ole + "EncryptedPackage".encode("utf-16-le")) == "encrypted"
    assert reason("old.docx", ole + "WordDocument".encode("utf-16-le")) == "old_format"
    assert reason("virus.exe", b"MZ\x90\x00") == "bad_type"
    assert reason("big.docx", b"PK\x03\x04" + b"\0" * 2000, Limits(max_file_bytes=1000)) == \
        "too_large"


def test_one_bad_file_keeps_the_rest_of_the_draft() -> None:
    draft = read_files([("broken.docx", b"PK\x03\x04broken"), *full_draft()[:2]], kb=KB)
    assert [n.status for n in draft.notes] == ["refused", "read", "read"]
    assert len(draft.manifest.nominees) == 2
    assert draft.findings[0].kind == "unreadable_file"
    assert "broken.docx" in draft.findings[0].message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["a.docx", "b.xlsx", "c.zip", "d.doc"]), data=st.binary(max_size=2048))
def test_random_bytes_never_raise(name: str, data: bytes) -> None:
    draft = read_files([(name, b"PK\x03\x04" + data if data[:1] == b"P" else data)], kb=KB)
    assert len(draft.notes) == 1


_DOCX = to_trinh_docx(CTX, kb=KB)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=len(_DOCX)), flip=st.integers(0, 255))
def test_truncated_or_corrupted_documents_never_raise(cut: int, flip: int) -> None:
    data = bytearray(_DOCX[:cut] if cut % 2 else _DOCX)
    if data and cut % 2 == 0:
        data[cut % len(data)] = flip
    draft = read_files([("t.docx", bytes(data))], kb=KB)
    assert draft.notes[0].status in {"read", "refused", "unrecognised"}


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=300))
def test_documents_with_arbitrary_text_never_raise(text: str) -> None:
    import docx as python_docx

    document = python_docx.Document()
    for line in ("TỜ TRÌNH", *text.splitlines()):
        document.add_paragraph("".join(ch for ch in line if ch.isprintable()))
    buffer = io.BytesIO()
    document.save(buffer)
    draft = read_files([("t.docx", buffer.getvalue())], kb=KB)
    assert draft.notes[0].status == "read"


def test_copied_achievement_sections_are_flagged_from_files(kb: object) -> None:
    from bot.dossier import check

    story = ("Chủ trì xây dựng quy trình tiếp nhận hồ sơ trực tuyến, rút ngắn thời gian xử lý "
             "từ năm ngày xuống hai ngày, hướng dẫn đồng nghiệp sử dụng phần mềm mới. ") * 4
    mai, hung = CTX.nominees
    files = [("a.docx", report_docx(CTX, mai, reporter=mai.name, achievements=story, kb=KB)),
             ("b.docx", report_docx(CTX, hung, reporter=hung.name, achievements=story, kb=KB))]
    draft = read_files(files, kb=KB)
    result = check(draft.manifest, kb, as_of=dt.date(2026, 1, 20))  # type: ignore[arg-type]
    assert [f.nominee for f in result.findings if f.kind == "copied_report"] == ["N2"]
