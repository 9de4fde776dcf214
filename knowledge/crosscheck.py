"""Cross-file checks of `knowledge/` run by `tdkt knowledge check` (issue 11, item 10).

- Completeness: every catalogue award has criteria, a ladder entry, a dossier group, an SLA
  limit today and (in a source checkout) at least five test cases.
- Citations: every `citation.document` names documents of the source register
  (`knowledge/sources.yaml`), and a dated rule cites only documents in force on its days: each
  named document is in force on some day of the rule's window, and together they cover it.
  The award catalogue is checked for registration only (its citation names the law that defines
  the award today, not a rule applied on a date).
- Season warnings (not errors): next year's calendar missing or estimated; a cited text whose
  uncertain sunset is near or past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.loader import INDEX, SOURCES, KnowledgeBase, KnowledgeIssue
from knowledge.sources_schema import Source, SourceRegister

MIN_CASES = 5
# The C parser when libyaml is present (the check reads every file once more: ~10× faster).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Files whose citations are checked for registration only (see the module docstring).
UNDATED_FILES = frozenset({"awards/catalogue.yaml"})


@dataclass(frozen=True)
class CitedUse:
    """One citation in one file, with the days the rule carrying it applies (None = undated)."""

    file: str
    key: str
    document: str
    start: dt.date | None
    end: dt.date | None
    carried: bool = False  # a value kept from a repealed text (allowed only at low confidence)
    confidence: str | None = None


@dataclass(frozen=True)
class SeasonWarning:
    """A warning `tdkt knowledge check` prints; `key` selects its wording in the template."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


def cross_check(
    kb: KnowledgeBase, cases_dir: Path | None = None, today: dt.date | None = None
) -> list[KnowledgeIssue]:
    issues = completeness(kb, cases_dir, today)
    if kb.sources is None:
        return [*issues, KnowledgeIssue(SOURCES, "", "missing: the register of cited texts")]
    return issues + citation_issues(kb.sources, cited_uses(kb.root))


def completeness(
    kb: KnowledgeBase, cases_dir: Path | None = None, today: dt.date | None = None
) -> list[KnowledgeIssue]:
    """What each catalogue award needs in the other files (the SLA limit: on `today`)."""
    issues: list[KnowledgeIssue] = []
    laddered = {a for ladder in kb.ladders for a in ladder.awards}
    grouped = {a for members in kb.dossier.groups.values() for a in members}
    today = today or dt.date.today()
    cases_dir = cases_dir or kb.root.parent / "tests" / "cases"
    for award_id in kb.awards:
        key = f"awards[{award_id}]"
        if not kb.criteria.get(award_id):
            issues.append(KnowledgeIssue("criteria", key, "no criteria file", "no_criteria"))
        if award_id not in laddered:
            issues.append(KnowledgeIssue("ladders/ladders.yaml", key, "in no ladder", "no_ladder"))
        if award_id not in grouped:
            issues.append(KnowledgeIssue(
                "dossier/groups.yaml", key, "in no dossier group", "no_dossier_group"))
        if kb.sla.limit_for(award_id, today) is None:
            issues.append(KnowledgeIssue(
                "workflow/sla.yaml", key, "no time limit today", "no_sla"))
        if cases_dir.is_dir():
            count = _case_count(cases_dir / f"{award_id}.yaml")
            if count < MIN_CASES:
                issues.append(KnowledgeIssue(
                    f"tests/cases/{award_id}.yaml", key, f"{count} cases, at least {MIN_CASES}",
                    "few_cases", count,
                ))
    for pack_id in kb.provinces:
        if kb.regions.province_id(pack_id) is None:
            issues.append(KnowledgeIssue(
                "provinces", f"provinces[{pack_id}]",
                "not a registered province id (knowledge/regions/provinces.yaml)",
                "unregistered_province",
            ))
    return issues


def _case_count(path: Path) -> int:
    if not path.is_file():
        return 0
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    return len(data.get("cases") or [])


def cited_uses(root: Path) -> Iterator[CitedUse]:
    """Every citation under `root` (index files and the register excluded)."""
    for path in sorted(root.rglob("*.yaml")):
        if path.name == INDEX or path.name == SOURCES:
            continue
        name = str(path.relative_to(root))
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        yield from _walk(name, data, "", None, None, name in UNDATED_FILES)


