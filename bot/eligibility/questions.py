"""Interview support: which question to ask next, and how an answer folds into the facts JSON.

`questions_for(kb, award_id, facts, as_of)` evaluates the award and turns the missing facts into
`QuestionSpec`s, most decisive first. Each spec has a stable id (`rating_2024`,
`months_worked_2024`, `initiatives_2024`, `discipline_2024`, `pending_investigation`,
`prior_award_bang_khen_tinh`, …), an answer type with option keys (always including `unknown`)
and `apply(facts_dict, answer) -> facts_dict`, a pure function. Invalid answers raise
`AnswerError` with a key (`invalid_choice`, `not_a_number`, `out_of_range`, `invalid_year`,
`future_year`) so the interview can render the error and ask the same question again.
Question wording is data (`knowledge/interview/questions.yaml`).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.eligibility.engine import Verdict, parsed_facts, verdict_of
from bot.eligibility.facts import Facts
from bot.eligibility.rules import EligibilityError
from bot.text.answers import match_option, parse_counts, parse_number
from bot.text.normalize import fold
from knowledge.loader import KnowledgeBase
from knowledge.schema import QuestionDef

UNKNOWN = "unknown"
# The question that replaces an unregistered province or sector id (EligibilityError key → id).
REGION_QUESTIONS = {"unknown_province": "province", "unknown_sector": "sector"}
YES, NO = "yes", "no"
NONE_COUNTS = "none"
# Typed words (folded: no diacritics, lower case) for "không rõ", "có", "không".
UNKNOWN_WORDS = frozenset({"unknown", "khong ro", "chua ro", "khong biet", "chua biet"})
YES_WORDS = frozenset({"yes", "co", "dung", "co a"})
NO_WORDS = frozenset({"no", "khong", "khong co", "chua", "khong a"})
_COUNTS = re.compile(r"[a-z_]+:\d+(,[a-z_]+:\d+)*")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_PATTERNS = {
    "year": r"(?P<year>\d{4})",
    "award": r"(?P<award>[a-z0-9_]+)",
    "key": r"(?P<key>[a-z0-9_]+)",
}


class AnswerError(ValueError):
    """An answer the question cannot take; `key` names the error template."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class QuestionSpec:
    """One concrete question: id, answer type, options (key → Vietnamese label), bounds, the fact
    it fills, and its wording."""

    id: str
    answer: str
    text: str
    fact: str
    options: Mapping[str, str] = field(default_factory=dict)
    min: int | None = None
    max: int | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    def validate(self, answer: Any, as_of: dt.date) -> Any:
        """The answer normalised (`unknown`, an option key, a number, counts), or AnswerError.
        Typed text is read as the officer writes it: a button label with or without diacritics,
        "12 tháng" or "mười hai" for a number, "2 cơ sở, 1 tỉnh" for counts."""
        if answer is None or answer == UNKNOWN:
            return UNKNOWN
        if isinstance(answer, str) and fold(answer) in UNKNOWN_WORDS:
            return UNKNOWN
        if self.answer == "yes_no":
            word = fold(answer) if isinstance(answer, str) else answer
            if answer is True or word in YES_WORDS:
                return True
            if answer is False or word in NO_WORDS:
                return False
            raise AnswerError("invalid_choice", allowed=[YES, NO, UNKNOWN])
        if self.answer == "choice":
            if answer in self.options:
                return answer
            key = match_option(str(answer), self.options)
            if key is None:
                raise AnswerError("invalid_choice", allowed=[*self.options, UNKNOWN])
            return key
        if self.answer == "counts":
            return self._counts(answer)
        if self.answer == "year" and answer in self.options:
            return answer
        if self.answer == "year" and isinstance(answer, str):
            key = match_option(answer, self.options)
            if key is not None:
                return key
        value = answer if isinstance(answer, int | float) else parse_number(str(answer))
        if value is None or isinstance(value, bool):
            raise AnswerError("invalid_year" if self.answer == "year" else "not_a_number")
        if self.answer != "number" and value != int(value):
            raise AnswerError("invalid_year" if self.answer == "year" else "not_a_number")
        number: int | float = int(value) if value == int(value) else float(value)
        if self.answer == "year":
            if number > as_of.year:
                raise AnswerError("future_year", max=as_of.year)
            if number < 1945:
                raise AnswerError("invalid_year")
            bound = self.params.get("year")
            if bound is not None and number > int(bound):  # a công trạng award before that one
                raise AnswerError("year_after", max=int(bound))
            return number
        if (self.min is not None and number < self.min) or (
            self.max is not None and number > self.max
        ):
            raise AnswerError("out_of_range", min=self.min, max=self.max)
        return number

    def _counts(self, answer: Any) -> str:
        """Counts per option as the stored answer `co_so:2,bo_nganh_tinh:1` (`none` for none)."""
        text = str(answer)
        if text == NONE_COUNTS:
            return NONE_COUNTS
        if _COUNTS.fullmatch(text):
            counts = {k: int(v) for k, v in (item.split(":") for item in text.split(","))}
        else:
            parsed = parse_counts(text, self.options)
            if parsed is None:
                raise AnswerError("invalid_counts", allowed=list(self.options))
            counts = parsed
        if any(k not in self.options for k in counts) or any(
            self.max is not None and v > self.max for v in counts.values()
        ):
            raise AnswerError("invalid_counts", allowed=list(self.options))
        kept = {k: v for k, v in counts.items() if v > 0}
        return ",".join(f"{k}:{v}" for k, v in kept.items()) if kept else NONE_COUNTS

    def apply(
        self, facts: Mapping[str, Any], answer: Any, as_of: dt.date | None = None
    ) -> dict[str, Any]:
        """A new facts dict with the answer folded in (the input is not modified)."""
        result: dict[str, Any] = copy.deepcopy(dict(facts))
        self.fold_into(result, answer, as_of)
        return result

    def fold_into(self, facts: dict[str, Any], answer: Any, as_of: dt.date | None = None) -> None:
        """`apply` in place, for a facts dict the caller owns (replaying many answers)."""
        day = as_of or dt.date.fromisoformat(str(facts.get("as_of")))
        _fold(facts, self.fact, self.validate(answer, day), self.params)


