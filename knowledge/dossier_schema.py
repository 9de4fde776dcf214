"""Schema and loader for the dossier rules in `knowledge/dossier/*.yaml`.

The dossier checker (`bot/dossier`) asks this module which components an award needs on a given
day, which signatures each component carries, which council vote applies, which legal bases are
outdated… Every rule is a dated, cited entry (`knowledge.common.Ruled`); a province or sector pack
overrides the national entry by giving the same `key` a `scope` (e.g. `sector:ngan_hang`).
The loader refuses unknown keys, missing citations, overlapping dates, and an `error` severity on
a LOW-confidence rule (LOW is overridable data, never a hard rule).

Reader vocabulary (recognition keywords, column headers, regexes) lives in
`knowledge/dossier/recognition.yaml`: it is not law, so it carries no citation.

`load_dossier_kb` reads this folder only; `knowledge.loader` then completes the `DossierKB` with
what it shares with the eligibility engine — the one rule-set registry (`rule_sets/`), the
authorities and the default discipline terms — so the checker and the engine never disagree on
which regime, which issuer or which term applies on a day.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from knowledge.common import (
    Citation,
    Confidence,
    OverlappingDates,
    Ruled,
    Strict,
    check_no_overlap,
)
from knowledge.schema import Authority, DisciplineTerm, RuleSet

BASES = ("cong_trang", "chuyen_de", "dot_xuat", "qua_trinh_cong_hien", "nien_han", "doi_ngoai")
PROCEDURES = ("regular", "simplified")


class Severity(StrEnum):
    """How bad a finding is (contracts §3)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class DossierKnowledgeError(ValueError):
    """A dossier rule file is missing, malformed or contradicts itself."""

    def __init__(self, file: str, detail: str) -> None:
        super().__init__(f"{file}: {detail}")
        self.file = file
        self.detail = detail


class Rule(Ruled):
    """A dated, cited rule with a stable `key`; `scope` marks a province/sector override."""

    key: str
    scope: str | None = None
    severity: Severity = Severity.ERROR

    @model_validator(mode="after")
    def _low_is_never_an_error(self) -> Rule:
        if self.confidence is Confidence.LOW and self.severity is Severity.ERROR:
            raise ValueError(f"{self.key}: a LOW-confidence rule cannot have severity 'error'")
        return self


class ComponentNeed(Strict):
    """One required component: `type`, or any of `any_of`; once per dossier or per nominee.

    `by_route`: needed only when the nominee's route (the basis the eligibility engine finds met,
    or the only ones left) rests on an initiative, a study or a feat (e.g. the certificate of an
    initiative: a Chiến sĩ thi đua cơ sở earned by the HTXS route needs none)."""

    type: str
    any_of: list[str] = Field(default_factory=list)
    per_nominee: bool = False
    by_route: bool = False
    severity: Severity = Severity.ERROR
    note: str | None = None

    def accepted_types(self) -> set[str]:
        return {self.type, *self.any_of}


class ComponentRule(Rule):
    """Components an award needs for given bases and procedures (empty `bases` = any basis)."""

    awards: list[str]
    bases: list[str] = Field(default_factory=list)
    procedures: list[str]
    components: list[ComponentNeed]


class SignatureNeed(Strict):
    """A boolean field of a component that must be true, and the finding kind when it is false."""

    field: str
    kind: Literal["unsigned", "not_certified"]
    severity: Severity = Severity.ERROR


class SignatureRule(Rule):
    """Signature and certification blocks a component type must carry."""

    component_types: list[str]
    needs: list[SignatureNeed]


class Threshold(Strict):
    """Minimum share of votes in favour, counted on the council's total membership or present."""

    min_ratio: float = Field(gt=0, le=1)
    base: Literal["total_members", "present"] = "total_members"
    citation: Citation
    confidence: Confidence


class VoteRule(Rule):
    """A council ballot the dossier must show for these awards, and its threshold if known."""

    awards: list[str]
    procedures: list[str] = Field(default_factory=lambda: ["regular"])
    threshold: Threshold | None = None


class QuotaRule(Rule):
    """At most `max_ratio` × (number of `relative_to` holders in the unit) nominees for `award`."""

    award: str
    relative_to: str
    max_ratio: float = Field(gt=0, le=1)


class OutdatedBasis(Rule):
    """A legal text no longer in force from `effective_from`; `patterns` match folded text."""

    label: str
    patterns: list[str]
    replaced_by: str


class AbolishedLevel(Rule):
    """A proposing level (`unit`, `xa`, `huyen`…) that no longer exists from `effective_from`."""

    level: str


