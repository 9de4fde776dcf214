"""Merge what each file contributed into one manifest: link reports, certificates and votes to
the nominees of the list by folded name (fuzzy for near matches), number nominees N1, N2, …"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz, process

from bot.dossier.readers.documents import Contribution
from bot.dossier.readers.recognisers import VoteReading
from bot.text.normalize import fold

PER_NOMINEE = {"bao_cao_thanh_tich", "bao_cao_tom_tat_thanh_tich", "chung_nhan_sang_kien",
               "xac_nhan_thanh_tich"}
NAME_CUTOFF = 92.0


class _Nominees:
    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.by_fold: dict[str, int] = {}
        self.folded: list[str] = []
        self.keys: dict[str, str] = {}  # name as written → folded (a list's votes repeat them)

    def key(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = fold(name)
        return key

    def find(self, name: str) -> int | None:
        key = self.key(name)
        if key in self.by_fold:
            return self.by_fold[key]
        if not self.folded:
            return None
        hit = process.extractOne(key, self.folded, scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF)
        return hit[2] if hit else None

    def exact(self, name: str) -> int | None:
        """The nominee whose folded name is `name`'s: what `add({"name": name}, link=True)`
        returns for it, without the call (the nominee has its name already)."""
        key = self.keys.get(name)
        return self.by_fold.get(key) if key is not None else None

    def add(self, data: dict[str, Any], link: bool, collective: re.Pattern[str] | None = None
            ) -> int:
        index = self.find(data["name"]) if link else None
        if index is None:
            index = len(self.items)
            if collective is not None and "kind" not in data and collective.search(
                    unicodedata.normalize("NFC", data["name"]).lower()):
                data = {**data, "kind": "collective"}
            self.items.append({"id": f"N{index + 1}", **data})
            key = self.key(data["name"])
            self.by_fold.setdefault(key, index)
            self.folded.append(key)
            return index
        current = self.items[index]
        for key, value in data.items():
            if key == "initiatives" and current.get(key):
                current[key] = list(dict.fromkeys([*current[key], *value]))
            elif current.get(key) is None and value is not None:
                current[key] = value
        return index


def assemble(parts: Sequence[Contribution], collective: re.Pattern[str] | None = None
             ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """(manifest dict, [(question key, file)]) from the contributions, lists first.

    A vote count read anywhere wins over a percentage read elsewhere; a percentage becomes a
    count once the council size is known, else that nominee's vote stays unknown (asked)."""
    ordered = sorted(parts, key=lambda p: 0 if p.component and p.component["type"] == "danh_sach"
                     else 1)
    nominees = _Nominees()
    components: list[dict[str, Any]] = []
    council: dict[str, Any] = {}
    votes: dict[str, dict[str, Any]] = {}
    award: dict[str, Any] = {}
    body: dict[str, Any] = {}
    unknown: list[str] = []
    questions: list[tuple[str, str]] = []
    for part in ordered:
        is_list = bool(part.component and part.component["type"] == "danh_sach")
        for data in part.nominees:
            if data.get("name"):
                nominees.add(data, link=not is_list, collective=collective)
        component = dict(part.component or {})
        if component.get("type") in PER_NOMINEE and part.nominee_name:
            index = nominees.find(part.nominee_name)
            if index is not None:
                component["nominee"] = nominees.items[index]["id"]
        if component:
            components.append(component)
        for name, vote in part.votes.items():
            index = nominees.exact(name)  # a list's own names: no merge, no fuzzy search
            if index is None:
                index = nominees.add({"name": name}, link=True, collective=collective)
            nominee_id = nominees.items[index]["id"]
            current = votes.get(nominee_id)
            if current is None or (current.get("agree") is None
                                   and vote.get("agree") is not None):
                votes[nominee_id] = vote
        for key, value in part.council.items():
            council.setdefault(key, value)
        if part.component and part.component["type"] == "to_trinh":
            for key, value in part.award.items():
                award[key] = value if key not in award or key == "code" else award[key]
        else:
            for key, value in part.award.items():
                award.setdefault(key, value)
        for key, value in part.proposing_body.items():
            body.setdefault(key, value)
        unknown.extend(part.unknown)
        questions.extend((q, part.file) for q in part.questions)
    for nominee_id, vote in votes.items():
        if vote.get("agree") is None:
            reading = VoteReading(None, vote.get("total"), vote.get("percent"))
            agree = reading.resolved(council.get("total_members"))
            if agree is None:
                unknown.append(f"council.votes.{nominee_id}")
            else:
                votes[nominee_id] = {k: v for k, v in vote.items() if k != "percent"}
                votes[nominee_id]["agree"] = agree
    if votes and all(v.get("agree") is not None for v in votes.values()) and all(
            n["id"] in votes for n in nominees.items):
        # The list's vote column (or another file) settled what a biên bản left unread.
        questions = [q for q in questions if q[0] != "council.votes"]
        unknown = [u for u in unknown if u != "council.votes"]
    if "code" not in award:
        codes = {n.get("award") for n in nominees.items}
        if len(codes) == 1 and None not in codes:
            award["code"] = codes.pop()
    if "code" not in award and not any(n.get("award") for n in nominees.items):
        questions.append(("award", ""))
    if not nominees.items and parts:
        questions.append(("nominees", ""))
    manifest: dict[str, Any] = {
        "award": award,
        "components": components,
        "nominees": nominees.items,
        "unknown": sorted(set(unknown)),
    }
    if council or votes:
        manifest["council"] = {**council, "votes": votes}
    if body:
        manifest["proposing_body"] = body
    return manifest, questions
