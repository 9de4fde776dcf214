"""PDF and photos: a text PDF reads like Word, a scan or a photo is kept (never refused), a
password-protected PDF gets a clear message while the rest of the draft is kept."""

from __future__ import annotations

import io
import random

from pypdf import PdfReader, PdfWriter

from bot.dossier.findings import finding
from bot.dossier.readers import read_files
from e2e.support import dossier_kb
from knowledge.dossier_schema import Severity
from tests.dossier.corpus.generate import CORPUS, build_pdf, build_scanned_pdf

KB = dossier_kb()  # the shipped dossier rules (readers, checker, blank forms)

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200


def _locked(pdf: bytes, user_password: str = "matkhau", algorithm: str = "RC4-128") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="chu", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_text_pdf_is_read_like_a_word_file() -> None:
    draft = read_files([("to_trinh.pdf", CORPUS["tt_pdf_xuat_tu_word.pdf"]())], kb=KB)
    (component,) = draft.manifest.components
    assert (component.type, component.signed) == ("to_trinh", True)
    assert draft.manifest.award.code == "bang_khen_tinh"


def test_scanned_pdf_and_photo_are_kept_as_scans_not_refused() -> None:
    draft = read_files([("to_trinh_scan.pdf", build_scanned_pdf()), ("anh_bien_ban.jpg", JPEG)],
                       kb=KB)
    assert [(n.file, n.status, n.reason) for n in draft.notes] == [
        ("to_trinh_scan.pdf", "unrecognised", "scan"), ("anh_bien_ban.jpg", "unrecognised", "scan")]
    assert all(f.severity is Severity.INFO for f in draft.findings)
    assert "bản chụp — chưa đọc được nội dung" in draft.findings[0].message


def test_password_pdf_is_refused_with_a_clear_message_and_the_draft_is_kept() -> None:
    locked = _locked(build_pdf(["TỜ TRÌNH", "Về việc đề nghị tặng Bằng khen"]))
    draft = read_files([("to_trinh_khoa.pdf", locked),
                        ("bien_ban.docx", CORPUS["bb_hd_tdkt_truong_van_xuoi.docx"]())], kb=KB)
    refused = [n for n in draft.notes if n.status == "refused"]
    assert [(n.file, n.reason) for n in refused] == [("to_trinh_khoa.pdf", "pdf_password")]
    assert [c.type for c in draft.manifest.components] == ["bien_ban_xet_khen_thuong"]
    message = finding("unreadable_file", Severity.ERROR, file="x.pdf", reason="pdf_password",
                      detail="")
    assert "mật khẩu" in message.message and "Gỡ mật khẩu" in message.fix


def test_broken_pdf_never_raises() -> None:
    pdf = CORPUS["tt_pdf_xuat_tu_word.pdf"]()
    variants = [pdf[:cut] for cut in (10, len(pdf) // 2, len(pdf) - 20)]
    rng = random.Random(13)
    for _ in range(40):
        damaged = bytearray(pdf)
        for _ in range(rng.randint(1, 25)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        variants.append(bytes(damaged))
    for data in variants:
        draft = read_files([("hong.pdf", data)], kb=KB)
        assert draft.notes[0].status in ("refused", "unrecognised", "read")


def test_an_aes_pdf_the_reader_cannot_decrypt_is_a_pdf_with_a_password(monkeypatch) -> None:
    """Word and LibreOffice export password PDFs with AES; without a crypto library pypdf
    raises DependencyError, which must become the password message, not a crash."""
    from pypdf import PdfReader as Reader
    from pypdf.errors import DependencyError

    def needs_crypto(self: object, password: str) -> int:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(Reader, "decrypt", needs_crypto)
    locked = _locked(build_pdf(["TỜ TRÌNH", "Về việc đề nghị tặng Bằng khen"]))
    draft = read_files([("to_trinh_aes.pdf", locked)], kb=KB)
    assert [(n.status, n.reason) for n in draft.notes] == [("refused", "pdf_password")]


def test_an_aes_pdf_locked_against_editing_only_is_read_like_any_pdf() -> None:
    """Word's "Restrict editing" and many scanners' PDFs are AES-encrypted with an owner
    password only: anyone may open them, so the bot reads them instead of asking a password."""
    text = build_pdf(["TỜ TRÌNH", "Về việc đề nghị tặng Bằng khen"])
    for algorithm in ("AES-128", "AES-256"):
        draft = read_files([("to_trinh_khoa_sua.pdf", _locked(text, "", algorithm))], kb=KB)
        assert [n.status for n in draft.notes] == ["read"]
        assert [c.type for c in draft.manifest.components] == ["to_trinh"]


def test_an_aes_pdf_with_an_opening_password_still_asks_for_the_file_without_it() -> None:
    text = build_pdf(["TỜ TRÌNH", "Về việc đề nghị tặng Bằng khen"])
    locked = _locked(text, "matkhau", "AES-256")
    draft = read_files([("to_trinh_mat_khau.pdf", locked)], kb=KB)
    assert [(n.status, n.reason) for n in draft.notes] == [("refused", "pdf_password")]
