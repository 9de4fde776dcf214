"""The unit's records inside one interview: what was prefilled, where each fact came from, and
how an answer "Không rõ" to a recorded title forgets it for this interview only.

The database is never written here: the interview keeps its own copy of the facts (`prefill`)
and a source per question id (`sources`), both stored with the interview (ADR 001).

A source is a small JSON-able mapping rendered by `eligibility/_source.j2`:
`{"kind": "decision", "decision_no": …, "decided_on": "YYYY-MM-DD", "from": Y, "to": Y}` for an
award record with a decision, `{"kind": "award_record"}` for one without, `{"kind": "rating"}`
for the unit's yearly rating, `{"kind": "subject"}` for the person's own record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.db.models import AwardRecord, Rating, Subject
from knowledge.loader import KnowledgeBase
from knowledge.schema import Category

AnswerSource = Mapping[str, Any]


def sources_of(
    kb: KnowledgeBase, subject: Subject, ratings: Iterable[Rating], records: Iterable[AwardRecord]
) -> dict[str, dict[str, Any]]:
    """Question id → source of the fact `bot.interview.prefill.facts_of` filled for it."""
    sources: dict[str, dict[str, Any]] = {}
    if subject.category:
        sources["subject_category"] = {"kind": "subject"}
    for rating in ratings:
        sources[f"rating_{rating.year}"] = {"kind": "rating"}
    latest: dict[str, AwardRecord] = {}
    for record in records:
        if record.revoked:
            continue
        award = kb.awards.get(record.award)
        if award is not None and award.category is Category.TITLE:
            sources[f"title_{record.award}_{record.year}"] = record_source(record)
        else:
            if record.basis:
                end = record.year
                if record.achievement_from is not None:  # as prefill._form_of's period
                    end = record.achievement_to or record.year
                sources[f"award_basis_{record.award}_{end}"] = record_source(record)
            kept = latest.get(record.award)
            if kept is None or record.year > kept.year:
                latest[record.award] = record
    for award_id, record in latest.items():
        sources[f"prior_award_{award_id}"] = record_source(record)
    return sources


def record_source(record: AwardRecord) -> dict[str, Any]:
    """Where an award record comes from: its decision (number, date), else the unit's records."""
    source: dict[str, Any] = {"kind": "decision" if record.decision_no or record.decided_on
                              else "award_record"}
    if record.decision_no:
        source["decision_no"] = record.decision_no
    if record.decided_on:
        source["decided_on"] = record.decided_on.isoformat()
    if record.achievement_from is not None:
        source["from"] = record.achievement_from
        source["to"] = record.achievement_to or record.year
    return source


def prefilled_items(prefill: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The facts taken from the records as (question id, answer) pairs: ratings, titles and
    initiatives per year (latest first), the latest year of each award and the basis of each
    recorded award, the person's category."""
    items: list[tuple[str, Any]] = []
    years = prefill.get("years") or {}
    for year in sorted(years, reverse=True):
        entry = years[year] or {}
        if entry.get("rating"):
            items.append((f"rating_{year}", entry["rating"]))
        for title in entry.get("titles") or []:
            award = title if isinstance(title, str) else title.get("award")
            items.append((f"title_{award}_{year}", "yes"))
        if isinstance(entry.get("initiatives"), list):
            items.append((f"initiatives_{year}", _counts(entry["initiatives"])))
    latest: dict[str, int] = {}
    for record in prefill.get("awards") or []:
        if isinstance(record, dict) and record.get("award") and record.get("year"):
            latest[record["award"]] = max(latest.get(record["award"], 0), record["year"])
    items.extend((f"prior_award_{award}", year) for award, year in latest.items())
    # The basis of each recorded award (công trạng, chuyên đề, đột xuất), to correct it.
    for record in prefill.get("awards") or []:
        if isinstance(record, dict) and record.get("award") and record.get("basis"):
            period = record.get("achievement_period") or {}
            end = period.get("to") or record.get("year")
            if end:
                items.append((f"award_basis_{record['award']}_{end}", record["basis"]))
    category = (prefill.get("subject") or {}).get("category")
    if category:
        items.append(("subject_category", category))
    return items


def _counts(initiatives: list[Any]) -> str:
    """A year's initiatives as the counts answer (`co_so:2,bo_nganh_tinh:1`); `none` for none."""
    counts: dict[str, int] = {}
    for item in initiatives:
        scope = item.get("scope") if isinstance(item, dict) else None
        if scope:
            counts[scope] = counts.get(scope, 0) + 1
    return ",".join(f"{k}:{v}" for k, v in counts.items()) or "none"


def forget_title(kb: KnowledgeBase, facts: dict[str, Any], year: str, award: str) -> None:
    """"Không rõ" to a title of `year`: that title becomes unknown, and nothing else does.

    A year's `titles` list is complete (contracts §2), so it cannot stay: the other titles it
    names stay held (as records of that year in `awards`, itself the complete list from the
    database), every other title stays known not held (`not_titles`). Without an `awards` list
    the other titles held that year become unknown too (never "no")."""
    entry = (facts.get("years") or {}).get(year)
    if not isinstance(entry, dict) or not isinstance(entry.get("titles"), list):
        return
    held = [a for a in (_award_of(t) for t in entry.pop("titles")) if a and a != award]
    records = facts.get("awards")
    if isinstance(records, list):
        records.extend({"award": a, "year": int(year)} for a in held)
    titles = [a.id for a in kb.awards.values() if a.category is Category.TITLE]
    entry["not_titles"] = [a for a in titles if a != award and a not in held]


def _award_of(title: Any) -> str | None:
    if isinstance(title, dict):
        return title.get("award")
    return title if isinstance(title, str) else None
