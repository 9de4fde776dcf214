"""Typed schema of the eligibility knowledge: award catalogue, rule sets, criteria, province packs.

Everything here is strict (unknown keys refused) and every rule value is `Ruled`: it carries a
`citation`, a `confidence` and `effective_from`/`effective_to`. The loader (`knowledge.loader`)
validates each YAML file against these models and collects every problem with its file and key.

Words (descriptions, question wording) are Vietnamese data; identifiers and predicate names are
ASCII keys that the engine in `bot/eligibility` understands.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from knowledge.common import Citation, Confidence, Dated, Ruled, Strict


class SubjectKind(StrEnum):
    """Who an award is for."""

    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    HOUSEHOLD = "household"


class Category(StrEnum):
    """An emulation title (danh hiệu thi đua) or a form of commendation (hình thức khen thưởng)."""

    TITLE = "title"
    FORM = "form"


class Menu(StrEnum):
    """A screen that offers awards as buttons (any other award can still be typed)."""

    ELIGIBILITY = "eligibility"  # the first screen of the eligibility interview (/xet)
    DOSSIER = "dossier"  # the award question of the dossier check and checklist (/hoso)


class Award(Ruled):
    """One award of the catalogue: official name, who it is for, its level, who issues it."""

    id: str
    name: str
    short_name: str | None = None
    kinds: list[SubjectKind]
    category: Category
    level: str
    rank: int = Field(ge=0, description="Higher is more senior; orders ladders and lists.")
    issuers: list[str]
    aliases: list[str] = Field(default_factory=list)
    # Years an emulation cycle lasts (CSTĐ bộ/tỉnh is judged on a 3-year run of CSTĐ cơ sở), used
    # to decide whether two awardings of the same title are "consecutive times" (lần liên tục).
    cycle_years: int = Field(default=1, ge=1)
    armed_forces: bool | None = None
    # The award's button on each menu, by position (1 = first); a menu not named = typed only.
    menus: dict[Menu, int] = Field(default_factory=dict)


class AwardCatalogue(Strict):
    """A file of the `awards` section."""

    awards: list[Award]


class Ladder(Strict):
    """An ordered path of awards, lowest first, used for the path to the next award (lộ trình)."""

    id: str
    kind: SubjectKind
    awards: list[str]
    armed_forces: bool | None = None
    # False: used only for the step after one of its awards, never offered in the whole lộ trình
    # (a ministry rung, which a provincial nominee cannot climb).
    in_roadmap: bool = True


class LadderFile(Strict):
    ladders: list[Ladder]


class PossibleChange(Strict):
    """A part of the rules that a newer, unread text may have changed."""

    award: str
    criteria: list[str] = Field(default_factory=lambda: ["*"])
    text: str


class RuleSet(Ruled):
    """A named regime (law + detailing decree) chosen by the consideration date `as_of`."""

    id: str
    name: str
    notice: str | None = None
    may_have_changed: list[PossibleChange] = Field(default_factory=list)
    # Verdict honesty (contracts §2 `provisional`): the texts the answer is based on and the texts
    # in force but not yet checked, as the headline names them ("Luật 2022 và NĐ 152",
    # "Luật sửa đổi 2026"). `unchecked` set ⇒ every verdict under this rule set is provisional.
    based_on: str | None = None
    unchecked: str | None = None
    # Transition (issue 11): a dossier received complete before this rule set's first day is
    # judged on the rules in force on its receipt date; this notice (with {received}) says so.
    transition_notice: str | None = None


class RuleSetFile(Strict):
    rule_sets: list[RuleSet]


class Criterion(Strict):
    """One declarative criterion: a named engine predicate with its numeric params, cited.

    `text` is the plain Vietnamese description; it may use `{param}` placeholders filled from
    `params`. Dates are optional and default to the enclosing version's window.
    """

    id: str
    text: str
    predicate: str
    params: dict[str, Any] = Field(default_factory=dict)
    citation: Citation
    confidence: Confidence
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    note: str | None = None
    # A reading of the text that is disputed (contracts §2): when the criterion fails on known
    # facts, the verdict is not "no" but needs_more_info, and this Vietnamese text — naming both
    # readings — is shown with it.
    disputed: str | None = None


class Basis(Strict):
    """An alternative ground (căn cứ): the award is eligible if any basis holds in full."""

    id: str
    text: str
    kinds: list[SubjectKind] | None = None
    criteria: list[Criterion]


class CriteriaVersion(Ruled):
    """The criteria of one award for one date window: all `conditions` and at least one basis."""

    kinds: list[SubjectKind] | None = None
    conditions: list[Criterion] = Field(default_factory=list)
    bases: list[Basis] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ids_unique_and_dates_inside(self) -> CriteriaVersion:
        windows: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
        for criterion in self.all_criteria():
            start = criterion.effective_from or self.effective_from
            end = criterion.effective_to or self.effective_to
            for other_start, other_end in windows.get(criterion.id, []):
                if (end is None or end >= other_start) and (
                    other_end is None or other_end >= start
                ):
                    raise ValueError(f"criterion {criterion.id!r} appears twice on the same day")
            windows.setdefault(criterion.id, []).append((start, end))
            if start < self.effective_from or (
                self.effective_to is not None
                and criterion.effective_to is not None
                and criterion.effective_to > self.effective_to
            ):
                raise ValueError(f"criterion {criterion.id!r} dates fall outside its version")
        basis_ids = [b.id for b in self.bases]
        if len(set(basis_ids)) != len(basis_ids):
            raise ValueError("duplicate basis id")
        return self

    def all_criteria(self) -> list[Criterion]:
        return [*self.conditions, *(c for b in self.bases for c in b.criteria)]


class AwardCriteria(Strict):
    """A file of the `criteria` section: the dated criteria versions of one award.

    `award: "*"` holds conditions common to every award. `same_as` reuses another award's
    criteria (e.g. Bằng khen of a ministry and of a province share Law Art. 74).
    """

    award: str
    versions: list[CriteriaVersion] = Field(default_factory=list)
    same_as: str | None = None

    @model_validator(mode="after")
    def _versions_or_same_as(self) -> AwardCriteria:
        if bool(self.versions) == bool(self.same_as):
            raise ValueError("give either `versions` or `same_as`")
        return self


class Override(Ruled):
    """A province's change to one award's criteria, from its own date.

    Operations (all optional, applied in this order): `remove` criteria by id, patch `params`
    of criterion `criterion`, `add_conditions`, `replace_bases`.
    """

    award: str
    criterion: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    text: str | None = None
    remove: list[str] = Field(default_factory=list)
    add_conditions: list[Criterion] = Field(default_factory=list)
    replace_bases: list[Basis] | None = None

    @model_validator(mode="after")
    def _params_need_a_target(self) -> Override:
        if (self.params or self.text) and not self.criterion:
            raise ValueError("params/text need `criterion`")
        return self


class ProvincePack(Strict):
    """A province's rules as data, selected by `subject.province` or the `province` setting."""

    province: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    citation: Citation
    confidence: Confidence
    overrides: list[Override]


