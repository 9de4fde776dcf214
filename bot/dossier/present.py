"""What the front ends show of a check: findings with nominee names, grouped and paginated.

The chat and the CLI render the same view through `bot/templates/dossier_chat/`. A page holds
as many findings as fit comfortably in one Telegram message (4,096 characters), so long results
are turned with a "Trang sau" button instead of a wall of split messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.dossier.findings import CheckResult
from bot.dossier.text import render_word

SEVERITIES = ("error", "warning", "info")
PAGE_CHARS = 3200
PAGE_ITEMS = 12
# Room for the numbering, icons and labels a finding takes besides its own words.
_OVERHEAD = 40


@dataclass(frozen=True)
class FindingView:
    """One finding as shown: its number, severity, who it concerns, what, how to fix, why."""

    no: int
    severity: str
    who: str
    message: str
    fix: str
    citation: str

    @property
    def size(self) -> int:
        return len(self.who) + len(self.message) + len(self.fix) + len(self.citation) + _OVERHEAD


@dataclass(frozen=True)
class GroupView:
    severity: str
    label: str
    items: tuple[FindingView, ...]


def views(findings: Iterable[Mapping[str, Any]], names: Mapping[str, str]) -> list[FindingView]:
    """Findings in contract JSON (`CheckResult.to_json()["findings"]`) → numbered views."""
    out: list[FindingView] = []
    for index, item in enumerate(findings, start=1):
        nominee = item.get("nominee")
        out.append(FindingView(
            no=index,
            severity=str(item.get("severity", "info")),
            who=names.get(nominee, nominee) if isinstance(nominee, str) else "",
            message=str(item.get("message") or ""),
            fix=str(item.get("fix") or ""),
            citation=str(item.get("citation") or ""),
        ))
    return out


def result_views(result: CheckResult, names: Mapping[str, str]) -> list[FindingView]:
    return views(result.to_json()["findings"], names)


def paginate(items: Sequence[FindingView], max_chars: int = PAGE_CHARS,
             max_items: int = PAGE_ITEMS) -> list[list[FindingView]]:
    """Consecutive pages, each within `max_chars` (a single huge finding gets a page alone)."""
    pages: list[list[FindingView]] = []
    current: list[FindingView] = []
    size = 0
    for item in items:
        if current and (size + item.size > max_chars or len(current) >= max_items):
            pages.append(current)
            current, size = [], 0
        current.append(item)
        size += item.size
    if current:
        pages.append(current)
    return pages


def group_by_severity(items: Iterable[FindingView]) -> list[GroupView]:
    """Items grouped by severity, errors first; empty groups are left out."""
    by: dict[str, list[FindingView]] = {s: [] for s in SEVERITIES}
    for item in items:
        by.setdefault(item.severity, []).append(item)
    return [GroupView(s, render_word(f"severity.{s}") if s in SEVERITIES else s, tuple(found))
            for s, found in by.items() if found]


def counts(findings: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many findings of each severity."""
    tally = dict.fromkeys(SEVERITIES, 0)
    for item in findings:
        severity = str(item.get("severity", "info"))
        tally[severity] = tally.get(severity, 0) + 1
    return tally