def questions_for(
    kb: KnowledgeBase,
    award_id: str,
    facts: Facts | Mapping[str, Any],
    as_of: dt.date | None = None,
    *,
    province: str | None = None,
    answered: Collection[str] = (),
) -> list[QuestionSpec]:
    """Still-missing facts of `award_id` as questions, most decisive first; questions already
    answered (even "không rõ") are not asked again."""
    return questions_and_verdict(
        kb, award_id, facts, as_of, province=province, answered=answered
    )[0]


def questions_and_verdict(
    kb: KnowledgeBase,
    award_id: str,
    facts: Facts | Mapping[str, Any],
    as_of: dt.date | None = None,
    *,
    province: str | None = None,
    answered: Collection[str] = (),
) -> tuple[list[QuestionSpec], Verdict | None]:
    """`questions_for`, and the verdict (without its `next` step) that decided them: with no
    question left it is the answer, handed to whoever shows it instead of judged again. None
    when a region question is asked instead of a verdict."""
    parsed = parsed_facts(kb, facts, as_of)  # the same facts the verdict screen then reads
    try:
        verdict = verdict_of(kb, award_id, parsed, province=province)
    except EligibilityError as error:
        return [_region_question(kb, error, parsed)], None
    specs: list[QuestionSpec] = []
    seen: set[str] = set(answered)
    for ask in verdict.asks:
        spec = question_for_fact(kb, ask, parsed.subject.kind)
        if spec is not None and spec.id not in seen:
            seen.add(spec.id)
            specs.append(spec)
    return specs, verdict


def _region_question(kb: KnowledgeBase, error: EligibilityError, parsed: Facts) -> QuestionSpec:
    """An unregistered province or sector is asked again, never guessed (issue 11)."""
    region = REGION_QUESTIONS.get(error.key)
    spec = question_by_id(kb, region, parsed.subject.kind) if region else None
    if spec is None:
        raise error
    words = {k: str(v) for k, v in error.params.items()}
    text = kb.notices[f"question_{error.key}"].format(question=spec.text, **words)
    return dataclasses.replace(spec, text=text)


def question_for_fact(
    kb: KnowledgeBase, fact: str, subject_kind: str = "individual"
) -> QuestionSpec | None:
    """The question that fills `fact` (a concrete path such as `years.2024.rating`)."""
    for definition, pattern in _compiled(kb):
        match = pattern.fullmatch(fact)
        if match:
            return _spec(kb, definition, match.groupdict(), subject_kind)
    return None


