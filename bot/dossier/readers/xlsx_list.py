"""Read a nominee list (danh sách đề nghị) from `.xlsx`, streaming the sheet XML.

The header row is found by its column names (recognition.yaml `list_columns`) within the first
rows; a title row above it ("DANH SÁCH ĐỀ NGHỊ TẶNG …") may name the award for every row.
Formulas are never evaluated (their cached values are read). Rows come from calamine
(`xlsx_fast`, ≈ 4x faster than the expat stream of `xlsx_stream`, itself ≈ 5x faster than
openpyxl's read-only mode on a 10,000-row list); a sheet too wide or tall to hold whole is streamed.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from bot.dossier.readers.documents import Contribution, header_mapping
from bot.dossier.readers.fields import Vocab, cell_date
from bot.dossier.readers.safety import Limits, Refused
from bot.dossier.readers.xlsx_fast import sheets_rows
from bot.text.normalize import fold

HEADER_SEARCH_ROWS = 20
_SPLIT = re.compile(r"[;\n]+")


def read_xlsx_list(file: str, data: bytes, archive: zipfile.ZipFile, vocab: Vocab,
                   limits: Limits, parts: dict[str, bytes] | None = None) -> Contribution:
    """The first sheet with a nominee-list header, read into a `danh_sach` contribution
    (`parts`: XML parts already inflated, by name, as `safety.check_ooxml` returns them)."""
    for rows in sheets_rows(data, archive, parts):
        found = _read_sheet(file, rows, vocab, limits)
        if found is not None:
            return found
    raise Refused("no_header")


def _read_sheet(file: str, rows: Iterator[Sequence[Any]], vocab: Vocab,
                limits: Limits) -> Contribution | None:
    columns = vocab.rec.list_columns
    title_award: str | None = None
    mapping: dict[str, int] | None = None
    header_name: Any = None
    for _, row in zip(range(HEADER_SEARCH_ROWS), rows, strict=False):
        candidate = header_mapping(row, columns)
        if "name" in candidate and len(candidate) >= vocab.rec.header_min_matches:
            mapping = candidate
            header_name = row[candidate["name"]]
            break
        for value in row:
            if isinstance(value, str) and title_award is None:
                match = vocab.award_lead.search(fold(value))
                if match:
                    title_award = vocab.award(match.group(1))
    if mapping is None:
        return None
    out = Contribution(file=file, component={"type": "danh_sach", "file": file})
    if title_award:
        out.award["code"] = title_award
    count = 0
    plan = _plan(mapping)
    scanned = HEADER_SEARCH_ROWS
    for row in rows:
        scanned += 1
        if scanned > limits.max_sheet_rows:
            out.unknown.append("nominees")
            out.questions.append("too_many_rows")
            break
        if len(row) > mapping["name"] and row[mapping["name"]] == header_name:
            continue  # the header row repeated (a sheet pasted from pages of a printed list)
        nominee = _row(row, plan, vocab, out)
        if nominee is None:
            continue
        count += 1
        if count > limits.max_rows:
            out.unknown.append("nominees")
            out.questions.append("too_many_rows")
            break
        out.nominees.append(nominee)
    return out


# The columns a row is read from, in the order `_row` unpacks them.
_FIELDS = ("name", "position", "is_leader", "unit", "birth_date", "award", "kind", "period",
           "initiatives", "prior_awards", "votes_agree", "vote_ratio", "votes_disagree")
_ABSENT = sys.maxsize  # the index of a column the header lacks: past any row's end


def _plan(mapping: dict[str, int]) -> tuple[int, ...]:
    """The row index of each of `_FIELDS` (`_ABSENT` for a column the header lacks)."""
    return tuple(mapping.get(key, _ABSENT) for key in _FIELDS)


def _cells(row: Sequence[Any], plan: tuple[int, ...]) -> list[Any]:
    """Every cell of `_FIELDS`, read once: text stripped, blank None, a whole number int (a
    column absent, or past the row's end, None)."""
    width = len(row)
    out: list[Any] = []
    for index in plan:
        if index < width:
            value = row[index]
            kind = type(value)  # exact types first: no call for the common cells
            if kind is str:
                value = value.strip() or None
            elif kind is float:
                if value.is_integer():
                    value = int(value)
            elif isinstance(value, str):
                value = value.strip() or None
            out.append(value)
        else:
            out.append(None)
    return out


def list_row(row: Sequence[Any], mapping: dict[str, int], vocab: Vocab,
             out: Contribution) -> dict[str, Any] | None:
    """One row of a list table as a nominee (None for a row without a name); its vote goes to
    `out.votes`."""
    return _row(row, _plan(mapping), vocab, out)


def _row(row: Sequence[Any], plan: tuple[int, ...], vocab: Vocab,
         out: Contribution) -> dict[str, Any] | None:
    (name, position, leader_cell, unit, birth, award_text, kind, period_cell, initiatives,
     priors, agree, ratio, disagree) = _cells(row, plan)
    if not isinstance(name, str) or not (name[0].isalpha() or any(ch.isalpha() for ch in name)):
        return None
    nominee: dict[str, Any] = {"name": vocab.recog.clean_name(name)}
    if position is not None:
        nominee["position"] = str(position)
    leader = vocab.yes_no(leader_cell) if leader_cell is not None else None
    nominee["is_leader"] = leader if leader is not None else vocab.is_leader(
        nominee.get("position"))
    if unit is not None:
        nominee["unit"] = str(unit)
    if type(birth) is not dt.date:  # calamine's date cell is passed on as it is
        birth = cell_date(birth, vocab)
    if birth is not None:
        nominee["birth_date"] = birth
    if award_text is not None:
        code = vocab.award(str(award_text))
        if code is not None:
            nominee["award"] = code
    if isinstance(kind, str) and "tap the" in fold(kind):
        nominee["kind"] = "collective"
    period = vocab.period(period_cell)
    if period is not None:
        nominee["achievement_period"] = period
    if isinstance(initiatives, str):  # stripped by `_cells`: one title needs no split
        nominee["initiatives"] = [initiatives] if ";" not in initiatives and "\n" not in (
            initiatives) else [t.strip() for t in _SPLIT.split(initiatives) if t.strip()]
    if isinstance(priors, str):
        nominee["prior_awards"] = [_prior(t.strip(), vocab) for t in _SPLIT.split(priors)
                                   if t.strip()]
    _list_vote(agree, ratio, disagree, vocab, out, nominee["name"])
    return nominee


def _list_vote(count: Any, ratio: Any, disagree: Any, vocab: Vocab, out: Contribution,
               name: str) -> None:
    """The vote column of the list: a count, "10/11", "10 (90,9%)" or a percentage."""
    if type(count) is int:  # a count, as most lists write it: what the reading below gives
        vote: dict[str, Any] = {"agree": count}
        if isinstance(disagree, int | float) and not isinstance(disagree, bool):
            vote["disagree"] = int(disagree)
        out.votes[name] = vote
        return
    reading = vocab.recog.vote_in_cell(count)
    if reading is None:
        if isinstance(ratio, int | float) and not isinstance(ratio, bool):
            ratio = f"{ratio * 100 if ratio <= 1 else ratio}%"
        elif isinstance(ratio, str) and ratio and not ratio.endswith("%"):
            ratio = f"{ratio}%"
        reading = vocab.recog.vote_in_cell(ratio)
    if reading is None:
        return
    agree = reading.resolved(None)
    vote = {"agree": agree}
    if agree is None and reading.percent is not None:
        vote["percent"] = reading.percent
    if reading.total is not None:
        vote["total"] = reading.total
    if isinstance(disagree, int | float) and not isinstance(disagree, bool):
        vote["disagree"] = int(disagree)
    out.votes[name] = vote


def _prior(text: str, vocab: Vocab) -> dict[str, Any]:
    years = vocab.patterns["single_year"].findall(fold(text))
    return {"label": text, "award": vocab.award(text), "year": int(years[-1]) if years else None}
