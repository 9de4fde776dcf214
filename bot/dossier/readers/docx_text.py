"""Plain text of a `.docx` in reading order: lines (paragraphs, then table cells) and tables.

Cells are emitted cell by cell so that a signature block laid out in a two-column table stays a
contiguous run of lines; merged cells (which python-docx repeats) are emitted once.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import docx
from docx.document import Document as DocumentObject
from docx.table import Table
from docx.text.paragraph import Paragraph


@dataclass
class DocText:
    lines: list[str] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    digitally_signed: bool = False


def _paragraph_lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def _walk_table(table: Table, out: DocText) -> None:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = "\n".join(p.text for p in cell.paragraphs)
            cells.append(" ".join(text.split()))
            out.lines.extend(_paragraph_lines(text))
            for inner in cell.tables:
                _walk_table(inner, out)
        rows.append(cells)
    out.tables.append(rows)


def read_docx_text(data: bytes, archive: zipfile.ZipFile) -> DocText:
    """Extract text; the caller has already run the safety guards on `data`."""
    document: DocumentObject = docx.Document(io.BytesIO(data))
    out = DocText(digitally_signed=any(n.startswith("_xmlsignatures/") for n in archive.namelist()))
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            out.lines.extend(_paragraph_lines(block.text))
        elif isinstance(block, Table):
            _walk_table(block, out)
    return out
