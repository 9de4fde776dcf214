"""Load and validate everything that is law or policy into one immutable `KnowledgeBase`.

This is the only module that knows where the knowledge files are (`KNOWLEDGE_DIR`, or the folder
`TDKT_KNOWLEDGE_DIR` names). `knowledge/index.yaml` lists the sections it reads (`folder: kind`);
each folder's `index.yaml` says what it holds and is not itself data. Criteria, catalogue,
ladders, rule sets, interview and needs are parsed here; the dossier rules, regions, calendar,
workflow + SLA and the inspection-risk policy by their schema modules' `load_*_dir`, called from
here (`_SECTION_LOADERS`); `sources.yaml` is the register of cited texts. The result is handed to
the bot through `Services.kb`: nothing else reads a knowledge file or keeps a copy of one.

A section of a kind not known here is read by a parser registered with `register_section` or
named in the index as `module:function` (result in `kb.extra`).

Every problem is collected — YAML syntax (with its line), unknown keys, missing citations,
overlapping dates, references to awards that do not exist — and raised together as one
`KnowledgeError` whose issues name the file and the key.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.calendar_schema import WorkCalendar, load_calendar_dir
from knowledge.common import Dated, OverlappingDates, check_no_overlap, pick_on
from knowledge.discipline_terms import term_months
from knowledge.dossier_schema import DossierKB, load_dossier_kb
from knowledge.regions import Regions, load_regions_dir
from knowledge.risk_schema import RiskPolicy, load_risk_dir
from knowledge.schema import (
    Authority,
    AuthorityFile,
    Award,
    AwardCatalogue,
    AwardCriteria,
    CriteriaVersion,
    DisciplineTerm,
    GeneralFile,
    Ladder,
    LadderFile,
    Menu,
    NeedFile,
    ProvincePack,
    QuestionDef,
    QuestionFile,
    RuleSet,
    RuleSetFile,
    Vocabulary,
)
from knowledge.sources_schema import SourceError, SourceRegister, load_sources
from knowledge.workflow_schema import SlaRules, WorkflowBook, WorkflowRules, load_workflow_dir

KNOWLEDGE_DIR = Path(__file__).parent
INDEX = "index.yaml"
# The criteria file whose conditions apply to every award (pending proceedings, one achievement…).
COMMON = "*"
# The interview question whose options are the province packs (then the YAML's own, e.g. "khac").
PROVINCE_QUESTION = "province"
# The register of every document a citation names (knowledge/sources_schema.py).
SOURCES = "sources.yaml"

SectionParser = Callable[[Path], Any]
_REGISTRY: dict[str, SectionParser] = {}
# Section kinds whose schema lives in its own module: kind → the reader of its folder, which
# raises a ValueError naming the file on bad data. Each is a typed field of `KnowledgeBase`.
_SECTION_LOADERS: dict[str, SectionParser] = {
    "dossier": load_dossier_kb,
    "regions": load_regions_dir,
    "calendar": load_calendar_dir,
    "workflow": load_workflow_dir,
    "risk": load_risk_dir,
}


def register_section(kind: str, parser: SectionParser) -> None:
    """Let another module read a section kind this loader does not know (result in `kb.extra`)."""
    _REGISTRY[kind] = parser


@dataclass(frozen=True)
class KnowledgeIssue:
    """One problem in one file: `key` is the dotted path inside the file (ids in brackets)."""

    file: str
    key: str
    message: str
    # A cross-file gap (`knowledge.crosscheck`): selects the Vietnamese line `tdkt knowledge
    # check` prints (templates/cli/knowledge_errors.j2); `message` stays the English detail.
    reason: str | None = None
    count: int | None = None

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.key}: {self.message}"
            if self.key
            else f"{self.file}: {self.message}"
        )


class KnowledgeError(Exception):
    """The knowledge files are invalid; `errors` lists every problem found."""

    def __init__(self, errors: list[KnowledgeIssue]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass(frozen=True)
class KnowledgeBase:
    """The law and policy as data, validated. Read-only; share one instance between all users
    (`Services.kb`); a test swaps the law by loading another folder."""

    root: Path
    vocabulary: Vocabulary
    awards: dict[str, Award]
    ladders: list[Ladder]
    # The one registry of regimes, chosen by date; `dossier.rule_sets` is this same list.
    rule_sets: list[RuleSet]
    criteria: dict[str, list[CriteriaVersion]]
    provinces: dict[str, ProvincePack]
    questions: dict[str, QuestionDef]
    needs: dict[str, str]
    notices: dict[str, str]
    labels: dict[str, str]
    # Dossier rules (components, votes, quotas, forms…), completed with the shared rule sets,
    # authorities and discipline terms.
    dossier: DossierKB
    regions: Regions  # registered province and sector ids
    calendar: WorkCalendar  # days off and working Saturdays (SLA arithmetic)
    workflow: WorkflowBook  # the dossier state machine, dated
    sla: SlaRules  # time limits by award level, dated
    risk: RiskPolicy  # inspection-sample policy (reviewers)
    sources: SourceRegister | None = None  # the cited-texts register (None: no sources.yaml)
    discipline_terms: list[DisciplineTerm] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    authorities: dict[str, Authority] = field(default_factory=dict)

    def authorities_for(self, award_id: str, day: dt.date) -> list[Authority]:
        """The authorities that may decide `award_id` on `day` (catalogue order)."""
        return [a for a in self.authorities.values() if a.may_decide(award_id, day)]

    def rule_set_on(self, day: dt.date) -> RuleSet | None:
        """The regime in force on `day` (the consideration date)."""
        return pick_on(self.rule_sets, day)

    def criteria_on(self, award_id: str, day: dt.date) -> CriteriaVersion | None:
        """The national criteria of `award_id` in force on `day`, before any province override."""
        return pick_on(self.criteria.get(award_id, ()), day)

    def common_on(self, day: dt.date) -> CriteriaVersion | None:
        """The conditions shared by every award in force on `day`."""
        return pick_on(self.criteria.get(COMMON, ()), day)

    def menu(self, menu: Menu | str) -> list[str]:
        """The award ids a menu offers as buttons, in the order of their `menus` positions."""
        menu = Menu(menu)
        on_menu = [(a.menus[menu], a.id) for a in self.awards.values() if menu in a.menus]
        return [award_id for _, award_id in sorted(on_menu)]

    def award_labels(self) -> dict[str, list[str]]:
        """Award id → official name first, then short name, id and aliases (for fuzzy matching)."""
        labels: dict[str, list[str]] = {}
        for award in self.awards.values():
            names = [award.name]
            if award.short_name:
                names.append(award.short_name)
            names.append(award.id.replace("_", " "))
            names.extend(award.aliases)
            labels[award.id] = names
        return labels

    def discipline_months(
        self, form: str, day: dt.date, category: str | None = None
    ) -> int | None:
        """Default length of a disciplinary `form` in force on `day` for a person of `category`,
        when the decision omits it. An entry naming the category wins over the general one; with
        the category unknown the longest term in force is used (never a shorter, kinder guess)."""
        return term_months(self.discipline_terms, form, day, category)


_SECTION_MODELS: dict[str, type[BaseModel]] = {
    "general": GeneralFile,
    "awards": AwardCatalogue,
    "ladders": LadderFile,
    "rule_sets": RuleSetFile,
    "criteria": AwardCriteria,
    "provinces": ProvincePack,
    "questions": QuestionFile,
    "needs": NeedFile,
    "authorities": AuthorityFile,
}


class _Collector:
    """Accumulates issues; file names are shown relative to the knowledge root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.issues: list[KnowledgeIssue] = []

    def add(self, path: Path | str, key: str, message: str) -> None:
        name = str(path.relative_to(self.root)) if isinstance(path, Path) else path
        self.issues.append(KnowledgeIssue(name, key, message))


