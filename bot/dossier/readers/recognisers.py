"""Recognisers for the way offices write: signature marks, vote lines and vote cells.

All words and patterns come from recognition.yaml (`signed_marks`, `vote_lines`, `vote_cells`,
`name_prefixes`, `name_stops`, `abbreviations`); this module only applies them. A vote given as a
percentage becomes a count only when the council size is known and exactly one count fits;
otherwise the reader leaves it unknown and the officer is asked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from bot.text.normalize import fold
from knowledge.dossier_schema import Recognition

_BULLET = re.compile(r"^\s*(?:[-+•*–]|\d{1,3}[.)]|[a-z][.)])\s+")
_PERCENT_TOLERANCE = 0.6  # percentage points: "90,9%" of 11 is 10, "91%" too


_COUNTS_KEPT = 1024


@dataclass(frozen=True)
class VoteReading:
    agree: int | None
    total: int | None = None
    percent: float | None = None

    def resolved(self, members: int | None) -> int | None:
        """The count of agreeing votes, from the percentage if only that was written."""
        if self.agree is not None:
            return self.agree
        if self.percent is None:
            return None
        base = self.total or members
        if not base:
            return None
        fits = [n for n in range(base + 1)
                if abs(n * 100 / base - self.percent) <= _PERCENT_TOLERANCE]
        return fits[0] if len(fits) == 1 else None


class Recognisers:
    """Compiled once per read from the recognition vocabulary."""

    def __init__(self, rec: Recognition) -> None:
        self.rec = rec
        self.signed_marks = [re.compile(p) for p in rec.signed_marks]
        self.vote_lines = [re.compile(p) for p in rec.vote_lines]
        self.vote_cells = [re.compile(p) for p in rec.vote_cells]
        self.name_prefix = re.compile(rec.name_prefix)
        self.name_end = re.compile(rec.name_end)
        self.collective = re.compile(rec.collective_name_raw)
        self.abbreviations = [(re.compile(rf"\b{re.escape(short)}\b"), long)
                              for short, long in rec.abbreviations.items()]
        self._counts: dict[int, VoteReading] = {}  # a list's vote column repeats a few counts

    @cached_property
    def award_phrases(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(p), code) for code, patterns in self.rec.award_phrases.items()
                for p in patterns]

    def expand(self, folded: str) -> str:
        """Folded text with abbreviations written out ("ubnd" → "uy ban nhan dan")."""
        for pattern, long in self.abbreviations:
            folded = pattern.sub(long, folded)
        return folded

    def phrase_award(self, folded: str) -> str | None:
        """An award named by a phrase ("Chủ tịch UBND tỉnh tặng Bằng khen"), not a title."""
        text = self.expand(folded)
        for pattern, code in self.award_phrases:
            if pattern.search(text):
                return code
        return None

    def is_signed_mark(self, line: str) -> bool:
        """"(Đã ký)", "(đã ký, đóng dấu)", "Đã ký", "(Đã ký số)": a copy of a signed page."""
        folded = fold(line)
        return any(p.search(folded) for p in self.signed_marks)

    def vote_in_line(self, line: str) -> tuple[str, VoteReading] | None:
        """(name as written, reading) from a prose vote line, or None."""
        original = unicodedata.normalize("NFC", " ".join(line.split()))
        folded = soft_fold(original)
        for pattern in self.vote_lines:
            match = pattern.search(folded)
            if match is None:
                continue
            head = original[: match.start()]
            name = self.name_before(head)
            if name is None and ":" in head:
                name = self.name_before(head.rsplit(":", 1)[1])
            return (name, _reading(match)) if name else None
        return None

    def vote_in_cell(self, value: object) -> VoteReading | None:
        if isinstance(value, bool) or value is None:
            return None
        if isinstance(value, int | float):
            if not float(value).is_integer():
                return None
            count = int(value)
            reading = self._counts.get(count)  # readings are frozen: one per count is shared
            if reading is None:
                reading = VoteReading(count)
                if len(self._counts) < _COUNTS_KEPT:
                    self._counts[count] = reading
            return reading
        folded = soft_fold(str(value))
        for pattern in self.vote_cells:
            match = pattern.search(folded)
            if match is not None:
                return _reading(match)
        return None

    def name_before(self, text: str) -> str | None:
        """The person or collective named at the start of `text` (bullets, honorifics and the
        verb or punctuation after the name left out), if it looks like a name."""
        original = text.strip()
        folded = soft_fold(original)
        for pattern in (_BULLET, self.name_prefix):
            found = pattern.match(folded)
            if found:
                original, folded = original[found.end():], folded[found.end():]
        end = self.name_end.search(folded)
        # "Tổ Toán - Tin", "Phòng Kế hoạch - Tài chính": a collective's own name holds " - ".
        while end is not None and end.group().strip() == "-" and self.is_collective(
                original[: end.start()]):
            end = self.name_end.search(folded, end.end())
        name = original[: end.start() if end else len(original)].strip(" .-")
        return name if looks_like_name(name) else None

    def is_collective(self, name: str) -> bool:
        folded = unicodedata.normalize("NFC", name.strip()).lower()
        return self.collective.search(folded) is not None

    def clean_name(self, cell: str) -> str:
        """A name cell that also carries the position ("Nguyễn Văn A, Giáo viên") → the name."""
        if cell.isprintable() and "  " not in cell and cell[:1] != " " and cell[-1:] != " ":
            text = cell  # no white space but single inner spaces: the join would give it back
        else:
            text = " ".join(cell.split())
        if "," not in text and " - " not in text:
            return text
        stops = r",|\n" if self.is_collective(text) else r",|\n|\s-\s"  # "Tổ Toán - Tin"
        head = re.split(stops, text, maxsplit=1)[0].strip()
        return head if head and looks_like_name(head) and head != text else text


@cache
def _char_fold(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch.lower())
                   if unicodedata.category(c) != "Mn")
    base = base.replace("đ", "d")
    return base if len(base) == 1 else ch


def soft_fold(text: str) -> str:
    """Lower case, no diacritics, đ→d, punctuation kept, one character per character.

    Positions in the result are positions in the NFC text, so a match can cut the original.
    """
    return "".join(_char_fold(ch) for ch in unicodedata.normalize("NFC", text))


def _reading(match: re.Match[str]) -> VoteReading:
    groups = match.groupdict()

    def number(key: str) -> int | None:
        value = groups.get(key)
        return int(value) if value else None

    percent = groups.get("percent")
    return VoteReading(number("agree"), number("total"),
                       float(percent.replace(",", ".")) if percent else None)


def looks_like_name(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 9 or any(ch.isdigit() for ch in line) or ":" in line:
        return False
    return all(w[:1].isupper() for w in words if w[:1].isalpha())


def first_signed_mark(lines: Sequence[str], recognisers: Recognisers) -> bool:
    return any(recognisers.is_signed_mark(line) for line in lines)
