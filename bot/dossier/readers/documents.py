"""Recognise a Word document by its content and extract what the checks need.

`recognise` looks at the first lines for a title phrase (recognition.yaml `documents`); the
extractors turn the text into a `Contribution`: a component, nominees, council data, dossier-level
fields, and the paths that could not be read (which become questions, never guesses).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.dossier.readers.docx_text import DocText
from bot.dossier.readers.fields import (
    Vocab,
    labelled,
    parse_date,
    parse_period,
    signature_state,
)
from bot.dossier.readers.recognisers import VoteReading
from bot.text.normalize import fold

TITLE_WINDOW = 30


@dataclass
class Contribution:
    """What one file adds to the draft manifest (names, not ids: the assembler links them)."""

    file: str
    component: dict[str, Any] | None = None
    nominee_name: str | None = None
    nominees: list[dict[str, Any]] = field(default_factory=list)
    council: dict[str, Any] = field(default_factory=dict)
    votes: dict[str, dict[str, Any]] = field(default_factory=dict)
    award: dict[str, Any] = field(default_factory=dict)
    proposing_body: dict[str, Any] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)


def recognise(lines: Sequence[str], vocab: Vocab) -> str | None:
    """The document key whose title phrase starts the earliest line near the top.

    A title broken over two lines ("BIÊN BẢN" / "Họp Hội đồng Thi đua - Khen thưởng …") is read
    as one: a short line is also tried joined with the next.
    """
    best: tuple[int, int, str] | None = None
    window = lines[:TITLE_WINDOW]
    for index, line in enumerate(window):
        folded = fold(line)
        candidates = [folded]
        if len(folded.split()) <= 3 and index + 1 < len(window):
            candidates.append(f"{folded} {fold(window[index + 1])}")
        for key, signature in vocab.rec.documents.items():
            if any(c.startswith(title) for title in signature.title for c in candidates):
                candidate = (index, -signature.priority, key)
                if best is None or candidate < best:
                    best = candidate
        if best is not None:
            break
    return best[2] if best else None


def extract(file: str, key: str, text: DocText, vocab: Vocab) -> Contribution:
    component_type = vocab.rec.documents[key].component
    out = Contribution(file=file, component={"type": component_type, "file": file})
    handler = _EXTRACTORS.get(component_type, _extract_generic)
    handler(out, text, vocab)
    return out


def _title_award(lines: Sequence[str], vocab: Vocab) -> str | None:
    """The award asked for: the labelled line if it names one, else the title or the first
    phrase that does ("đề nghị tặng …", "đề nghị Chủ tịch UBND tỉnh tặng Bằng khen")."""
    value = labelled(lines, vocab.rec.labels["award"])
    code = vocab.award(value) if value else None
    if code:
        return code
    for line in lines[:TITLE_WINDOW]:
        folded = fold(line)
        match = vocab.award_lead.search(folded)
        if match:
            code = vocab.award(match.group(1))
            if code:
                return code
        code = vocab.recog.phrase_award(folded)
        if code:
            return code
    return None


def _signed(text: DocText, role: str, vocab: Vocab) -> bool | None:
    return signature_state(text.lines, vocab.patterns[role], vocab, breaks=text.breaks)


def _header_date(lines: Sequence[str], vocab: Vocab) -> Any:
    """The document's own date: before the legal bases (which carry their own dates)."""
    for line in lines[:TITLE_WINDOW]:
        if vocab.patterns["legal_basis_line"].search(fold(line)):
            break
        day = parse_date(line, vocab)
        if day:
            return day
    return None


def _extract_to_trinh(out: Contribution, text: DocText, vocab: Vocab) -> None:
    lines = text.lines
    assert out.component is not None
    signed = _signed(text, "role_signed_to_trinh", vocab)
    if text.digitally_signed:
        signed = True
    out.component["signed"] = signed
    out.component["dated"] = _header_date(lines, vocab)
    bases = []
    for line in lines:
        folded = fold(line)
        if vocab.patterns["legal_basis_line"].search(folded) and vocab.patterns[
            "legal_document"
        ].search(folded):
            words = line.split(None, 2)
            bases.append((words[2] if len(words) > 2 else line).rstrip(";. "))
    out.component["legal_basis"] = bases
    joined = fold(" ".join(lines))
    out.component["has_nominee_list"] = bool(vocab.patterns["nominee_list_attached"].search(joined))
    award = _title_award(lines, vocab)
    if award:
        out.award["code"] = award
    basis_text = labelled(lines, vocab.rec.labels["basis"]) or " ".join(lines[:TITLE_WINDOW])
    basis = vocab.first_match(vocab.bases, fold(basis_text))
    if basis:
        out.award["basis"] = basis
    procedure_text = labelled(lines, vocab.rec.labels["procedure"]) or joined
    out.award["procedure"] = vocab.first_match(vocab.procedures, fold(procedure_text)) or "regular"
    body = labelled(lines, vocab.rec.labels["proposing_body"]) or _header_body(lines)
    header = [fold(line) for line in lines[: _header_end(lines)] if ":" not in line]
    header += [f"{a} {b}" for a, b in itertools.pairwise(header)]
    if body:
        out.proposing_body["name"] = body
        header.append(fold(body))
    level = _level([fold(body)] if body else [], vocab) or _level(header, vocab)
    if level:
        out.proposing_body["level"] = level
    if signed is None:
        out.unknown.append("to_trinh.signed")
        out.questions.append("signed")
    if out.component["dated"] is None:
        out.questions.append("dated")