def load_knowledge(root: Path | None = None) -> KnowledgeBase:
    """Read every section listed in `root/index.yaml`; raise `KnowledgeError` with all problems."""
    root = (root or KNOWLEDGE_DIR).resolve()
    issues = _Collector(root)
    index = _read_yaml(root / INDEX, issues)
    sections = index.get("sections") if isinstance(index, dict) else None
    if not isinstance(sections, dict):
        issues.add(INDEX, "sections", "missing mapping folder → kind")
        raise KnowledgeError(issues.issues)

    parsed: dict[str, list[tuple[Path, Any]]] = defaultdict(list)
    typed: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for folder, spec in sections.items():
        kind, loader_ref = (spec, None) if isinstance(spec, str) else _section_spec(spec)
        directory = root / str(folder)
        if not directory.is_dir():
            issues.add(INDEX, f"sections.{folder}", "folder does not exist")
            continue
        if kind in _SECTION_MODELS:
            model = _SECTION_MODELS[kind]
            for path in _data_files(directory):
                data = _read_yaml(path, issues)
                if data is None:
                    continue
                obj = _validate(model, data, path, issues)
                if obj is not None:
                    parsed[kind].append((path, obj))
        elif kind in _SECTION_LOADERS:
            typed[kind] = _external(kind, loader_ref, directory, issues)
        else:
            extra[str(folder)] = _external(kind, loader_ref, directory, issues)
    for kind in _SECTION_LOADERS:
        if kind not in typed:
            issues.add(INDEX, "sections", f"no section of kind {kind!r}")

    kb = _assemble(root, parsed, typed, extra, issues)
    if issues.issues or kb is None:
        raise KnowledgeError(issues.issues)
    return kb