class BasisRule(Rule):
    """Results of `excluded_bases` awards cannot ground a proposal on `for_bases`."""

    excluded_bases: list[str]
    for_bases: list[str]


class LateRule(Rule):
    """Late submission against the campaign deadline; never for the exempt procedures/bases."""

    exempt_procedures: list[str]
    exempt_bases: list[str]


class StandingDeadline(Rule):
    """A province's own yearly submission deadline (no campaign letter needed), e.g. Bắc Ninh QĐ
    86/2025 Art. 6: year-end dossiers reach Sở Nội vụ before 10/12, education before 10/07.

    Applies to dossiers of `bases` (award bases) whose proposing body's sector is in `sectors`
    (empty = every sector no other entry names). The deadline falls in the year the counted
    achievement period ends (else the year of receipt). `days_before_event` is a rule counted
    from a conference date (data; checked once manifests carry that date)."""

    bases: list[str] = Field(default_factory=list)
    sectors: list[str] = Field(default_factory=list)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    days_before_event: int | None = Field(default=None, ge=1)

    def deadline_in(self, year: int) -> dt.date | None:
        if self.month is None or self.day is None:
            return None
        return dt.date(year, self.month, self.day)


class QuorumRule(Rule):
    """The council of a proposing body at one of `levels` must have at least `min_present_ratio`
    of its members present when it considers awards (absent members give written opinions),
    e.g. Bắc Ninh QĐ 86/2025 Art. 8.4.b for the provincial council: 80 %."""

    levels: list[str]
    min_present_ratio: float = Field(gt=0, le=1)


class ShareRule(Rule):
    """Warn when leaders are more than `max_share` of at least `min_nominees` nominees."""

    max_share: float = Field(gt=0, le=1)
    min_nominees: int = Field(ge=1)


class SimilarityRule(Rule):
    """Two texts/names scoring at least `min_score` (rapidfuzz, 0..100) count as the same."""

    min_score: float = Field(gt=0, le=100)
    min_chars: int = 0


class PlainRule(Rule):
    """A principle with no parameters beyond its citation (discipline, already rewarded…)."""


class RequiredBasis(Rule):
    """A text the "Căn cứ" of a tờ trình must name from a date (`required_bases.yaml`)."""

    label: str
    patterns: list[str]


Kind = Literal["individual", "collective"]


class BlankForm(Strict):
    """One blank form of `forms.yaml`: which template and variant /mau sends for a component."""

    key: str
    component: Literal["to_trinh", "bao_cao_thanh_tich"]
    awards: list[str] = Field(default_factory=list)
    kinds: list[Kind] = Field(default_factory=list)
    bases: list[str] = Field(default_factory=list)
    template: Literal["to_trinh", "bao_cao_thanh_tich"]
    variant: str
    form: str | None
    citation: Citation
    confidence: Confidence

    @model_validator(mode="after")
    def _known_bases(self) -> BlankForm:
        unknown = set(self.bases) - set(BASES)
        if unknown:
            raise ValueError(f"{self.key}: unknown bases {sorted(unknown)}")
        return self

    @property
    def collective(self) -> bool:
        return self.variant in ("tap_the", "tap_the_co")


class BlankForms(Strict):
    """Which blank form /mau sends (issue 13.5): the tờ trình and the báo cáo thành tích depend
    on the award, the nominee kind and the basis; the first entry whose filters match wins."""

    forms: list[BlankForm]

    def choose(self, component: str, award: str | None, kind: str | None, basis: str | None,
               expand: Callable[[Iterable[str]], set[str]] | None = None) -> BlankForm:
        """The first form for `component` whose awards, kinds and bases admit the proposal.

        `expand` turns an entry's award names (`@group` included) into award ids (the
        DossierKB's `expand`); a kind not known is taken as individual; an unknown award or
        basis matches only the entries that do not filter on it.
        """
        kind = kind or "individual"
        for entry in self.forms:
            if entry.component != component:
                continue
            if entry.awards and award not in (expand(entry.awards) if expand
                                              else set(entry.awards)):
                continue
            if entry.kinds and kind not in entry.kinds:
                continue
            if entry.bases and basis not in entry.bases:
                continue
            return entry
        raise LookupError(component)


class DossierVocabulary(Strict):
    """Vietnamese names of component types, levels and awards (words live in data)."""

    components: dict[str, str]
    levels: dict[str, str]
    bases: dict[str, str]
    procedures: dict[str, str]
    awards: dict[str, list[str]]


