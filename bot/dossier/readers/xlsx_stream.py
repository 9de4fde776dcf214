"""Stream the rows of an `.xlsx` workbook straight from its sheet XML (no openpyxl objects).

openpyxl's read-only mode builds a cell object per value and costs ~2 s for a 10,000-row list;
reading the sheet XML with a bare expat parser costs a fraction of that. Only what the nominee
list needs is decoded: shared strings, inline strings, numbers, booleans, and dates (numbers
styled with a date format, or ISO `t="d"` cells). Formulas are never evaluated: their cached
value is read, as `data_only=True` would.

Safety: the caller has already run `safety.open_zip` (sizes, ratios) and `safety.check_ooxml`
(no DTD anywhere); the parser here also refuses any DOCTYPE or entity declaration by itself, as
defusedxml does, so it stays safe if called on its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any
from xml.parsers import expat

from bot.dossier.readers.safety import Refused

Row = tuple[Any, ...]
CHUNK = 256 * 1024
# Built-in number formats that are dates (ECMA-376 §18.8.30).
_BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


@cache
def _local(tag: str) -> str:
    return tag.rpartition("}")[2].rpartition(":")[2]


def _refuse_dtd(*_: Any) -> None:
    raise Refused("xml_entities")


def _parser() -> expat.XMLParserType:
    """An expat parser that refuses DTDs and entity declarations (defusedxml's policy)."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.UnparsedEntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_dtd  # type: ignore[assignment]
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    return parser


def _member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return archive.read(name)
    except KeyError:
        return None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, zlib.error):
        raise Refused("corrupt", name) from None


def _parse_whole(data: bytes, start: Callable[..., None], end: Callable[[str], None],
                 text: Callable[[str], None] | None = None) -> None:
    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise Refused("corrupt", str(exc)[:60]) from None


def _shared_strings(archive: zipfile.ZipFile, path: str | None) -> list[str]:
    data = _member(archive, path) if path else None
    if not data:
        return []
    strings: list[str] = []
    parts: list[str] = []
    state = {"in_t": False, "skip": 0}

    def start(tag: str, _attrs: dict[str, str]) -> None:
        name = _local(tag)
        if name == "si":
            parts.clear()
        elif name in ("rPh", "phoneticPr"):
            state["skip"] += 1
        elif name == "t" and not state["skip"]:
            state["in_t"] = True

    def end(tag: str) -> None:
        name = _local(tag)
        if name == "si":
            strings.append("".join(parts))
        elif name in ("rPh", "phoneticPr"):
            state["skip"] -= 1
        elif name == "t":
            state["in_t"] = False

    def text(value: str) -> None:
        if state["in_t"]:
            parts.append(value)

    _parse_whole(data, start, end, text)
    return strings


def _is_date_code(code: str) -> bool:
    plain = _QUOTED_OR_BRACKETED.sub("", code).lower()
    return any(ch in plain for ch in "dmy") and "general" not in plain


def _date_styles(archive: zipfile.ZipFile, path: str | None) -> frozenset[int]:
    """Indexes of cell formats (`s` attribute) whose number format is a date."""
    data = _member(archive, path) if path else None
    if not data:
        return frozenset()
    custom: dict[int, str] = {}
    formats: list[int] = []
    depth = {"cellXfs": 0}

    def start(tag: str, attrs: dict[str, str]) -> None:
        name = _local(tag)
        if name == "numFmt":
            with contextlib.suppress(ValueError):
                custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            depth["cellXfs"] += 1
        elif name == "xf" and depth["cellXfs"]:
            try:
                formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                formats.append(0)

    def end(tag: str) -> None:
        if _local(tag) == "cellXfs":
            depth["cellXfs"] -= 1

    _parse_whole(data, start, end)
    return frozenset(
        index for index, fmt in enumerate(formats)
        if fmt in _BUILTIN_DATE_FORMATS or (fmt in custom and _is_date_code(custom[fmt]))
    )


def _relationships(archive: zipfile.ZipFile, path: str) -> dict[str, tuple[str, str]]:
    """rId → (type suffix, absolute target) from a `.rels` part."""
    data = _member(archive, path)
    if not data:
        return {}
    base = posixpath.dirname(posixpath.dirname(path))
    found: dict[str, tuple[str, str]] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "Relationship":
            target = attrs.get("Target", "")
            absolute = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(base, target))
            found[attrs.get("Id", "")] = (attrs.get("Type", "").rpartition("/")[2], absolute)

    _parse_whole(data, start, lambda _: None)
    return found