def _section_spec(spec: Any) -> tuple[str, str | None]:
    if isinstance(spec, dict):
        return str(spec.get("kind", "")), spec.get("loader")
    return str(spec), None


def _data_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.name != INDEX)


def _read_yaml(path: Path, issues: _Collector) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        issues.add(path, "", f"cannot read: {error.strerror}")
        return None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "syntax"
        problem = getattr(error, "problem", None) or str(error)
        issues.add(path, where, f"YAML syntax error: {problem}")
        return None


def _validate(model: type[BaseModel], data: Any, path: Path, issues: _Collector) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            key = _readable_key(data, item["loc"])
            message = item["msg"]
            if item["type"] == "extra_forbidden":
                message = "unknown key"
            elif item["type"] == "missing":
                message = "missing required key"
            issues.add(path, key, message)
        return None


def _readable_key(data: Any, loc: Sequence[Any]) -> str:
    """`versions[2024-01-01].conditions[rating].citation` rather than `versions.0.conditions.0…`."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            node = node[step]
            label = _label_of(node)
            parts.append(f"[{label}]" if label else f"[{step}]")
        else:
            node = node.get(step) if isinstance(node, dict) else None
            parts.append(("." if parts else "") + str(step))
    return "".join(parts)


def _label_of(node: Any) -> str | None:
    if not isinstance(node, dict):
        return None
    for key in ("id", "award", "form", "effective_from"):
        if key in node and node[key] is not None:
            return str(node[key])
    return None


def _external(kind: str, loader_ref: str | None, directory: Path, issues: _Collector) -> Any:
    parser = _SECTION_LOADERS.get(kind) or _REGISTRY.get(kind)
    if parser is None and loader_ref:
        module_name, _, func = loader_ref.partition(":")
        try:
            parser = getattr(importlib.import_module(module_name), func)
        except (ImportError, AttributeError):
            issues.add(INDEX, f"sections.{directory.name}", f"cannot import loader {loader_ref!r}")
            return None
    if parser is None:
        issues.add(INDEX, f"sections.{directory.name}", f"no loader for kind {kind!r}")
        return None
    try:
        return parser(directory)
    except ValueError as error:  # external loaders report bad data as ValueError subclasses
        issues.add(Path(directory), getattr(error, "key", ""), str(error))
        return None


def _assemble(
    root: Path,
    parsed: dict[str, list[tuple[Path, Any]]],
    typed: dict[str, Any],
    extra: dict[str, Any],
    issues: _Collector,
) -> KnowledgeBase | None:
    generals = parsed.get("general", [])
    if len(generals) != 1:
        issues.add("general", "", "exactly one general file (vocabulary) is required")
        return None
    general: GeneralFile = generals[0][1]

    awards: dict[str, Award] = {}
    for path, catalogue in parsed.get("awards", []):
        for award in catalogue.awards:
            if award.id in awards:
                issues.add(path, f"awards[{award.id}]", "duplicate award id")
            awards[award.id] = award
        taken: dict[tuple[Menu, int], str] = {}
        for award in catalogue.awards:
            for menu, position in award.menus.items():
                other = taken.setdefault((menu, position), award.id)
                if other != award.id:
                    issues.add(path, f"awards[{award.id}].menus.{menu.value}",
                               f"position {position} is also {other!r}'s")

    ladders: list[Ladder] = []
    for path, ladder_file in parsed.get("ladders", []):
        for ladder in ladder_file.ladders:
            for award_id in ladder.awards:
                if award_id not in awards:
                    issues.add(path, f"ladders[{ladder.id}]", f"unknown award {award_id!r}")
            ladders.append(ladder)

    rule_sets: list[RuleSet] = []
    rule_set_files: list[Path] = []
    for path, rs_file in parsed.get("rule_sets", []):
        rule_sets.extend(rs_file.rule_sets)
        rule_set_files.append(path)
        for rule_set in rs_file.rule_sets:
            for change in rule_set.may_have_changed:
                if change.award not in awards:
                    issues.add(path, f"rule_sets[{rule_set.id}]", f"unknown award {change.award!r}")
    _no_overlap(
        rule_sets, "rule_sets", rule_set_files[0] if rule_set_files else "rule_sets", issues
    )

    criteria: dict[str, list[CriteriaVersion]] = defaultdict(list)
    criteria_files: dict[str, Path] = {}
    aliases: list[tuple[Path, AwardCriteria]] = []
    for path, award_criteria in parsed.get("criteria", []):
        if award_criteria.award != COMMON and award_criteria.award not in awards:
            issues.add(path, "award", f"unknown award {award_criteria.award!r}")
        if award_criteria.same_as:
            aliases.append((path, award_criteria))
            continue
        criteria[award_criteria.award].extend(award_criteria.versions)
        criteria_files[award_criteria.award] = path
    for path, alias in aliases:
        if alias.same_as not in criteria:
            issues.add(path, "same_as", f"no criteria for {alias.same_as!r}")
            continue
        criteria[alias.award] = list(criteria[str(alias.same_as)])
        criteria_files[alias.award] = path
    for award_id, versions in criteria.items():
        _no_overlap(versions, f"{award_id}.versions", criteria_files[award_id], issues)

    provinces: dict[str, ProvincePack] = {}
    for path, pack in parsed.get("provinces", []):
        _check_pack(path, pack, awards, criteria, issues)
        provinces[pack.province] = pack

    questions: dict[str, QuestionDef] = {}
    for path, q_file in parsed.get("questions", []):
        for question in q_file.questions:
            if question.id in questions:
                issues.add(path, f"questions[{question.id}]", "duplicate question id")
            questions[question.id] = question
    if PROVINCE_QUESTION in questions:
        questions[PROVINCE_QUESTION] = _with_province_packs(questions[PROVINCE_QUESTION], provinces)

    needs: dict[str, str] = {}
    notices: dict[str, str] = {}
    labels: dict[str, str] = {}
    for _path, need_file in parsed.get("needs", []):
        needs.update({n.key: n.text for n in need_file.needs})
        notices.update(need_file.notices)
        labels.update(need_file.labels)

    by_form: dict[tuple[str, str], list[DisciplineTerm]] = defaultdict(list)
    for term in general.discipline_terms:
        for category in term.categories or ["*"]:
            by_form[(term.form, category)].append(term)
    for (form, category), terms in by_form.items():
        _no_overlap(terms, f"discipline_terms.{form}[{category}]", generals[0][0], issues)

    authorities = _authorities(parsed.get("authorities", []), awards, issues)
    sources = _sources(root, issues)
    if any(typed.get(kind) is None for kind in _SECTION_LOADERS):
        return None  # its issue is recorded (a bad file, or no such section in the index)
    sorted_rule_sets = sorted(rule_sets, key=lambda r: r.effective_from)

    return KnowledgeBase(
        root=root,
        vocabulary=general.vocabulary,
        awards=awards,
        ladders=ladders,
        rule_sets=sorted_rule_sets,
        criteria={k: sorted(v, key=lambda c: c.effective_from) for k, v in criteria.items()},
        provinces=provinces,
        questions=questions,
        needs=needs,
        notices=notices,
        labels=labels,
        **_policy(typed, sorted_rule_sets, authorities, general.discipline_terms),
        sources=sources,
        discipline_terms=list(general.discipline_terms),
        extra=extra,
        authorities=authorities,
    )


def _policy(
    typed: dict[str, Any],
    rule_sets: list[RuleSet],
    authorities: dict[str, Authority],
    terms: Sequence[DisciplineTerm],
) -> dict[str, Any]:
    """The typed sections of `_SECTION_LOADERS` as `KnowledgeBase` fields. The dossier rules get
    what they share with the engine: the one rule-set registry, the authorities, the terms."""
    dossier: DossierKB = typed["dossier"]
    workflow: WorkflowRules = typed["workflow"]
    return {
        "dossier": dossier.model_copy(update={
            "rule_sets": rule_sets, "authorities": authorities, "discipline_terms": list(terms),
        }),
        "regions": typed["regions"],
        "calendar": typed["calendar"],
        "workflow": workflow.book,
        "sla": workflow.sla,
        "risk": typed["risk"],
    }


def _sources(root: Path, issues: _Collector) -> SourceRegister | None:
    path = root / SOURCES
    if not path.is_file():
        return None
    try:
        return load_sources(path)
    except SourceError as error:
        issues.add(SOURCES, "", str(error))
        return None


def _with_province_packs(question: QuestionDef, packs: dict[str, ProvincePack]) -> QuestionDef:
    """The province question offers every pack by its name (adding a province is data only),
    then the options its YAML lists that are not packs ("another province")."""
    options = {pack_id: pack.name for pack_id, pack in sorted(packs.items())}
    options.update({k: v for k, v in question.options.items() if k not in options})
    return question.model_copy(update={"options": options})


def _authorities(
    files: list[tuple[Path, Any]], awards: dict[str, Award], issues: _Collector
) -> dict[str, Authority]:
    """Every authority once; its powers name known awards, never overlap for one award, and the
    catalogue lists the authority among each such award's issuers."""
    found: dict[str, Authority] = {}
    for path, authority_file in files:
        for authority in authority_file.authorities:
            key = f"authorities[{authority.id}]"
            if authority.id in found:
                issues.add(path, key, "duplicate authority id")
            found[authority.id] = authority
            by_award: dict[str, list[Dated]] = defaultdict(list)
            for power in authority.powers:
                for award_id in power.awards:
                    if award_id not in awards:
                        issues.add(path, f"{key}.powers", f"unknown award {award_id!r}")
                    elif authority.id not in awards[award_id].issuers:
                        issues.add(path, f"{key}.powers", f"awards/catalogue.yaml does not list "
                                   f"{authority.id!r} among the issuers of {award_id!r}")
                    by_award[award_id].append(power)
            for award_id, powers in by_award.items():
                _no_overlap(powers, f"{key}.powers[{award_id}]", path, issues)
    if files:
        for award in awards.values():
            for issuer in award.issuers:
                if issuer not in found:
                    issues.add("awards/catalogue.yaml", f"awards[{award.id}].issuers",
                               f"issuer {issuer!r} is not in authorities/")
    return found