def question_by_id(
    kb: KnowledgeBase, question_id: str, subject_kind: str = "individual"
) -> QuestionSpec | None:
    """Rebuild a question from its id (for replaying stored answers; remembered per id)."""
    key = (id(kb), question_id, subject_kind)
    if key not in _BY_ID:
        _BY_ID[key] = None
        for definition in kb.questions.values():
            match = _id_regex(definition.id).fullmatch(question_id)
            if match:
                _BY_ID[key] = _spec(kb, definition, match.groupdict(), subject_kind)
                break
    return _BY_ID[key]


_BY_ID: dict[tuple[int, str, str], QuestionSpec | None] = {}


def _id_regex(template: str) -> re.Pattern[str]:
    if template not in _ID_REGEX:
        _ID_REGEX[template] = _to_regex(template)
    return _ID_REGEX[template]


_ID_REGEX: dict[str, re.Pattern[str]] = {}


def _spec(
    kb: KnowledgeBase, definition: QuestionDef, params: dict[str, str], kind: str
) -> QuestionSpec:
    words = {
        "year": params.get("year", ""),
        "award_name": kb.awards[params["award"]].name if params.get("award") in kb.awards else "",
        "key_label": kb.labels.get(params.get("key", ""), params.get("key", "")),
        "subject": kb.labels.get(f"subject_{kind}", ""),
    }
    return QuestionSpec(
        id=_fill(definition.id, params),
        answer=definition.answer,
        text=_fill(definition.text, words),
        fact=_fill(definition.fact, params),
        options=dict(definition.options),
        min=definition.min,
        max=definition.max,
        params=params,
    )