def _level(header: Sequence[str], vocab: Vocab) -> str | None:
    """The proposing level: the issuing body's own line decides before the lines above it."""
    for level, patterns in vocab.levels.items():
        if any(p.search(h) for p in patterns for h in header):
            return level
    return None


def _header_end(lines: Sequence[str]) -> int:
    for index, line in enumerate(lines[:TITLE_WINDOW]):
        if fold(line).startswith("cong hoa xa hoi chu nghia"):
            return index
    return 0


def _header_body(lines: Sequence[str]) -> str | None:
    end = _header_end(lines)
    # "Số: 12/TTr-…" is the document number; "SỞ Y TẾ" (also folded to "so …") is a body.
    candidates = [line for line in lines[:end]
                  if not (fold(line).startswith("so ") and any(ch.isdigit() for ch in line))]
    return candidates[-1] if candidates else None


def _nominee_fields(lines: Sequence[str], vocab: Vocab) -> dict[str, Any]:
    labels = vocab.rec.labels
    data: dict[str, Any] = {}
    name = labelled(lines, labels["name"])
    if name:
        data["name"] = name
    position = labelled(lines, labels["position"])
    if position:
        data["position"] = position
        data["is_leader"] = vocab.is_leader(position)
    unit = labelled(lines, labels["unit"])
    if unit:
        data["unit"] = unit
    birth = labelled(lines, labels["birth_date"])
    if birth:
        day = parse_date(birth, vocab)
        if day:
            data["birth_date"] = day
    period = parse_period(labelled(lines, labels["period"]), vocab)
    if period:
        data["achievement_period"] = period
    return data


def _table_column(tables: Sequence[Sequence[Sequence[str]]], keywords: Sequence[str],
                  exclude: Sequence[str] = ()) -> list[tuple[list[str], int]]:
    """(rows, column index) of tables whose header row has a cell matching `keywords`."""
    found = []
    for table in tables:
        if len(table) < 2:
            continue
        for column, cell in enumerate(table[0]):
            folded = fold(cell)
            if any(k in folded for k in keywords) and not any(x in folded for x in exclude):
                found.append(([row[column] if column < len(row) else "" for row in table[1:]],
                              column))
                break
    return found


def _extract_report(out: Contribution, text: DocText, vocab: Vocab) -> None:
    lines = text.lines
    assert out.component is not None
    data = _nominee_fields(lines, vocab)
    title = " ".join(fold(line) for line in lines[:TITLE_WINDOW])
    collective = bool(vocab.patterns["report_collective"].search(title)) and not bool(
        vocab.patterns["report_individual"].search(title))
    data["kind"] = "collective" if collective else "individual"
    award = _title_award(lines, vocab)
    if award:
        data["award"] = award
    initiatives = [v for rows, _ in _table_column(text.tables, ["sang kien", "de tai"],
                                                 exclude=["stt"]) for v in rows if v.strip()]
    if initiatives:
        data["initiatives"] = initiatives
    priors = []
    for rows, _ in _table_column(text.tables, ["hinh thuc khen thuong", "danh hieu thi dua"]):
        for value in rows:
            if value.strip():
                years = vocab.patterns["single_year"].findall(fold(value))
                priors.append({"label": value, "award": vocab.award(value),
                               "year": int(years[-1]) if years else None})
    if priors:
        data["prior_awards"] = priors
    data["report_text"] = _achievements(lines, vocab)
    out.nominees.append(data)
    out.nominee_name = data.get("name")
    if out.nominee_name is None:
        out.questions.append("nominee")
    if out.component["type"] == "bao_cao_tom_tat_thanh_tich":
        out.component["signed"] = _signed(text, "role_signed_by_nominee", vocab)
        return
    out.component["signed_by_nominee"] = _signed(text, "role_signed_by_nominee", vocab)
    out.component["certified_by_proposing_level"] = _signed(text, "role_certified", vocab)


def _achievements(lines: Sequence[str], vocab: Vocab) -> str:
    """The achievement section (II) only: headings and template boilerplate are not compared."""
    start, end = vocab.patterns["achievements_start"], vocab.patterns["achievements_end"]
    body: list[str] = []
    inside = False
    for line in lines:
        folded = fold(line)
        if not inside and start.search(folded):
            inside = True
            continue
        if inside and end.search(folded):
            break
        if inside:
            body.append(line.partition(":")[2] if ":" in line else line)
    return "\n".join(b.strip() for b in body if b.strip().strip("."))


