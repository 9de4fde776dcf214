"""Hostile-file guards, applied before any parser sees the bytes.

Order matters: size → magic bytes / macro extensions → zip directory (entry count, declared total
size, per-entry and overall compression ratio, no absolute or `..` paths) → OOXML content types
(macro-enabled parts refused) → a scan of every XML part for DOCTYPE/ENTITY declarations (XXE,
billion laughs). Declared sizes are a sound bound because CPython's `ZipExtFile` stops at the
declared size and checks the CRC (see shared/reference/perf-reliability.md §2d).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import Literal

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

FileKind = Literal["docx", "xlsx", "zip"]

MACRO_EXTENSIONS = (".docm", ".xlsm", ".xltm", ".dotm", ".xlam", ".pptm")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected .docx/.xlsx is an OLE2 compound file holding this stream (MS-OFFCRYPTO
# §2.3.4.4); any other OLE2 file under these names is a Word 97–2003 .doc / Excel .xls.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
ZIP_MAGIC = b"PK\x03\x04"
_MAIN_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}


@dataclass(frozen=True)
class Limits:
    """Upload limits; defaults follow perf-reliability.md §3d."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_entries: int = 1000
    max_total_uncompressed: int = 50 * 1024 * 1024
    max_ratio: float = 100.0
    max_rows: int = 50_000
    # Sheet rows scanned for a list, nameless ones included: reading stops there while streaming.
    max_sheet_rows: int = 60_000
    max_files: int = 200


class Refused(Exception):
    """A file that must not be parsed; `reason` keys the Vietnamese message."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def sniff(name: str, data: bytes, limits: Limits) -> FileKind:
    """The kind of an upload from its name and first bytes, or Refused."""
    lower = name.lower()
    if not data:
        raise Refused("empty")
    if len(data) > limits.max_file_bytes:
        raise Refused("too_large", f"{len(data) // 1024} KB")
    if lower.endswith(MACRO_EXTENSIONS):
        raise Refused("macro")
    if data.startswith(OLE_MAGIC):
        raise Refused("encrypted" if ENCRYPTED_PACKAGE in data else "old_format")
    for kind in ("docx", "xlsx", "zip"):
        if lower.endswith("." + kind):
            if not data.startswith(ZIP_MAGIC):
                raise Refused("corrupt")
            return kind
    raise Refused("bad_type")


def open_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open a zip after checking its directory against the limits (nothing is inflated yet)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise Refused("corrupt") from None
    if len(infos) > limits.max_entries:
        raise Refused("too_many_entries", str(len(infos)))
    total = 0
    for info in infos:
        parts = info.filename.replace("\\", "/").split("/")
        if info.filename.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise Refused("traversal", info.filename)
        if info.flag_bits & 0x1:
            raise Refused("encrypted")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_ratio:
            raise Refused("zip_bomb", info.filename)
    if total > limits.max_total_uncompressed:
        raise Refused("zip_bomb", f"{total // (1024 * 1024)} MB")
    if total > 1024 * 1024 and total / max(len(data), 1) > limits.max_ratio:
        raise Refused("zip_bomb")
    return archive


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError,
            zlib.error):
        raise Refused("corrupt", name) from None


def check_ooxml(archive: zipfile.ZipFile, kind: FileKind) -> dict[str, bytes]:
    """Refuse macro-enabled or malformed OOXML packages and XML with DTD declarations.

    Returns the XML parts it inflated to scan, by name, so that a reader need not inflate a
    large sheet again."""
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        raise Refused("corrupt", "[Content_Types].xml")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise Refused("macro")
    parts: dict[str, bytes] = {}
    for name in names:
        if name.endswith((".xml", ".rels")):
            head = parts[name] = read_member(archive, name)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise Refused("xml_entities", name)
    raw = parts["[Content_Types].xml"]
    try:
        root = SafeET.fromstring(raw)
    except (DefusedXmlException, SafeET.ParseError):
        raise Refused("xml_entities") from None
    types = {el.get("ContentType", "") for el in root}
    if any("macroEnabled" in t for t in types):
        raise Refused("macro")
    if kind in _MAIN_TYPES and _MAIN_TYPES[kind] not in types:
        raise Refused("corrupt", "content type")
    return parts
