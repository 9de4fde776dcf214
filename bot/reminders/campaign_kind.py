"""`tdkt import/export campaigns`: the campaigns kind for `bot.transfer` (all or nothing).

One row per deadline; rows sharing a `code` form one campaign (its name, year, kind, source
document, units and plan come from its first row, later rows may leave them empty but must not
contradict them). Columns:
`code, name, year, kind, source_document, award_group, deadline, applies_to, units, reminder_plan`
- `deadline`: YYYY-MM-DD or dd/mm/yyyy; `kind`: year_end | thematic | state | other;
- `units`: unit codes or cluster names separated by ";", or `*` for every active unit;
- `applies_to`: award ids or bases separated by ";" (empty: every dossier of the campaign);
- `reminder_plan`: e.g. `14,7,3,1,0@08:00` (empty: the default plan).
Error keys are the shared ones of `bot/templates/transfer/row_errors.j2`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Campaign, Unit
from bot.reminders.campaigns import (
    KINDS,
    CampaignSpec,
    DeadlineSpec,
    create_campaign,
    judged_year,
    list_campaigns,
    resolve_units,
)
from bot.reminders.plan import BadPlan, ReminderPlan
from bot.text.dates import BadDate, parse_vn_date
from bot.transfer.registry import Checked, RowError, register
from bot.transfer.table import Row
from knowledge.loader import KnowledgeBase

ALL_UNITS = "*"
_SHARED = ("name", "year", "kind", "source_document", "units", "reminder_plan")


def _deadline(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return parse_vn_date(text)


class Campaigns:
    name: str = "campaigns"
    columns: Sequence[str] = ("code", "name", "year", "kind", "source_document", "award_group",
                              "deadline", "applies_to", "units", "reminder_plan")
    required: Sequence[str] = ("code", "name", "award_group", "deadline", "units")

    async def export_rows(self, session: AsyncSession) -> AsyncIterator[dict[str, Any]]:
        codes = {uid: code for uid, code in (await session.execute(select(Unit.id, Unit.code)))}
        for c in reversed(await list_campaigns(session, active_only=False)):
            units = ";".join(sorted(codes[u] for u in c.unit_ids if u in codes))
            for d in c.deadlines:
                yield {"code": c.code, "name": c.name, "year": c.year, "kind": c.kind,
                       "source_document": c.source_document or "", "award_group": d.award_group,
                       "deadline": d.deadline.isoformat(),
                       "applies_to": ";".join(d.applies_to or []), "units": units,
                       "reminder_plan": c.plan.to_text()}

    async def check(self, session: AsyncSession, rows: Sequence[Row],
                    errors: list[RowError], kb: KnowledgeBase) -> Checked:
        taken = set((await session.scalars(select(Campaign.code))).all())
        first: dict[str, dict[str, str]] = {}
        out = Checked()
        for row in rows:
            v = {k: row.values.get(k, "").strip() for k in self.columns}
            if not v["code"]:
                errors.append(RowError(row.number, "required", "code"))
                continue
            if v["code"] in taken:
                errors.append(RowError(row.number, "duplicate", "code", v["code"]))
            head = first.setdefault(v["code"], v)
            for column in _SHARED:  # later rows inherit, but may not contradict
                if not v[column]:
                    v[column] = head[column]
                elif v[column] != head[column]:
                    errors.append(RowError(row.number, "bad_choice", column, v[column]))
            resolved = await self._check_row(session, row.number, v, errors)
            out.rows.append((row, resolved))
        return out

    async def _check_row(self, session: AsyncSession, number: int, v: dict[str, str],
                         errors: list[RowError]) -> dict[str, Any]:
        for column in ("name", "award_group", "units"):
            if not v[column]:
                errors.append(RowError(number, "required", column))
        resolved: dict[str, Any] = {"values": v}
        try:
            resolved["deadline"] = _deadline(v["deadline"]) if v["deadline"] else None
        except BadDate:
            errors.append(RowError(number, "bad_date", "deadline", v["deadline"]))
        if not v["deadline"]:
            errors.append(RowError(number, "required", "deadline"))
        kind = v["kind"] or "year_end"
        if kind not in KINDS:
            errors.append(RowError(number, "bad_choice", "kind", kind))
        resolved["kind"] = kind
        try:
            resolved["plan"] = ReminderPlan.from_text(v["reminder_plan"] or None)
        except BadPlan:
            errors.append(RowError(number, "bad_choice", "reminder_plan", v["reminder_plan"]))
        if v["year"] and not v["year"].isdigit():
            errors.append(RowError(number, "bad_number", "year", v["year"]))
        if v["units"]:
            choice = await resolve_units(session, v["units"], everything=v["units"] == ALL_UNITS)
            for item in choice.unknown:
                errors.append(RowError(number, "unknown_unit", "units", item))
            resolved["unit_ids"] = choice.unit_ids
        return resolved

    async def apply(self, session: AsyncSession, checked: Checked, now: dt.datetime,
                    actor: int | None) -> int:
        groups: dict[str, list[dict[str, Any]]] = {}
        for _, resolved in checked.rows:
            groups.setdefault(resolved["values"]["code"], []).append(resolved)
        for code, items in groups.items():
            head = items[0]
            v = head["values"]
            deadlines = tuple(
                DeadlineSpec(i["values"]["award_group"], i["deadline"],
                             tuple(a.strip() for a in i["values"]["applies_to"].split(";")
                                   if a.strip()) or None)
                for i in items
            )
            first_deadline = min(d.deadline for d in deadlines)
            year = int(v["year"]) if v["year"] else judged_year(head["kind"], first_deadline)
            spec = CampaignSpec(name=v["name"], year=year, kind=head["kind"],
                                source_document=v["source_document"] or None,
                                deadlines=deadlines, unit_ids=head["unit_ids"],
                                plan=head["plan"], code=code)
            await create_campaign(session, spec, actor, now)
        return len(checked.rows)


CAMPAIGNS = Campaigns()
register(CAMPAIGNS)
