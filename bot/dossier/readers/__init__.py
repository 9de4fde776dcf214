"""Readers: uploaded `.docx` / `.xlsx` / `.zip` files → one draft manifest, safely.

`read_files` never raises for a bad file: each problem becomes an `unreadable_file` finding naming
the file (the rest of the draft is kept) and, where the officer can help, a question to confirm
instead of a guess. `read_path` does the same for a file or a folder on disk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from bot.dossier.errors import UnreadableInput
from bot.dossier.findings import Finding, finding
from bot.dossier.gc_pause import gc_paused
from bot.dossier.manifest import Manifest, parse_manifest
from bot.dossier.readers.assemble import assemble
from bot.dossier.readers.documents import Contribution, extract, recognise
from bot.dossier.readers.docx_list import read_docx_list
from bot.dossier.readers.docx_text import DocText, read_docx_text
from bot.dossier.readers.fields import Vocab
from bot.dossier.readers.pdf_text import Scan, is_image, is_pdf, read_pdf_text
from bot.dossier.readers.safety import (
    Limits,
    Refused,
    check_ooxml,
    open_zip,
    read_member,
    sniff,
)
from bot.dossier.readers.xlsx_list import read_xlsx_list
from bot.dossier.text import render_question
from knowledge.dossier_schema import DossierKB, Severity

__all__ = [
    "DraftReadResult",
    "FileNote",
    "Limits",
    "Question",
    "UploadRead",
    "assemble_uploads",
    "read_files",
    "read_path",
    "read_upload",
    "refused_upload",
]

_ERROR_REASONS = {"too_large", "bad_type", "macro", "encrypted", "corrupt", "zip_bomb",
                  "too_many_entries", "traversal", "xml_entities", "nested_zip", "empty",
                  "pdf_password", "old_format"}
# Files kept in the draft that the officer names with a button: not recognised, or a scan.
NAMEABLE_REASONS = ("unrecognised", "no_header", "scan")


@dataclass(frozen=True)
class FileNote:
    """What happened to one file: `read` (as `component`), `refused` or `unrecognised`."""

    file: str
    status: str
    component: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Question:
    """Something the officer should confirm (`key` as in the manifest, Vietnamese `text`)."""

    key: str
    file: str
    text: str


@dataclass
class DraftReadResult:
    manifest: Manifest
    notes: list[FileNote] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return any(note.status == "read" for note in self.notes)


def _refusal(file: str, refused: Refused) -> Finding:
    severity = Severity.ERROR if refused.reason in _ERROR_REASONS else Severity.INFO
    return finding("unreadable_file", severity, extra={"file": file}, file=file,
                   reason=refused.reason, detail=refused.detail)


@dataclass
class UploadRead:
    """What one upload yielded (a zip yields several parts), kept between chat turns as JSON.

    Storing this instead of the file's bytes keeps a draft small and avoids re-parsing; the
    assembler links everything when the officer asks for the check.
    """

    file: str
    parts: list[Contribution] = field(default_factory=list)
    notes: list[FileNote] = field(default_factory=list)
    refusals: list[tuple[str, str, str]] = field(default_factory=list)  # file, reason, detail

    def to_json(self) -> dict[str, Any]:
        return _jsonable({
            "file": self.file,
            "parts": [dataclasses.asdict(p) for p in self.parts],
            "notes": [dataclasses.asdict(n) for n in self.notes],
            "refusals": [list(r) for r in self.refusals],
        })

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UploadRead:
        return cls(
            file=str(data["file"]),
            parts=[Contribution(**p) for p in data.get("parts", [])],
            notes=[FileNote(**n) for n in data.get("notes", [])],
            refusals=[(str(a), str(b), str(c)) for a, b, c in data.get("refusals", [])],
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class _Reader:
    def __init__(self, kb: DossierKB, limits: Limits) -> None:
        self.vocab = Vocab(kb)
        self.limits = limits
        self.parts: list[Contribution] = []
        self.notes: list[FileNote] = []
        self.findings: list[Finding] = []
        self.refusals: list[tuple[str, str, str]] = []

    def refuse(self, file: str, refused: Refused) -> None:
        status = "unrecognised" if refused.reason in NAMEABLE_REASONS else "refused"
        self.notes.append(FileNote(file, status, reason=refused.reason))
        self.findings.append(_refusal(file, refused))
        self.refusals.append((file, refused.reason, refused.detail))

    def absorb(self, upload: UploadRead) -> None:
        """Take over what an earlier `read_upload` produced."""
        self.parts.extend(upload.parts)
        self.notes.extend(upload.notes)
        for file, reason, detail in upload.refusals:
            self.findings.append(_refusal(file, Refused(reason, detail)))
            self.refusals.append((file, reason, detail))

    def read(self, name: str, data: bytes, inside_zip: bool = False) -> None:
        if data and (is_pdf(name, data) or is_image(name, data)):
            self._read_pdf_or_picture(name, data)
            return
        try:
            kind = sniff(name, data, self.limits)
            if kind == "zip":
                if inside_zip:
                    raise Refused("nested_zip")
                self._read_zip(name, data)
                return
            archive = open_zip(data, self.limits)
            parts = check_ooxml(archive, kind)
            part = self._read_docx(name, data, archive) if kind == "docx" else read_xlsx_list(
                name, data, archive, self.vocab, self.limits, parts)
        except Refused as refused:
            self.refuse(name, refused)
            return
        self.parts.append(part)
        self.notes.append(FileNote(name, "read", component=(part.component or {}).get("type")))

    def _read_docx(self, name: str, data: bytes, archive: zipfile.ZipFile) -> Contribution:
        try:
            text = read_docx_text(data, archive)
        except (KeyError, ValueError, TypeError, AttributeError, OSError, zipfile.BadZipFile,
                SyntaxError, zlib.error) as exc:
            raise Refused("corrupt", type(exc).__name__) from None
        return self._recognised(name, text)

    def _recognised(self, name: str, text: DocText) -> Contribution:
        key = recognise(text.lines, self.vocab)
        if key is None:
            raise Refused("unrecognised")
        if self.vocab.rec.documents[key].component == "danh_sach":
            listed = read_docx_list(name, text, self.vocab)
            if listed is not None:
                return listed
        return extract(name, key, text, self.vocab)

    def _read_pdf_or_picture(self, name: str, data: bytes) -> None:
        """A text PDF is read like a Word file; a scan or a photo is kept for the officer to
        name ("bản chụp — chưa đọc được nội dung"), never refused."""
        try:
            if len(data) > self.limits.max_file_bytes:
                raise Refused("too_large", f"{len(data) // 1024} KB")
            if not is_pdf(name, data):
                raise Scan()
            part = self._recognised(name, read_pdf_text(data, self.limits))
        except Scan:
            self.refuse(name, Refused("scan"))
            return
        except Refused as refused:
            reason = "pdf_password" if refused.reason == "encrypted" else refused.reason
            self.refuse(name, Refused(reason, refused.detail))
            return
        self.parts.append(part)
        self.notes.append(FileNote(name, "read", component=(part.component or {}).get("type")))

    def _read_zip(self, name: str, data: bytes) -> None:
        archive = open_zip(data, self.limits)
        members = [i for i in archive.infolist() if not i.is_dir()]
        if len(members) > self.limits.max_files:
            raise Refused("too_many_entries", str(len(members)))
        for info in members:
            inner = PurePosixPath(info.filename.replace("\\", "/"))
            if inner.name.startswith(".") or "__MACOSX" in inner.parts:
                continue
            label = f"{name}/{inner.name}"
            try:
                content = read_member(archive, info.filename)
            except Refused as refused:
                self.refuse(label, refused)
                continue
            self.read(label, content, inside_zip=True)

    def result(self) -> DraftReadResult:
        data, questions = assemble(self.parts, self.vocab.collective)
        manifest = parse_manifest(data, "draft", nulls=False)
        asked = [Question(key, file, render_question(key, file=file)) for key, file in
                 dict.fromkeys(questions)]
        return DraftReadResult(manifest, self.notes, asked, self.findings)


@gc_paused
def read_files(files: Sequence[tuple[str, bytes]], limits: Limits | None = None, *,
               kb: DossierKB) -> DraftReadResult:
    """Read uploaded files (name, bytes) into one draft; never raises for a bad file."""
    reader = _Reader(kb, limits or Limits())
    for name, data in files:
        reader.read(PurePosixPath(name.replace("\\", "/")).name or "tep", data)
    return reader.result()


@gc_paused
def read_upload(name: str, data: bytes, limits: Limits | None = None, *,
                kb: DossierKB) -> UploadRead:
    """Read one uploaded file (or zip) on its own; never raises for a bad file."""
    reader = _Reader(kb, limits or Limits())
    label = PurePosixPath(name.replace("\\", "/")).name or "tep"
    reader.read(label, data)
    return UploadRead(label, reader.parts, reader.notes, reader.refusals)


def refused_upload(name: str, reason: str, detail: str = "") -> UploadRead:
    """An upload refused before its bytes were fetched (e.g. over the size limit)."""
    return UploadRead(name, notes=[FileNote(name, "refused", reason=reason)],
                      refusals=[(name, reason, detail)])


@gc_paused
def assemble_uploads(uploads: Sequence[UploadRead], kb: DossierKB) -> DraftReadResult:
    """One draft from uploads read earlier, as `read_files` would have read them together."""
    reader = _Reader(kb, Limits())
    for upload in uploads:
        reader.absorb(upload)
    return reader.result()


def _files_in(path: Path) -> Iterable[Path]:
    for child in sorted(path.rglob("*")):
        if child.is_file() and not any(p.startswith(".") for p in child.relative_to(path).parts):
            yield child


@gc_paused
def read_path(path: Path, limits: Limits | None = None, *, kb: DossierKB) -> DraftReadResult:
    """Read a `.docx`/`.xlsx`/`.zip` file or a folder of them; UnreadableInput if nothing can be."""
    limits = limits or Limits()
    if not path.exists():
        raise UnreadableInput(str(path), "not_found")
    candidates = [path] if path.is_file() else list(_files_in(path)) if path.is_dir() else []
    if not candidates:
        raise UnreadableInput(str(path), "empty")
    reader = _Reader(kb, limits)
    for file in candidates[: limits.max_files]:
        label = file.name if file == path else str(file.relative_to(path))
        try:
            if file.stat().st_size > limits.max_file_bytes:
                reader.refuse(label, Refused("too_large"))
                continue
            data = file.read_bytes()
        except OSError:
            reader.refuse(label, Refused("corrupt"))
            continue
        reader.read(label, data)
    result = reader.result()
    if not result.readable:
        reasons = sorted({n.reason or n.status for n in result.notes})
        raise UnreadableInput(str(path), ",".join(reasons) or "unreadable")
    return result
