"""One nominee's eligibility facts: the database's history merged with what the manifest says.

The database gives what the unit recorded (ratings, titles, awards — the interview's prefill);
the manifest gives what this dossier states. The manifest wins field by field, titles and awards
are one history (a title or an award recorded in either counts), and a `null` stays unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.dossier.manifest import ManifestNominee


def merged_facts(nominee: ManifestNominee,
                 stored: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The facts to evaluate `nominee` with, or None when neither source says anything."""
    own = nominee.facts
    if own is None and stored is None:
        return None
    facts = _merge(dict(stored or {}), dict(own or {}))
    subject = dict(facts.get("subject") or {})
    subject.setdefault("kind", nominee.kind)
    if nominee.is_leader is not None:
        subject.setdefault("is_leader", nominee.is_leader)
    facts["subject"] = subject
    period = nominee.achievement_period
    if "evaluation_year" not in facts and period is not None and period.to is not None:
        facts["evaluation_year"] = period.to.year  # the last year of the achievement period
    return facts


def _over(stored: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """`own` over `stored`; a `null` in `own` is unknown and never erases a recorded value."""
    return {**stored, **{k: v for k, v in own.items() if v is not None or k not in stored}}


def _merge(stored: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    if not stored:
        return own
    if not own:  # nothing over the record (a list's nominee): what `_over` would copy
        return stored
    out = _over(stored, own)
    if isinstance(stored.get("subject"), Mapping) and isinstance(own.get("subject"), Mapping):
        out["subject"] = _over(stored["subject"], own["subject"])
    if isinstance(stored.get("years"), Mapping) and isinstance(own.get("years"), Mapping):
        out["years"] = _years(stored["years"], own["years"])
    if isinstance(stored.get("awards"), list) and isinstance(own.get("awards"), list):
        out["awards"] = _union(own["awards"], stored["awards"], ("award", "year"))
    return out


def _years(stored: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    years = {str(k): v for k, v in stored.items()}
    for key, value in own.items():
        before = years.get(str(key))
        if isinstance(before, Mapping) and isinstance(value, Mapping):
            year = _over(before, value)
            if isinstance(before.get("titles"), list) and isinstance(value.get("titles"), list):
                year["titles"] = _union(value["titles"], before["titles"], ("award",))
            years[str(key)] = year
        elif value is not None or before is None:
            years[str(key)] = value
    return years


def _union(first: list[Any], second: list[Any], fields: tuple[str, ...]) -> list[Any]:
    """`first`, then the items of `second` that `first` does not already hold (by `fields`)."""

    def key(item: Any) -> Any:
        if isinstance(item, str):
            item = {"award": item}
        if isinstance(item, Mapping):
            return tuple(str(item.get(f)) for f in fields)
        return repr(item)

    seen = {key(i) for i in first}
    return [*first, *(i for i in second if key(i) not in seen)]