def _walk(
    file: str, node: Any, key: str, start: dt.date | None, end: dt.date | None, undated: bool
) -> Iterator[CitedUse]:
    if isinstance(node, list):
        for i, item in enumerate(node):
            label = item.get("id") or item.get("key") or item.get("form") if isinstance(
                item, dict) else None
            yield from _walk(file, item, f"{key}[{label or i}]", start, end, undated)
        return
    if not isinstance(node, dict):
        return
    start, end = _window(node, start, end)
    citation = node.get("citation")
    if isinstance(citation, dict) and isinstance(citation.get("document"), str):
        dated = not undated and start is not None
        yield CitedUse(file, key or "citation", citation["document"],
                       start if dated else None, end if dated else None,
                       citation.get("carried") is True, node.get("confidence"))
    for child_key, child in node.items():
        if child_key != "citation":
            yield from _walk(file, child, f"{key}.{child_key}" if key else str(child_key),
                             start, end, undated)


def _window(
    node: dict[str, Any], start: dt.date | None, end: dt.date | None
) -> tuple[dt.date | None, dt.date | None]:
    """The days a YAML entry applies: its own dates, a calendar day or year, else the parent's."""
    if isinstance(node.get("date"), dt.date):
        return node["date"], node["date"]
    if isinstance(node.get("year"), int) and "days_off" in node:
        return dt.date(node["year"], 1, 1), dt.date(node["year"], 12, 31)
    own_from, own_to = node.get("effective_from"), node.get("effective_to")
    if isinstance(own_from, dt.date):
        start = own_from
    if isinstance(own_to, dt.date):
        end = own_to
    return start, end


def citation_issues(register: SourceRegister, uses: Iterator[CitedUse]) -> list[KnowledgeIssue]:
    issues: list[KnowledgeIssue] = []
    for use in uses:
        resolved = register.resolve(use.document)
        unknown = [part for part, source in resolved if source is None]
        for part in unknown:
            issues.append(KnowledgeIssue(use.file, f"{use.key}.citation.document",
                                         f"{part!r} is not in {SOURCES}"))
        if use.carried:
            if use.confidence != "low":
                issues.append(KnowledgeIssue(use.file, f"{use.key}.confidence",
                                             "a carried citation must be confidence low"))
            continue
        if unknown or use.start is None:
            continue
        sources = [s for _, s in resolved if s is not None]
        issues.extend(_dated_issues(use, sources))
    return issues


def _dated_issues(use: CitedUse, sources: list[Source]) -> list[KnowledgeIssue]:
    """Each named document in force on some day of the rule; together on every day of it."""
    assert use.start is not None
    key = f"{use.key}.citation.document"
    window_end = use.end or dt.date.max
    found = [
        KnowledgeIssue(use.file, key, f"{source.number} is not in force on "
                       f"{use.start}..{use.end or 'open'} (in force "
                       f"{source.in_force_from}..{source.in_force_to or 'open'})")
        for source in sources
        if source.in_force_from > window_end
        or (source.in_force_to is not None and source.in_force_to < use.start)
    ]
    if found:
        return found
    gap = _first_uncovered(use.start, use.end, sources)
    if gap is None:
        return []
    return [KnowledgeIssue(use.file, key, f"no cited document is in force on {gap} "
                           f"(rule applies {use.start}..{use.end or 'open'})")]


def _first_uncovered(start: dt.date, end: dt.date | None, sources: list[Source]) -> dt.date | None:
    """The first day of [start, end] on which none of `sources` is in force (None = covered)."""
    day = start
    for source in sorted(sources, key=lambda s: s.in_force_from):
        if source.in_force_from > day:
            break
        if source.in_force_to is None:
            return None
        if source.in_force_to >= day:
            day = source.in_force_to + dt.timedelta(days=1)
        if end is not None and day > end:
            return None
    if end is not None and day > end:
        return None
    return day


def season_warnings(kb: KnowledgeBase, today: dt.date) -> list[SeasonWarning]:
    """What an officer preparing next season must know: next year's calendar, near sunsets."""
    warnings: list[SeasonWarning] = []
    calendar = kb.calendar
    next_year = today.year + 1
    year = calendar.year(next_year)
    if year is None:
        warnings.append(SeasonWarning("calendar_missing", {"year": next_year}))
    elif year.confidence.value == "low" or year.uncertain:
        warnings.append(SeasonWarning(
            "calendar_estimated", {"year": next_year, "why": [p.text for p in year.uncertain]}))
    for source in kb.sources.sources if kb.sources is not None else ():
        if source.sunset is not None and today >= source.sunset.date - dt.timedelta(days=120):
            key = "sunset_past" if today >= source.sunset.date else "sunset_near"
            warnings.append(SeasonWarning(key, {"text": source.sunset.text,
                                                "date": source.sunset.date}))
    return warnings