def _check_pack(
    path: Path,
    pack: ProvincePack,
    awards: dict[str, Award],
    criteria: dict[str, list[CriteriaVersion]],
    issues: _Collector,
) -> None:
    groups: dict[tuple[str, str], list[Dated]] = defaultdict(list)
    for override in pack.overrides:
        key = f"overrides[{override.award}]"
        if override.award not in awards:
            issues.add(path, key, f"unknown award {override.award!r}")
            continue
        known = {c.id for v in criteria.get(override.award, ()) for c in v.all_criteria()}
        known |= {c.id for c in override.add_conditions}
        if override.replace_bases:
            known |= {c.id for b in override.replace_bases for c in b.criteria}
        for target in [*override.remove, *([override.criterion] if override.criterion else [])]:
            if target not in known:
                issues.add(path, key, f"unknown criterion {target!r}")
        groups[(override.award, override.criterion or "*")].append(override)
    for (award_id, target), entries in groups.items():
        _no_overlap(entries, f"overrides[{award_id}].{target}", path, issues)


def _no_overlap(entries: Iterable[Dated], key: str, path: Path | str, issues: _Collector) -> None:
    try:
        check_no_overlap(list(entries), key)
    except OverlappingDates as error:
        issues.add(path, key, f"overlapping dates: {error}")
