"""Parse and validate the eligibility facts JSON (contracts §2) into typed, immutable `Facts`.

Unknown is not "no": an absent field or `null` stays `None`; a list that is present (even empty)
is complete. Impossible values (14 months worked, a year after `as_of`, negative counts, an
unknown rating) are collected as `FactIssue`s naming the field, e.g.
`years.2024.months_worked: 14 > 12`, and raised together as one `FactsError` — the CLI turns it
into exit 2, the interview into "the same question again".

Extensions to the contract (all optional): `subject.province` (selects a province pack),
`years.<Y>.initiatives` (that year's initiatives, complete for that year — the interview fills it),
`award_history` (`{award_id: [entries]}`, complete for the awards it names; an entry is a year, the
basis then unknown, or `{"year": Y, "basis": …, "earlier_known": false}` — `earlier_known: false`
on a chuyên đề / đột xuất award says the công trạng awards of that kind before it are unknown;
ADR 018), `years.<Y>.not_titles`
(titles known not held that year, the rest unknown), `household` flags,
and `initiatives[].used_for` (the award an initiative already grounded).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from knowledge.loader import KnowledgeBase

NONE = "none"  # `"discipline": "none"` — stated: no discipline that year.
SUBJECT_KINDS = ("individual", "collective", "household")
MEMBER_COUNTS = ("lao_dong_tien_tien", "chien_si_tien_tien", "chien_si_thi_dua_co_so")
COLLECTIVE_FLAGS = (
    "exceeded_targets",
    "internal_solidarity",
    "party_and_mass_orgs_clean_strong",
    "leads_cluster",
    "leads_central_cluster",
    "leads_pm_movement_5y",
)
MAX_COUNT = 1_000_000
# The keys a year of the facts may have (others are named in `warnings`).
_YEAR_KEYS = frozenset({
    "rating",
    "months_worked",
    "maternity_leave",
    "active_in_emulation",
    "titles",
    "not_titles",
    "discipline",
    "members",
    "collective",
    "initiatives",
    "training",
})


@dataclass(frozen=True)
class FactIssue:
    """One impossible or malformed fact: `field` is the dotted path, `key` the error kind."""

    field: str
    key: str
    message: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class FactsError(ValueError):
    """The facts cannot be evaluated; `issues` names every bad field."""

    def __init__(self, issues: list[FactIssue]) -> None:
        super().__init__("; ".join(str(i) for i in issues))
        self.issues = issues


@dataclass(frozen=True)
class Discipline:
    form: str
    decided_on: dt.date | None = None
    ends_on: dt.date | None = None


@dataclass(frozen=True)
class Title:
    award: str
    route: str | None = None


@dataclass(frozen=True)
class Initiative:
    year: int
    kind: str
    scope: str | None
    recognized: bool | None = None
    applied: bool | None = None
    used_for: str | None = None
    title: str | None = None
    # False when the facts gave no `kind` (the interview's counts): read as a sáng kiến, except
    # where sáng kiến and research works must not be mixed (Law 06/2022 Art. 74).
    kind_stated: bool = True


@dataclass(frozen=True)
class AwardFact:
    """A past award as the facts state it (the stored row is `bot.db.models.AwardRecord`).

    `end_year` is the last year of the achievement it rewarded.
    """

    award: str
    year: int | None
    decided_on: dt.date | None = None
    period_from: int | None = None
    period_to: int | None = None
    basis: str | None = None
    revoked: bool | None = None

    @property
    def end_year(self) -> int | None:
        if self.period_to is not None:
            return self.period_to
        if self.year is not None:
            return self.year
        return self.decided_on.year if self.decided_on else None


@dataclass(frozen=True)
class Pending:
    type: str
    opened: dt.date | None = None
    concluded: bool | None = None


@dataclass(frozen=True)
class Members:
    total: int | None = None
    ratings: Mapping[str, int] | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    disciplined: tuple[Discipline, ...] | None = None


@dataclass(frozen=True)
class YearFacts:
    rating: str | None = None
    months_worked: float | None = None
    maternity_leave: tuple[dt.date | None, dt.date | None] | None = None
    active_in_emulation: bool | None = None
    titles: tuple[Title, ...] | None = None
    discipline: Discipline | str | None = None
    members: Members | None = None
    collective: Mapping[str, bool | None] = field(default_factory=dict)
    initiatives: tuple[Initiative, ...] | None = None
    # Titles known not to have been held that year (the interview's "không" to one title; the
    # rest of the year's titles stays unknown).
    not_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubjectFacts:
    kind: str = "individual"
    name: str | None = None
    category: str | None = None
    armed_forces: bool | None = None
    is_leader: bool | None = None
    female: bool | None = None
    service_start: dt.date | None = None
    province: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class Facts:
    """Validated facts about one nominee. `raw` is the normalised input (for generic lookups)."""

    subject: SubjectFacts
    as_of: dt.date
    evaluation_year: int
    issuer: str | None
    years: Mapping[int, YearFacts]
    initiatives: tuple[Initiative, ...] | None
    awards: tuple[AwardFact, ...] | None
    award_history: Mapping[str, tuple[int, ...]]
    pending: tuple[Pending, ...] | None
    other_achievements: Mapping[str, bool | None]
    household: Mapping[str, bool | None]
    raw: Mapping[str, Any]
    warnings: tuple[str, ...] = ()
    # `award_history` as records (with their basis when stated), and per award the year before
    # which its công trạng awards are unknown (`earlier_known: false`).
    history_records: Mapping[str, tuple[AwardFact, ...]] = field(default_factory=dict)
    history_open: Mapping[str, int] = field(default_factory=dict)
    # Views derived from these frozen facts (initiatives by year, …), computed once per history
    # and shared by every criterion and award that reads them (`bot.eligibility.history`).
    memo: dict[Any, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def year(self, year: int) -> YearFacts:
        return self.years.get(year) or _EMPTY_YEAR


_EMPTY_YEAR = YearFacts()
_new = object.__new__
_set = object.__setattr__


class _Parser:
    """Walks the JSON once, converting values and recording every issue with its path."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.vocab = kb.vocabulary
        self.award_ids = set(kb.awards)
        self.issues: list[FactIssue] = []
        self.warnings: list[str] = []
        self.as_of: dt.date | None = None

    def fail(self, path: str, key: str, message: str, **params: Any) -> None:
        self.issues.append(FactIssue(path, key, message, params))

    # ── scalars ────────────────────────────────────────────────────────────────────────────
    def boolean(self, value: Any, path: str) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        self.fail(path, "not_a_boolean", f"{value!r} is not true/false")
        return None

    def integer(self, value: Any, path: str, low: int = 0, high: int = MAX_COUNT) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            self.fail(path, "not_a_number", f"{value!r} is not a whole number")
            return None
        number = int(value)
        if number < low:
            self.fail(
                path,
                "negative" if low == 0 else "out_of_range",
                f"{number} < {low}",
                value=number,
                min=low,
                max=high,
            )
            return None
        if number > high:
            self.fail(path, "out_of_range", f"{number} > {high}", value=number, min=low, max=high)
            return None
        return number

    def decimal(self, value: Any, path: str, low: float, high: float) -> float | None:
        """A number that may have a fraction (5.5 months); "5,5" is read as 5.5."""
        if value is None:
            return None
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        try:
            number = float(value) if not isinstance(value, bool) else None
        except ValueError:
            number = None
        if number is None or number != number:
            self.fail(path, "not_a_number", f"{value!r} is not a number")
            return None
        if number < low:
            self.fail(path, "negative", f"{number:g} < {low:g}", value=number, min=low, max=high)
            return None
        if number > high:
            message = f"{number:g} > {high:g}"
            self.fail(path, "out_of_range", message, value=number, min=low, max=high)
            return None
        return number

    def date(self, value: Any, path: str) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(path, "invalid_date", f"{value!r} is not a YYYY-MM-DD date", value=value)
            return None

    def year(self, value: Any, path: str) -> int | None:
        if value is None:
            return None
        try:
            number = int(str(value))
        except ValueError:
            self.fail(path, "invalid_year", f"{value!r} is not a year", value=value)
            return None
        if not 1945 <= number <= 2100:
            self.fail(path, "invalid_year", f"{number} is not a plausible year", value=number)
            return None
        if self.as_of is not None and number > self.as_of.year:
            self.fail(
                path,
                "future_year",
                f"{number} > {self.as_of.year} (as_of)",
                value=number,
                max=self.as_of.year,
            )
            return None
        return number

    def choice(self, value: Any, path: str, allowed: list[str] | tuple[str, ...]) -> str | None:
        if value is None:
            return None
        if value not in allowed:
            self.fail(
                path,
                "invalid_choice",
                f"{value!r} not in {', '.join(allowed)}",
                value=value,
                allowed=list(allowed),
            )
            return None
        return str(value)

    def mapping(self, value: Any, path: str) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(path, "not_an_object", "expected an object")
            return None
        return value

    def listing(self, value: Any, path: str) -> list[Any] | None:
        if value is None:
            return None
        if not isinstance(value, list):
            self.fail(path, "not_a_list", "expected a list")
            return None
        return value

    def award(self, value: Any, path: str) -> str | None:
        if value not in self.award_ids:
            self.fail(path, "unknown_award", f"unknown award {value!r}", value=value)
            return None
        return str(value)

    def unknown_keys(self, data: Mapping[str, Any], known: AbstractSet[str], path: str) -> None:
        for key in data:
            if key not in known:
                self.warnings.append(f"{path}.{key}" if path else str(key))

    # ── structures ─────────────────────────────────────────────────────────────────────────
    def subject(self, data: Any) -> SubjectFacts:
        raw = self.mapping(data, "subject") or {}
        self.unknown_keys(
            raw,
            {
                "kind",
                "name",
                "category",
                "armed_forces",
                "is_leader",
                "female",
                "service_start",
                "province",
                "sector",
                "cluster",
            },
            "subject",
        )
        kind = self.choice(raw.get("kind", "individual"), "subject.kind", SUBJECT_KINDS)
        start = self.date(raw.get("service_start"), "subject.service_start")
        if start and self.as_of and start > self.as_of:
            self.fail("subject.service_start", "future_date", f"{start} > {self.as_of} (as_of)")
        return SubjectFacts(
            kind=kind or "individual",
            name=raw.get("name") if isinstance(raw.get("name"), str) else None,
            category=raw.get("category"),
            armed_forces=self.boolean(raw.get("armed_forces"), "subject.armed_forces"),
            is_leader=self.boolean(raw.get("is_leader"), "subject.is_leader"),
            female=self.boolean(raw.get("female"), "subject.female"),
            service_start=start,
            province=raw.get("province") if isinstance(raw.get("province"), str) else None,
            sector=raw.get("sector") if isinstance(raw.get("sector"), str) else None,
        )

    def discipline(self, value: Any, path: str) -> Discipline | None:
        raw = self.mapping(value, path)
        if raw is None:
            return None
        form = self.choice(raw.get("form"), f"{path}.form", self.vocab.discipline_forms)
        decided = self.date(raw.get("decided_on"), f"{path}.decided_on")
        ends = self.date(raw.get("ends_on"), f"{path}.ends_on")
        if decided and ends and ends < decided:
            self.fail(f"{path}.ends_on", "inconsistent", f"{ends} is before decided_on {decided}")
        return Discipline(form, decided, ends) if form else None

    def titles(self, value: Any, path: str) -> tuple[Title, ...] | None:
        items = self.listing(value, path)
        if items is None:
            return None
        titles = []
        for i, item in enumerate(items):
            entry = {"award": item} if isinstance(item, str) else self.mapping(item, f"{path}.{i}")
            if entry is None:
                continue
            award = self.award(entry.get("award"), f"{path}.{i}.award")
            route = self.choice(entry.get("route"), f"{path}.{i}.route", self.vocab.title_routes)
            if award:
                title = _new(Title)  # as `Title(award, route)`, filled at once
                _set(title, "__dict__", {"award": award, "route": route})
                titles.append(title)
        return tuple(titles)

    def initiative(self, item: Any, path: str, year: int | None = None) -> Initiative | None:
        raw = self.mapping(item, path)
        if raw is None:
            return None
        when = self.year(raw.get("year", year), f"{path}.year")
        kind = self.choice(
            raw.get("kind", "sang_kien"), f"{path}.kind", self.vocab.initiative_kinds
        )
        scope = self.choice(raw.get("scope"), f"{path}.scope", self.vocab.initiative_scopes)
        used_for = raw.get("used_for")
        if used_for is not None:
            used_for = self.award(used_for, f"{path}.used_for")
        if when is None or kind is None:
            if when is None and raw.get("year", year) is None:
                self.fail(f"{path}.year", "missing", "an initiative needs its year")
            return None
        return Initiative(
            year=when,
            kind=kind,
            scope=scope,
            recognized=self.boolean(raw.get("recognized"), f"{path}.recognized"),
            applied=self.boolean(raw.get("applied"), f"{path}.applied"),
            used_for=used_for,
            title=raw.get("title") if isinstance(raw.get("title"), str) else None,
            kind_stated=raw.get("kind") is not None,
        )

    def members(self, value: Any, path: str) -> Members | None:
        raw = self.mapping(value, path)
        if raw is None:
            return None
        total = self.integer(raw.get("total"), f"{path}.total")
        ratings_raw = self.mapping(raw.get("ratings"), f"{path}.ratings")
        ratings: dict[str, int] | None = None
        if ratings_raw is not None:
            ratings = {}
            for key, count in ratings_raw.items():
                if self.choice(key, f"{path}.ratings.{key}", self.vocab.ratings):
                    number = self.integer(count, f"{path}.ratings.{key}")
                    if number is not None:
                        ratings[key] = number
            if total is not None and sum(ratings.values()) > total:
                self.fail(
                    f"{path}.ratings",
                    "inconsistent",
                    f"{sum(ratings.values())} rated > total {total}",
                )
        counts: dict[str, int] = {}
        for key in MEMBER_COUNTS:
            number = self.integer(raw.get(key), f"{path}.{key}")
            if number is not None:
                if total is not None and number > total:
                    self.fail(
                        f"{path}.{key}",
                        "out_of_range",
                        f"{number} > total {total}",
                        value=number,
                        max=total,
                    )
                    continue
                counts[key] = number
        disciplined_raw = self.listing(raw.get("disciplined"), f"{path}.disciplined")
        disciplined = None
        if disciplined_raw is not None:
            disciplined = tuple(
                d
                for i, item in enumerate(disciplined_raw)
                if (d := self.discipline(item, f"{path}.disciplined.{i}")) is not None
            )
        return Members(total, ratings, counts, disciplined)

    def year_facts(self, year: int, value: Any) -> YearFacts:
        # Absent fields are None (or empty) without a path to name: most years state a few of
        # them, and every history is parsed once per evaluation batch (bench/eligibility.py).
        path = f"years.{year}"
        raw = self.mapping(value, path) or {}
        self.unknown_keys(raw, _YEAR_KEYS, path)
        get = raw.get
        discipline: Discipline | str | None = None
        stated = get("discipline")
        if stated == NONE:
            discipline = NONE
        elif stated is not None:
            discipline = self.discipline(stated, f"{path}.discipline")
            if discipline and discipline.decided_on and discipline.decided_on.year != year:
                self.fail(
                    f"{path}.discipline.decided_on",
                    "inconsistent",
                    f"{discipline.decided_on} is not in {year}",
                )
        maternity = None
        leave_raw = get("maternity_leave")
        leave = None if leave_raw is None else self.mapping(leave_raw, f"{path}.maternity_leave")
        if leave is not None:
            start = self.date(leave.get("from"), f"{path}.maternity_leave.from")
            end = self.date(leave.get("to"), f"{path}.maternity_leave.to")
            if start and end and end < start:
                self.fail(f"{path}.maternity_leave.to", "inconsistent", f"{end} is before {start}")
            maternity = (start, end)
        collective: dict[str, bool | None] = {}
        if get("collective") is not None:
            collective_raw = self.mapping(get("collective"), f"{path}.collective") or {}
            collective = {
                k: self.boolean(v, f"{path}.collective.{k}") for k, v in collective_raw.items()
            }
        initiatives = None
        if get("initiatives") is not None:
            inits_raw = self.listing(get("initiatives"), f"{path}.initiatives")
            if inits_raw is not None:
                initiatives = tuple(
                    item
                    for i, entry in enumerate(inits_raw)
                    if (item := self.initiative(entry, f"{path}.initiatives.{i}", year))
                    is not None
                )
        rating = get("rating")
        months = get("months_worked")
        active = get("active_in_emulation")
        titles = get("titles")
        members = get("members")
        # As `YearFacts(...)`, every field in order, filled at once (not one frozen
        # `__setattr__` per field: seven years a history). Still frozen and equal.
        result = _new(YearFacts)
        _set(result, "__dict__", {
            "rating": None
            if rating is None
            else self.choice(rating, f"{path}.rating", self.vocab.ratings),
            "months_worked": None
            if months is None
            else self.decimal(months, f"{path}.months_worked", 0, 12),
            "maternity_leave": maternity,
            "active_in_emulation": None
            if active is None
            else self.boolean(active, f"{path}.active_in_emulation"),
            "titles": None if titles is None else self.titles(titles, f"{path}.titles"),
            "discipline": discipline,
            "members": None if members is None else self.members(members, f"{path}.members"),
            "collective": collective,
            "initiatives": initiatives,
            "not_titles": () if get("not_titles") is None else self._not_titles(raw, path),
        })
        return result

    def _not_titles(self, raw: Mapping[str, Any], path: str) -> tuple[str, ...]:
        items = self.listing(raw.get("not_titles"), f"{path}.not_titles") or []
        return tuple(
            a for i, item in enumerate(items) if (a := self.award(item, f"{path}.not_titles.{i}"))
        )

    def award_fact(self, item: Any, path: str) -> AwardFact | None:
        raw = self.mapping(item, path)
        if raw is None:
            return None
        award = self.award(raw.get("award"), f"{path}.award")
        year = self.year(raw.get("year"), f"{path}.year")
        period = self.mapping(raw.get("achievement_period"), f"{path}.achievement_period") or {}
        start = self.year(period.get("from"), f"{path}.achievement_period.from")
        end = self.year(period.get("to"), f"{path}.achievement_period.to")
        if start and end and end < start:
            self.fail(f"{path}.achievement_period.to", "inconsistent", f"{end} < {start}")
        basis = self.choice(raw.get("basis"), f"{path}.basis", self.vocab.award_bases)
        decided = self.date(raw.get("decided_on"), f"{path}.decided_on")
        if award is None:
            return None
        return AwardFact(
            award,
            year,
            decided,
            start,
            end,
            basis,
            self.boolean(raw.get("revoked"), f"{path}.revoked"),
        )

    def award_history(
        self, value: Any
    ) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[AwardFact, ...]], dict[str, int]]:
        """`award_history`: per award its entries (a year, or `{"year", "basis",
        "earlier_known"}`) as years, as records, and the year before which its công trạng
        awards are unknown (the earliest entry saying `earlier_known: false`)."""
        years: dict[str, tuple[int, ...]] = {}
        records: dict[str, tuple[AwardFact, ...]] = {}
        opened: dict[str, int] = {}
        for award, entries in (self.mapping(value, "award_history") or {}).items():
            path = f"award_history.{award}"
            items = self.listing(entries, path) if self.award(award, path) else None
            if items is None:
                continue
            found: list[AwardFact] = []
            for i, item in enumerate(items):
                raw = item if isinstance(item, Mapping) else {"year": item}
                year = self.year(raw.get("year"), f"{path}.{i}")
                basis = self.choice(raw.get("basis"), f"{path}.{i}.basis", self.vocab.award_bases)
                earlier = self.boolean(raw.get("earlier_known"), f"{path}.{i}.earlier_known")
                if not year:
                    if raw.get("year") is None:
                        self.fail(f"{path}.{i}.year", "invalid_year", "year is required")
                    continue
                found.append(AwardFact(award, year, basis=basis))
                if earlier is False:
                    opened[award] = min(opened.get(award, year), year)
            years[award] = tuple(r.year for r in found if r.year is not None)
            records[award] = tuple(found)
        return years, records, opened

    def pending(self, value: Any) -> tuple[Pending, ...] | None:
        items = self.listing(value, "pending")
        if items is None:
            return None
        result = []
        for i, item in enumerate(items):
            raw = self.mapping(item, f"pending.{i}")
            if raw is None:
                continue
            kind = self.choice(raw.get("type"), f"pending.{i}.type", self.vocab.pending_types)
            if kind:
                result.append(
                    Pending(
                        kind,
                        self.date(raw.get("opened"), f"pending.{i}.opened"),
                        self.boolean(raw.get("concluded"), f"pending.{i}.concluded"),
                    )
                )
        return tuple(result)

    def flags(
        self, value: Any, path: str, allowed: list[str] | None = None
    ) -> dict[str, bool | None]:
        raw = self.mapping(value, path) or {}
        flags = {}
        for key, flag in raw.items():
            if allowed is not None and key not in allowed:
                self.fail(f"{path}.{key}", "invalid_choice", f"{key!r} not in {', '.join(allowed)}")
                continue
            flags[str(key)] = self.boolean(flag, f"{path}.{key}")
        return flags