def sheet_parts(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str]], bool,
                                                    dict[str, str]]:
    """(sheet name, part path) in workbook order, the 1904 flag, and part paths by type."""
    workbook = _member(archive, "xl/workbook.xml")
    if workbook is None:
        raise Refused("corrupt", "xl/workbook.xml")
    sheet_ids: list[tuple[str, str]] = []
    flags = {"date1904": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        name = _local(tag)
        if name == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            sheet_ids.append((attrs.get("name", ""), rid))
        elif name == "workbookPr":
            flags["date1904"] = attrs.get("date1904", "").lower() in ("1", "true")

    _parse_whole(workbook, start, lambda _: None)
    rels = _relationships(archive, "xl/_rels/workbook.xml.rels")
    by_type = {kind: target for kind, target in rels.values()}
    sheets = [(name, rels[rid][1]) for name, rid in sheet_ids if rid in rels]
    return sheets, flags["date1904"], by_type


class Workbook:
    """The parts of a workbook needed to stream its sheets' values in order."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        sheets, date1904, by_type = sheet_parts(archive)
        self.sheets = [path for _, path in sheets]
        self.strings = _shared_strings(archive, by_type.get("sharedStrings"))
        self.date_styles = _date_styles(archive, by_type.get("styles"))
        self.epoch = _EPOCH_1904 if date1904 else _EPOCH_1900

    def rows(self, sheet: str) -> Iterator[Row]:
        """Each row of `sheet` as a tuple of values by column position (None for blanks)."""
        try:
            stream = self.archive.open(sheet)
        except KeyError:
            raise Refused("corrupt", sheet) from None
        except (zipfile.BadZipFile, ValueError, OSError, RuntimeError):
            raise Refused("corrupt", sheet) from None
        collector = _RowCollector(self)
        parser = _parser()
        parser.StartElementHandler = collector.start
        parser.EndElementHandler = collector.end
        parser.CharacterDataHandler = collector.text
        with stream:
            while True:
                try:
                    chunk = stream.read(CHUNK)
                    parser.Parse(chunk, not chunk)
                except expat.ExpatError as exc:
                    raise Refused("corrupt", str(exc)[:60]) from None
                except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
                    raise Refused("corrupt", sheet) from None
                if collector.ready:
                    yield from collector.ready
                    collector.ready = []
                if not chunk:
                    return


class _RowCollector:
    """expat callbacks building row tuples; finished rows wait in `ready`."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.ready: list[Row] = []
        self.cells: dict[int, Any] = {}
        self.row_index = 0
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.text_parts: list[str] = []
        self.capture = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = _local(tag)
        if name == "c":
            ref = attrs.get("r")
            self.column = _column_of(ref) if ref else self.column + 1
            self.kind = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style and _small_number(style) else 0
            self.text_parts = []
        elif name == "v" or name == "t":
            self.capture = True
        elif name == "row":
            self.cells = {}
            self.column = 0
            row_ref = attrs.get("r", "")
            self.row_index = int(row_ref) if _small_number(row_ref) else self.row_index + 1

    def text(self, value: str) -> None:
        if self.capture:
            self.text_parts.append(value)

    def end(self, tag: str) -> None:
        name = _local(tag)
        if name == "v" or name == "t":
            self.capture = False
        elif name == "c":
            if self.text_parts:
                value = self._value("".join(self.text_parts))
                if value is not None:
                    self.cells[self.column] = value
        elif name == "row":
            if self.cells:
                width = max(self.cells)
                self.ready.append(tuple(self.cells.get(i) for i in range(1, width + 1)))
            else:
                self.ready.append(())

    def _value(self, raw: str) -> Any:
        kind = self.kind
        if kind == "s":
            try:
                return self.book.strings[int(raw)]
            except (ValueError, IndexError):
                return None
        if kind in ("inlineStr", "str"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "e":
            return None
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(raw.strip())
            except ValueError:
                return raw
        return self._number(raw)

    def _number(self, raw: str) -> Any:
        try:
            number = float(raw)
        except ValueError:
            return raw
        if self.style in self.book.date_styles and 0 < number < 2958466:
            return self.book.epoch + dt.timedelta(days=number)
        return int(number) if number.is_integer() else number


def _small_number(text: str) -> bool:
    """Digits `int` takes, few enough for any sheet ("²" is a digit to `isdigit`; `int` refuses
    it, and refuses more than 4,300 digits)."""
    return len(text) <= 9 and text.isascii() and text.isdigit()


def _column_of(ref: str) -> int:
    """1-based column of a cell reference ("C12" → 3)."""
    return _column_index(ref.rstrip("0123456789"))


@cache
def _column_index(letters: str) -> int:
    """Cached: a sheet uses few distinct columns. Anything not A–Z counts as column 0."""
    if not letters.isascii() or not letters.isalpha():
        return 0
    letters = letters.upper()
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - 64)
    return index
