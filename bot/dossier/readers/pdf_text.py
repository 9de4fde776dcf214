"""Text of a PDF (pypdf), read like a Word document; a PDF with no text is a scan.

Office PDFs are exported from Word or LibreOffice and carry their text, so the same recognisers
read them. A scan (only pictures) or a photo cannot be read here: the caller records it as the
component the officer names, "bản chụp — chưa đọc được nội dung", never refuses it.
"""

from __future__ import annotations

import io
import logging

from bot.dossier.readers.docx_text import DocText
from bot.dossier.readers.safety import Limits, Refused

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".webp")
MAX_PAGES = 60
MIN_TEXT_CHARS = 20

# pypdf logs (even at ERROR) every malformed object it repairs; a bad upload is answered by a
# message to the officer, not by log noise.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)


class Scan(Exception):
    """The file is a picture of a page (a scanned PDF or a photo): present, not readable."""


def is_pdf(name: str, data: bytes) -> bool:
    lower = name.lower()
    return data.startswith(PDF_MAGIC) or (lower.endswith(".pdf") and PDF_MAGIC in data[:1024])


def is_image(name: str, data: bytes) -> bool:
    return data.startswith((JPEG_MAGIC, PNG_MAGIC)) or name.lower().endswith(IMAGE_SUFFIXES)


def read_pdf_text(data: bytes, limits: Limits) -> DocText:
    """Lines of a text PDF; Refused for a password or a broken file, Scan when it has no text."""
    if len(data) > limits.max_file_bytes:
        raise Refused("too_large", f"{len(data) // 1024} KB")
    # pypdf (with Pillow and fontTools) only when a PDF is read: not at bot start (memory); the
    # job workers' fork server imports it once (`bot.jobs.warm`).
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # An empty user password still opens many "protected" PDFs (print/copy locks only).
            try:
                opened = reader.decrypt("")
            except (NotImplementedError, PyPdfError) as exc:
                raise Refused("encrypted", type(exc).__name__) from None
            if not opened:
                raise Refused("encrypted")
        pages = reader.pages
        if len(pages) > MAX_PAGES:
            raise Refused("too_many_entries", f"{len(pages)} pages")
        lines: list[str] = []
        for page in pages:
            text = page.extract_text() or ""
            lines.extend(line.strip() for line in text.splitlines() if line.strip())
    except Refused:
        raise
    except DependencyError:
        # AES needs the `cryptography` package (a dependency); should it be missing, a PDF we
        # cannot open is one with a password for the officer, never a crash.
        raise Refused("encrypted", "AES") from None
    except (PdfReadError, PyPdfError, ValueError, TypeError, KeyError, IndexError,
            AttributeError, OSError, RecursionError, ZeroDivisionError, AssertionError,
            ArithmeticError, LookupError, EOFError):
        raise Refused("corrupt", "pdf") from None
    if sum(len(line) for line in lines) < MIN_TEXT_CHARS:
        raise Scan()
    return DocText(lines=lines)