def parse_facts(
    kb: KnowledgeBase, data: Mapping[str, Any] | Facts, as_of: dt.date | None = None
) -> Facts:
    """Validate `data` (contracts §2); `as_of` overrides the one in the facts. Raises FactsError."""
    if isinstance(data, Facts):
        return data if as_of is None or as_of == data.as_of else _with_as_of(kb, data, as_of)
    if not isinstance(data, Mapping):
        raise FactsError([FactIssue("", "not_an_object", "facts must be a JSON object")])
    p = _Parser(kb)
    p.as_of = as_of or p.date(data.get("as_of"), "as_of")
    if p.as_of is None:
        if not p.issues:
            p.fail("as_of", "missing_as_of", "as_of is required (the consideration date)")
        raise FactsError(p.issues)
    p.unknown_keys(
        data,
        {
            "subject",
            "as_of",
            "received_on",
            "evaluation_year",
            "issuer",
            "years",
            "initiatives",
            "awards",
            "award_history",
            "pending",
            "other_achievements",
            "household",
            "interview",
        },
        "",
    )
    subject = p.subject(data.get("subject"))
    evaluation_year = p.year(data.get("evaluation_year", p.as_of.year - 1), "evaluation_year")
    years: dict[int, YearFacts] = {}
    for key, value in (p.mapping(data.get("years"), "years") or {}).items():
        year = p.year(key, f"years.{key}")
        if year is not None:
            years[year] = p.year_facts(year, value)
    initiatives = p.listing(data.get("initiatives"), "initiatives")
    awards = p.listing(data.get("awards"), "awards")
    history, records, history_open = p.award_history(data.get("award_history"))
    facts = Facts(
        subject=subject,
        as_of=p.as_of,
        evaluation_year=evaluation_year or p.as_of.year - 1,
        issuer=data.get("issuer") if isinstance(data.get("issuer"), str) else None,
        years=years,
        initiatives=None
        if initiatives is None
        else tuple(
            i
            for n, item in enumerate(initiatives)
            if (i := p.initiative(item, f"initiatives.{n}")) is not None
        ),
        awards=None
        if awards is None
        else tuple(
            a
            for n, item in enumerate(awards)
            if (a := p.award_fact(item, f"awards.{n}")) is not None
        ),
        award_history=history,
        history_records=records,
        history_open=history_open,
        pending=p.pending(data.get("pending")),
        other_achievements=p.flags(
            data.get("other_achievements"), "other_achievements", kb.vocabulary.other_achievements
        ),
        household=p.flags(data.get("household"), "household"),
        raw=data,
        warnings=tuple(p.warnings),
    )
    if p.issues:
        raise FactsError(p.issues)
    return facts


def _with_as_of(kb: KnowledgeBase, facts: Facts, as_of: dt.date) -> Facts:
    raw = dict(facts.raw)
    raw["as_of"] = as_of.isoformat()
    return parse_facts(kb, raw, as_of)