class Recognition(BaseModel):
    """Reader vocabulary: what identifies each document and where each field is (folded text)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    documents: dict[str, DocumentSignature]
    list_columns: dict[str, list[str]]
    header_min_matches: int = 2
    leader_positions: list[str]
    non_leader_positions: list[str]
    patterns: dict[str, str]
    yes_words: list[str]
    no_words: list[str]
    levels: dict[str, list[str]]
    bases: dict[str, list[str]]
    procedures: dict[str, list[str]]
    labels: dict[str, list[str]]
    award_lead: str
    award_match_cutoff: float = 88
    abbreviations: dict[str, str] = Field(default_factory=dict)
    award_phrases: dict[str, list[str]] = Field(default_factory=dict)
    signed_marks: list[str] = Field(default_factory=list)
    vote_lines: list[str] = Field(default_factory=list)
    vote_cells: list[str] = Field(default_factory=list)
    name_prefix: str = "^$"
    name_end: str = "$"
    collective_name_raw: str = "^$"


class DocumentSignature(Strict):
    """A document kind: any of `title` must occur near the top; `keywords` add evidence."""

    component: str
    title: list[str]
    keywords: list[str] = Field(default_factory=list)
    priority: int = 0


Recognition.model_rebuild()

R = TypeVar("R", bound=Rule)


class DossierKB(Strict):
    """All dossier rules, plus helpers that pick the entry in force on a day for a scope."""

    groups: dict[str, list[str]]
    components: list[ComponentRule]
    signatures: list[SignatureRule]
    votes: list[VoteRule]
    quotas: list[QuotaRule]
    outdated_bases: list[OutdatedBasis]
    abolished_levels: list[AbolishedLevel]
    ineligible_basis: list[BasisRule]
    late_submission: list[LateRule]
    standing_deadline: list[StandingDeadline] = Field(default_factory=list)
    council_quorum: list[QuorumRule] = Field(default_factory=list)
    leader_share: list[ShareRule]
    copied_report: list[SimilarityRule]
    duplicate_nominee: list[SimilarityRule]
    discipline: list[PlainRule]
    already_rewarded: list[PlainRule]
    vocabulary: DossierVocabulary
    recognition: Recognition
    forms: BlankForms
    required_bases: list[RequiredBasis] = Field(default_factory=list)
    # Shared with the eligibility engine, filled in by `knowledge.loader` (not read here).
    rule_sets: list[RuleSet] = Field(default_factory=list)
    authorities: dict[str, Authority] = Field(default_factory=dict)
    discipline_terms: list[DisciplineTerm] = Field(default_factory=list)

    def expand(self, names: Iterable[str]) -> set[str]:
        """Award ids named directly or through `@group`."""
        out: set[str] = set()
        for name in names:
            if name.startswith("@"):
                out.update(self.groups.get(name[1:], []))
            else:
                out.add(name)
        return out

    def rule_set(self, day: dt.date) -> str:
        """The id of the regime in force on `day` (the shared registry), "unknown" before it."""
        for entry in self.rule_sets:
            if entry.applies_on(day):
                return entry.id
        return "unknown"

    def in_force(self, rules: Sequence[R], day: dt.date, scopes: Sequence[str] = ()) -> list[R]:
        """Entries in force on `day`; a scoped entry replaces the national one of the same key."""
        chosen: dict[str, R] = {}
        rank: dict[str, int] = {}
        order = [*scopes, None]
        for rule in rules:
            if not rule.applies_on(day) or rule.scope not in order:
                continue
            position = order.index(rule.scope)
            if rule.key not in chosen or position < rank[rule.key]:
                chosen[rule.key], rank[rule.key] = rule, position
        return list(chosen.values())

    def first(self, rules: Sequence[R], day: dt.date, scopes: Sequence[str] = ()) -> R | None:
        found = self.in_force(rules, day, scopes)
        return found[0] if found else None

    def components_for(
        self, award: str, basis: str, procedure: str, day: dt.date, scopes: Sequence[str] = ()
    ) -> ComponentRule | None:
        """The component checklist for an award × basis × procedure on `day`."""
        for rule in self.in_force(self.components, day, scopes):
            if (
                award in self.expand(rule.awards)
                and procedure in rule.procedures
                and (not rule.bases or basis in rule.bases)
            ):
                return rule
        return None

    def vote_for(
        self, award: str, procedure: str, day: dt.date, scopes: Sequence[str] = ()
    ) -> VoteRule | None:
        for rule in self.in_force(self.votes, day, scopes):
            if award in self.expand(rule.awards) and procedure in rule.procedures:
                return rule
        return None

    def award_names(self) -> dict[str, list[str]]:
        return dict(self.vocabulary.awards)


_FILES: dict[str, str] = {
    "groups": "groups.yaml",
    "components": "components.yaml",
    "signatures": "signatures.yaml",
    "votes": "votes.yaml",
    "quotas": "quotas.yaml",
    "outdated_bases": "legal_bases.yaml",
    "abolished_levels": "levels.yaml",
    "vocabulary": "vocabulary.yaml",
    "recognition": "recognition.yaml",
    "forms": "forms.yaml",
}
REQUIRED_BASES = "required_bases.yaml"
_PRINCIPLES = (
    "ineligible_basis",
    "late_submission",
    "standing_deadline",
    "council_quorum",
    "leader_share",
    "copied_report",
    "duplicate_nominee",
    "discipline",
    "already_rewarded",
)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise DossierKnowledgeError(path.name, "file not found") from None
    except yaml.YAMLError as exc:
        raise DossierKnowledgeError(path.name, f"not valid YAML: {exc}") from None


def load_dossier_kb(directory: Path) -> DossierKB:
    """Read and validate every dossier rule file; raise DossierKnowledgeError naming the file."""
    raw: dict[str, Any] = {}
    for field_name, file_name in _FILES.items():
        raw[field_name] = _read_yaml(directory / file_name)
    if (directory / REQUIRED_BASES).is_file():
        raw["required_bases"] = _read_yaml(directory / REQUIRED_BASES) or []
    principles = _read_yaml(directory / "principles.yaml") or {}
    if not isinstance(principles, dict):
        raise DossierKnowledgeError("principles.yaml", "expected a mapping of rule lists")
    unknown = set(principles) - set(_PRINCIPLES)
    if unknown:
        raise DossierKnowledgeError("principles.yaml", f"unknown sections: {sorted(unknown)}")
    for name in _PRINCIPLES:
        raw[name] = principles.get(name, [])
    try:
        kb = DossierKB.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        section = str(first["loc"][0]) if first["loc"] else ""
        file_name = {**_FILES, "required_bases": REQUIRED_BASES}.get(section, "principles.yaml")
        raise DossierKnowledgeError(file_name, f"{where}: {first['msg']}") from None
    _check_consistency(kb)
    _check_forms(kb.forms)
    return kb


def _check_forms(forms: BlankForms) -> None:
    """Every component × kind × basis has a form (a /mau request never finds none)."""
    for component in ("to_trinh", "bao_cao_thanh_tich"):
        for kind in ("individual", "collective"):
            for basis in (*BASES, None):
                try:
                    forms.choose(component, None, kind, basis)
                except LookupError:
                    raise DossierKnowledgeError(
                        _FILES["forms"], f"no {component} form for a {kind} nominee, basis {basis}"
                    ) from None


def _check_consistency(kb: DossierKB) -> None:
    """No two entries of one key and scope overlap; no award checklist is ambiguous on a day."""
    sections: list[tuple[str, Sequence[Rule]]] = [
        (name, getattr(kb, name))
        for name in ("components", "signatures", "votes", "quotas", "outdated_bases",
                     "abolished_levels", *_PRINCIPLES)
    ]
    for name, rules in sections:
        keyed = sorted(rules, key=lambda r: (r.key, r.scope or ""))
        for (key, scope), group in itertools.groupby(keyed, key=lambda r: (r.key, r.scope)):
            try:
                check_no_overlap(list(group), f"{name}:{key}:{scope or 'national'}")
            except OverlappingDates as exc:
                raise DossierKnowledgeError(_FILES.get(name, "principles.yaml"), str(exc)) from None
    for group_name in kb.groups:
        if group_name.startswith("@"):
            raise DossierKnowledgeError("groups.yaml", f"group name starts with @: {group_name}")
    slots: dict[tuple[str, str, str, str], list[ComponentRule]] = {}
    for rule in kb.components:
        bad = set(rule.procedures) - set(PROCEDURES)
        if bad:
            raise DossierKnowledgeError("components.yaml", f"{rule.key}: unknown procedures {bad}")
        for award in kb.expand(rule.awards):
            for basis in rule.bases or BASES:
                for procedure in rule.procedures:
                    slots.setdefault((award, basis, procedure, rule.scope or ""), []).append(rule)
    for (award, basis, procedure, scope), rules in slots.items():
        try:
            check_no_overlap(rules, f"components {award}/{basis}/{procedure}/{scope or 'national'}")
        except OverlappingDates as exc:
            raise DossierKnowledgeError("components.yaml", str(exc)) from None
