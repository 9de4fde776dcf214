"""Field extraction helpers shared by the document readers, all driven by recognition.yaml.

Everything is matched on folded text (`fold`), so a date written with or without diacritics
reads the same. Person names are read from the original line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from functools import cached_property
from typing import Any

from bot.dossier.readers.docx_text import PICTURE
from bot.dossier.readers.recognisers import Recognisers
from bot.dossier.readers.recognisers import looks_like_name as looks_like_name
from bot.text.normalize import fold
from knowledge.dossier_schema import DossierKB


class Vocab:
    """Compiled recognition data plus award-name lookups (built once per read)."""

    def __init__(self, kb: DossierKB) -> None:
        self.kb = kb
        self.rec = kb.recognition
        self.patterns = {k: re.compile(v) for k, v in self.rec.patterns.items()}
        self.leader = [re.compile(p) for p in self.rec.leader_positions]
        self.non_leader = [re.compile(p) for p in self.rec.non_leader_positions]
        self.award_lead = re.compile(self.rec.award_lead)
        self.levels = {k: [re.compile(p) for p in v] for k, v in self.rec.levels.items()}
        self.bases = {k: [re.compile(p) for p in v] for k, v in self.rec.bases.items()}
        self.procedures = {k: [re.compile(p) for p in v] for k, v in self.rec.procedures.items()}
        self.recog = Recognisers(self.rec)
        self.collective = re.compile(self.rec.collective_name_raw)
        self._award_cache: dict[str, str | None] = {}
        self._leader_cache: dict[str, bool | None] = {}
        self._period_cache: dict[str, dict[str, dt.date] | None] = {}
        self._yes_no_cache: dict[str, bool | None] = {}

    @cached_property
    def award_aliases(self) -> list[tuple[str, str]]:
        """(folded alias, award id), longest first: the most specific name wins."""
        awards = self.kb.vocabulary.awards
        pairs = [(self.recog.expand(fold(a)), code) for code, names in awards.items()
                 for a in names]
        return sorted(pairs, key=lambda p: len(p[0]), reverse=True)

    def award(self, text: str | None) -> str | None:
        """An award id from free text (exact alias inside the text, else fuzzy)."""
        if not text:
            return None
        if text in self._award_cache:
            return self._award_cache[text]
        folded = self.recog.expand(fold(text))
        found: str | None = None
        if folded in self.kb.vocabulary.awards:
            found = folded
        for alias, code in self.award_aliases:
            if found is None and alias and re.search(rf"\b{re.escape(alias)}\b", folded):
                found = code
        if found is None:
            from bot.text.match import best_matches

            hits = best_matches(text, self.kb.vocabulary.awards, limit=1,
                                cutoff=self.rec.award_match_cutoff)
            found = hits[0].key if hits else None
        self._award_cache[text] = found
        return found

    def is_leader(self, position: str | None) -> bool | None:
        if not position:
            return None
        if position in self._leader_cache:
            return self._leader_cache[position]
        folded = fold(position)
        verdict: bool | None = None
        if any(p.search(folded) for p in self.leader):
            verdict = True
        elif any(p.search(folded) for p in self.non_leader):
            verdict = False
        self._leader_cache[position] = verdict
        return verdict

    def yes_no(self, value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        if value is None:
            return None
        text = str(value)
        if text in self._yes_no_cache:
            return self._yes_no_cache[text]
        folded = fold(text)
        verdict = True if folded in self.rec.yes_words else (
            False if folded in self.rec.no_words else None)
        self._yes_no_cache[text] = verdict
        return verdict

    def period(self, raw: Any) -> dict[str, dt.date] | None:
        """`parse_period`, memoised: a list repeats the same few period texts."""
        if raw is None or raw == "":
            return None
        key = str(raw)
        if key not in self._period_cache:
            self._period_cache[key] = parse_period(key, self)
        found = self._period_cache[key]
        return dict(found) if found is not None else None

    def first_match(self, table: dict[str, list[re.Pattern[str]]], text: str) -> str | None:
        for key, patterns in table.items():
            if any(p.search(text) for p in patterns):
                return key
        return None


def parse_date(raw: str, vocab: Vocab) -> dt.date | None:
    folded = fold(raw)
    for match in vocab.patterns["date_words"].finditer(folded):
        day = _safe_date(match.group(3), match.group(2), match.group(1))
        if day:
            return day
    for match in vocab.patterns["date_numeric_raw"].finditer(raw.lower()):
        day = _safe_date(match.group(3), match.group(2), match.group(1))
        if day:
            return day
    return None


def _safe_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def cell_date(value: Any, vocab: Vocab) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return parse_date(text, vocab)
    return None


def parse_period(raw: str | None, vocab: Vocab) -> dict[str, dt.date] | None:
    """A year, a "from year to year" phrase or "2023-2024" → a period dict."""
    if not raw:
        return None
    folded = fold(str(raw))
    match = vocab.patterns["year_range"].search(folded)
    if match and int(match.group(1)) <= int(match.group(2)):
        first, last = int(match.group(1)), int(match.group(2))
        return {"from": dt.date(first, 1, 1), "to": dt.date(last, 12, 31)}
    years = vocab.patterns["single_year"].findall(folded)
    if len(years) == 1:
        year = int(years[0])
        return {"from": dt.date(year, 1, 1), "to": dt.date(year, 12, 31)}
    return None


def labelled(lines: Sequence[str], labels: Sequence[str]) -> str | None:
    """Value of the first "Label: value" line whose folded label starts with one of `labels`."""
    for line in lines:
        if ":" not in line:
            continue
        head, _, value = line.partition(":")
        folded = fold(head).lstrip("- ").strip()
        folded = re.sub(r"^(\d+|[a-z])\s+", "", folded)
        if any(folded.startswith(label) for label in labels) and value.strip():
            return value.strip().rstrip(";.").strip()
    return None


def _is_position(line: str, vocab: Vocab) -> bool:
    """An upper-case position line in a signature block ("PHÓ GIÁM ĐỐC", "CHỦ TỊCH HỘI")."""
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and vocab.is_leader(line) is True


def signature_state(lines: Sequence[str], role: re.Pattern[str], vocab: Vocab,
                    start: int = 0, breaks: Collection[int] = ()) -> bool | None:
    """True: a name (or a "(Đã ký)" mark) under the role line; False: the role with neither;
    None: no such role, or only a picture under it (a scanned signature cannot be read: the
    officer is asked). Position lines ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"), placeholders
    ("(Ký, ghi rõ họ tên)") and pictures between the role and the name are skipped."""
    found_role = False
    placeholder = vocab.patterns["signed_placeholder"]
    for index in range(len(lines) - 1, start - 1, -1):
        if not role.search(fold(lines[index])):
            continue
        found_role = True
        marked = pictured = False
        for position in range(index + 1, min(index + 7, len(lines))):
            if position in breaks:
                break
            follower = lines[position]
            if follower == PICTURE:
                pictured = True
                continue
            folded = fold(follower)
            if vocab.recog.is_signed_mark(follower):
                marked = True
                continue
            if placeholder.search(folded) or folded.startswith(("tm ", "kt ", "q ", "tl ")):
                continue
            if role.search(folded) or _is_position(follower, vocab):
                continue
            if looks_like_name(follower):
                return True
            break
        if marked:
            return True
        if pictured:
            return None
    return False if found_role else None