class QuestionDef(Strict):
    """One family of interview questions, e.g. `rating_{year}` for `years.{year}.rating`.

    `answer`: `choice` (one of `options`, `unknown` always allowed), `yes_no` (yes/no/unknown),
    `integer` (with `min`/`max`), `number` (a decimal, with `min`/`max`), `year` (a past year,
    or an option such as `never`), `counts` (how many of each option, e.g. initiatives per scope).
    """

    id: str
    fact: str
    answer: str
    text: str
    options: dict[str, str] = Field(default_factory=dict)
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _known_answer_type(self) -> QuestionDef:
        if self.answer not in {"choice", "yes_no", "integer", "number", "year", "counts"}:
            raise ValueError(f"unknown answer type {self.answer!r}")
        if self.answer in ("choice", "counts") and not self.options:
            raise ValueError(f"a {self.answer} question needs options")
        return self


class QuestionFile(Strict):
    questions: list[QuestionDef]


class NeedText(Strict):
    """Vietnamese wording of one kind of need on the path to an award (`{param}` placeholders)."""

    key: str
    text: str


class NeedFile(Strict):
    needs: list[NeedText]
    notices: dict[str, str] = Field(default_factory=dict)
    labels: dict[str, str] = Field(default_factory=dict)


class Vocabulary(Strict):
    """Ordered vocabularies the engine compares (ratings, discipline severity, initiative scope)."""

    ratings: list[str]
    discipline_forms: list[str]
    initiative_scopes: list[str]
    initiative_kinds: list[str]
    pending_types: list[str]
    award_bases: list[str]
    title_routes: list[str]
    other_achievements: list[str]
    non_merit_bases: list[str]
    # Who a person is (contracts §2 `subject.category`): some routes of an award are only for
    # some categories (workers and farmers, business people and scientists — Law 06/2022 Art. 74).
    subject_categories: list[str] = Field(default_factory=list)


class DisciplineTerm(Ruled):
    """How long a disciplinary form lasts when the decision gives no end date (months).

    `categories` limits the entry to some person categories (`can_bo`, `cong_chuc`, `vien_chuc`…,
    contracts §2 `subject.category`); without it the entry applies to every other category."""

    form: str
    months: int = Field(ge=0)
    categories: list[str] | None = None


class Power(Ruled):
    """The awards an authority may decide, from one date to another."""

    awards: list[str]


class Authority(Ruled):
    """An awarding authority (an `issuer` id) while it exists, with its dated powers."""

    id: str
    name: str
    level: str
    powers: list[Power]
    # Why the authority ends on `effective_to` (shown when a proposal names it after that day).
    end_citation: Citation | None = None
    # How a tờ trình may name it ("Chủ tịch UBND huyện"…), matched on folded text (no diacritics).
    aliases: list[str] = Field(default_factory=list)

    def may_decide(self, award_id: str, day: dt.date) -> bool:
        """True when the authority exists on `day` and holds a power over `award_id` then."""
        return self.applies_on(day) and any(
            p.applies_on(day) and award_id in p.awards for p in self.powers
        )


class AuthorityFile(Strict):
    authorities: list[Authority]


class GeneralFile(Strict):
    vocabulary: Vocabulary
    discipline_terms: list[DisciplineTerm] = Field(default_factory=list)


__all__ = [
    "Award",
    "AwardCatalogue",
    "AwardCriteria",
    "Basis",
    "Category",
    "Citation",
    "Confidence",
    "CriteriaVersion",
    "Criterion",
    "Dated",
    "DisciplineTerm",
    "GeneralFile",
    "Ladder",
    "LadderFile",
    "NeedFile",
    "NeedText",
    "Override",
    "PossibleChange",
    "ProvincePack",
    "QuestionDef",
    "QuestionFile",
    "RuleSet",
    "RuleSetFile",
    "SubjectKind",
    "Vocabulary",
]