def _extract_minutes(out: Contribution, text: DocText, vocab: Vocab) -> None:
    lines = text.lines
    assert out.component is not None
    out.component["signed_chair"] = _signed(text, "role_chair", vocab)
    out.component["signed_secretary"] = _signed(text, "role_secretary", vocab)
    out.component["dated"] = _header_date(lines, vocab)
    for field_name, pattern in (("total_members", "council_total"), ("present", "council_present"),
                                ("written_opinions_from_absent", "written_opinions")):
        for line in lines:
            match = vocab.patterns[pattern].search(fold(line))
            if match:
                out.council[field_name] = int(match.group(1))
                break
    _votes_from_tables(out, text, vocab)
    if not out.votes:
        for line in lines:
            found = vocab.recog.vote_in_line(line)
            if found is not None:
                out.votes.setdefault(found[0], _vote(found[1], out.council))
    if "total_members" not in out.council:
        out.unknown.append("council.total_members")
        out.questions.append("council.total_members")
    if not out.votes:
        out.unknown.append("council.votes")
        out.questions.append("council.votes")


def _vote(reading: VoteReading, council: dict[str, Any]) -> dict[str, Any]:
    """A vote entry; a percentage with no count is kept for the assembler to resolve."""
    agree = reading.resolved(council.get("total_members"))
    vote: dict[str, Any] = {"agree": agree}
    if agree is None and reading.percent is not None:
        vote["percent"] = reading.percent
    if reading.total is not None:
        vote["total"] = reading.total
    return vote


def _votes_from_tables(out: Contribution, text: DocText, vocab: Vocab) -> None:
    """Vote tables, including one split across pages: a table with no header row and as many
    columns as the last vote table continues it."""
    columns = vocab.rec.list_columns
    fields = {k: columns[k] for k in ("name", "votes_agree", "votes_disagree", "vote_ratio")}
    mapping: dict[str, int] | None = None
    width = 0
    for table in text.tables:
        if not table:
            continue
        candidate = header_mapping(table[0], fields)
        if "name" in candidate and ("votes_agree" in candidate or "vote_ratio" in candidate):
            mapping, width, rows = candidate, len(table[0]), table[1:]
        elif mapping is not None and len(table[0]) == width:
            rows = table
        else:
            mapping = None
            continue
        for row in rows:
            _table_vote(out, row, mapping, vocab)


def _table_vote(out: Contribution, row: Sequence[str], mapping: dict[str, int],
                vocab: Vocab) -> None:
    name = vocab.recog.clean_name(_cell(row, mapping["name"]))
    if not name:
        return
    reading = None
    if "votes_agree" in mapping:
        reading = vocab.recog.vote_in_cell(_cell(row, mapping["votes_agree"]))
    if reading is None and "vote_ratio" in mapping:
        reading = vocab.recog.vote_in_cell(_percent_text(_cell(row, mapping["vote_ratio"])))
    if reading is None:
        return
    vote = _vote(reading, out.council)
    if "votes_disagree" in mapping:
        disagree = _int(_cell(row, mapping["votes_disagree"]))
        if disagree is not None:
            vote["disagree"] = disagree
    out.votes[name] = vote


def _percent_text(value: str) -> str:
    """A cell of a "Tỷ lệ (%)" column: a bare number there is a percentage."""
    text = value.strip()
    return text if not text or text.endswith("%") else f"{text}%"


def header_mapping(header: Sequence[Any], fields: dict[str, list[str]]) -> dict[str, int]:
    """field → column index; the longest matching keyword wins a column."""
    best: dict[int, tuple[int, str]] = {}
    for column, cell in enumerate(header):
        if cell is None:
            continue
        folded = fold(str(cell))
        for field_name, keywords in fields.items():
            for keyword in keywords:
                if keyword in folded and (column not in best or len(keyword) > best[column][0]):
                    best[column] = (len(keyword), field_name)
    mapping: dict[str, int] = {}
    for column in sorted(best):
        mapping.setdefault(best[column][1], column)
    return mapping


def _cell(row: Sequence[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def _int(value: Any) -> int | None:
    match = re.search(r"\d+", str(value or ""))
    return int(match.group()) if match else None


def _extract_certificate(out: Contribution, text: DocText, vocab: Vocab) -> None:
    assert out.component is not None
    lines = text.lines
    out.component["signed"] = _signed(text, "role_signed_generic", vocab)
    out.component["dated"] = _header_date(lines, vocab)
    name = labelled(lines, vocab.rec.labels["name"])
    out.nominee_name = name
    title = labelled(lines, vocab.rec.labels["initiative"])
    if name:
        entry: dict[str, Any] = {"name": name}
        if title:
            entry["initiatives"] = [title]
        out.nominees.append(entry)


def _extract_generic(out: Contribution, text: DocText, vocab: Vocab) -> None:
    assert out.component is not None
    out.component["dated"] = _header_date(text.lines, vocab)


_EXTRACTORS = {
    "to_trinh": _extract_to_trinh,
    "bao_cao_thanh_tich": _extract_report,
    "bao_cao_tom_tat_thanh_tich": _extract_report,
    "bien_ban_binh_xet": _extract_minutes,
    "bien_ban_xet_khen_thuong": _extract_minutes,
    "ket_qua_bo_phieu": _extract_minutes,
    "chung_nhan_sang_kien": _extract_certificate,
    "xac_nhan_thanh_tich": _extract_certificate,
}