def _fill(template: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def _to_regex(template: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else _PATTERNS.get(part, rf"(?P<{part}>[a-z0-9_]+)")
        for i, part in enumerate(parts)
    )
    return re.compile(regex)


_REGISTRY: dict[int, list[tuple[QuestionDef, re.Pattern[str]]]] = {}


def _compiled(kb: KnowledgeBase) -> list[tuple[QuestionDef, re.Pattern[str]]]:
    key = id(kb)
    if key not in _REGISTRY:
        _REGISTRY[key] = [(d, _to_regex(d.fact)) for d in kb.questions.values()]
    return _REGISTRY[key]


# ── folding an answer into the facts JSON ─────────────────────────────────────────────────


def _fold(facts: dict[str, Any], fact: str, value: Any, params: Mapping[str, str]) -> None:
    parts = fact.split(".")
    if parts[0] == "years":
        year_entry = facts.setdefault("years", {}).setdefault(parts[1], {})
        _fold_year(year_entry, parts[2:], value, params)
    elif fact == "pending":
        if value == UNKNOWN:
            facts.pop("pending", None)
        else:
            facts["pending"] = [{"type": "xem_xet_ky_luat", "concluded": False}] if value else []
    elif parts[0] == "award_history" and len(parts) == 4:
        _fold_award_detail(facts, parts[1], int(parts[2]), parts[3], value)
    elif parts[0] == "award_history":
        award = parts[1]
        history = facts.setdefault("award_history", {})
        records = facts.get("awards")
        if isinstance(records, list) and any(_award_of(r) == award for r in records):
            # Correcting the records: this award's entries give way to the answer.
            facts["awards"] = [r for r in records if _award_of(r) != award]
            if value == UNKNOWN:
                # The other awards stay known (award_history is complete for those it names).
                for record in facts.pop("awards"):
                    year = _end_year(record)
                    if year is not None:
                        basis = record.get("basis")
                        entry = {"year": year, "basis": basis} if basis else year
                        history.setdefault(_award_of(record), []).append(entry)
        if value == UNKNOWN:
            history.pop(award, None)
        else:
            history[award] = [] if value == "never" else [int(value)]
    else:
        _set(facts, parts, value)


def _fold_award_detail(
    facts: dict[str, Any], award: str, year: int, detail: str, value: Any
) -> None:
    """The basis of the award of `year` (`basis`), or the latest công trạng award before a
    chuyên đề or đột xuất one (`merit_before`). Records of the unit (`awards`) take the basis
    for this interview; the interview's own answers (`award_history`) become entries."""
    history = facts.get("award_history") or {}
    found = history.get(award)
    entries: list[Any] = found if isinstance(found, list) else []
    records = [
        r for r in facts.get("awards") or [] if _award_of(r) == award and _end_year(r) == year
    ]
    at = [i for i, e in enumerate(entries) if _entry_year(e) == year]
    if detail == "basis":
        for record in records:
            if value == UNKNOWN:
                record.pop("basis", None)
            else:
                record["basis"] = value
        for i in at:
            entry = {"year": year}
            if value != UNKNOWN:
                entry["basis"] = value
            if value in NON_MERIT_ANSWERS:
                # The latest award was not for công trạng: the công trạng ones before it
                # are unknown until asked.
                entry["earlier_known"] = False
            entries[i] = entry
    elif detail == "merit_before" and value != UNKNOWN:
        for i in at:
            if isinstance(entries[i], dict):
                entries[i].pop("earlier_known", None)
        if value != "never" and at:
            entries.append({"year": int(value), "basis": "cong_trang"})


# The answers to the basis question that cannot ground a merit award (vocabulary
# `non_merit_bases`; the question's options).
NON_MERIT_ANSWERS = frozenset({"chuyen_de", "dot_xuat"})


def _entry_year(entry: Any) -> int | None:
    year = entry.get("year") if isinstance(entry, dict) else entry
    return year if isinstance(year, int) else None


def _end_year(record: Any) -> int | None:
    """The last achievement year of an `awards` record (as `AwardFact.end_year`)."""
    if not isinstance(record, dict):
        return None
    period = record.get("achievement_period")
    if isinstance(period, dict) and isinstance(period.get("to"), int):
        return int(period["to"])
    if isinstance(record.get("year"), int):
        return int(record["year"])
    decided = record.get("decided_on")
    if isinstance(decided, str) and len(decided) >= 4 and decided[:4].isdigit():
        return int(decided[:4])
    return None


def _fold_year(
    entry: dict[str, Any], rest: list[str], value: Any, params: Mapping[str, str]
) -> None:
    head = rest[0]
    if head == "discipline":
        if value == UNKNOWN:
            entry.pop("discipline", None)
        else:
            entry["discipline"] = "none" if value == "none" else {"form": value}
    elif head == "initiatives":
        if value == UNKNOWN:
            entry.pop("initiatives", None)
        else:
            entry["initiatives"] = [
                {"scope": scope, "recognized": True, "applied": True}
                for scope, count in _counted(value)
                for _ in range(count)
            ]
    elif head == "titles" and rest[2:] == ["route"]:
        award = params["award"]
        for title in entry.get("titles") or []:
            if isinstance(title, dict) and title.get("award") == award:
                if value == UNKNOWN:
                    title.pop("route", None)
                else:
                    title["route"] = value
    elif head == "titles":
        award = params["award"]
        titles = [
            t
            for t in entry.get("titles") or []
            if (t if isinstance(t, str) else t.get("award")) != award
        ]
        not_held = [a for a in entry.get("not_titles") or [] if a != award]
        if value is True:
            entry["titles"] = [*titles, {"award": award}]
        elif value is False and "titles" in entry:
            entry["titles"] = titles  # a complete list from the records stays complete
        elif value is False:
            not_held.append(award)  # only this title is known not held; the others stay unknown
        if not_held:
            entry["not_titles"] = not_held
        else:
            entry.pop("not_titles", None)
    elif rest == ["members", "disciplined"]:
        members = entry.setdefault("members", {})
        if value == UNKNOWN:
            members.pop("disciplined", None)
        else:
            members["disciplined"] = [{"form": "canh_cao"}] if value else []
    else:
        _set(entry, rest, value)


def _set(node: dict[str, Any], parts: list[str], value: Any) -> None:
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if value == UNKNOWN:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value


def _counted(value: str) -> list[tuple[str, int]]:
    """`co_so:2,toan_quoc:1` → [("co_so", 2), ("toan_quoc", 1)]; an option key alone (answers
    stored before counts existed) is one; `none` is none."""
    if value == NONE_COUNTS:
        return []
    if ":" not in value:
        return [(value, 1)]
    return [(k, int(v)) for k, v in (item.split(":") for item in value.split(","))]


def _award_of(record: Any) -> str | None:
    return record.get("award") if isinstance(record, dict) else None
