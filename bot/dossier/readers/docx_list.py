"""A nominee list (danh sách đề nghị) written as a table in Word or in a PDF export.

The table whose header names the nominee column (recognition.yaml `list_columns`) is read row by
row exactly like the `.xlsx` list; a table split across pages (a continuation with no header and
the same number of columns) continues it. The award comes from the title line.
"""

from __future__ import annotations

from bot.dossier.readers.documents import TITLE_WINDOW, Contribution, header_mapping
from bot.dossier.readers.docx_text import DocText
from bot.dossier.readers.fields import Vocab
from bot.dossier.readers.xlsx_list import list_row
from bot.text.normalize import fold


def read_docx_list(file: str, text: DocText, vocab: Vocab) -> Contribution | None:
    """A `danh_sach` contribution, or None when no table has a list header."""
    columns = vocab.rec.list_columns
    out = Contribution(file=file, component={"type": "danh_sach", "file": file})
    mapping: dict[str, int] | None = None
    width = 0
    found = False
    header_name = ""
    for table in text.tables:
        if not table:
            continue
        candidate = header_mapping(table[0], columns)
        if "name" in candidate and len(candidate) >= vocab.rec.header_min_matches:
            mapping, width, rows, found = candidate, len(table[0]), table[1:], True
            header_name = fold(table[0][candidate["name"]])
        elif mapping is not None and len(table[0]) == width:
            rows = table
        else:
            mapping = None
            continue
        for row in rows:
            # A table split across pages often repeats its header row (typed again, or pasted
            # with the rows of the next page): it is not a nominee.
            if mapping["name"] < len(row) and fold(row[mapping["name"]]) == header_name:
                continue
            nominee = list_row(tuple(row), mapping, vocab, out)
            if nominee is not None:
                out.nominees.append(nominee)
    if not found:
        return None
    for line in text.lines[:TITLE_WINDOW]:
        folded = fold(line)
        match = vocab.award_lead.search(folded)
        code = (vocab.award(match.group(1)) if match else None) or vocab.recog.phrase_award(folded)
        if code:
            out.award["code"] = code
            break
    return out
