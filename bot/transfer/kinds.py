"""The built-in import/export kinds: units, officers, people (with award history), dossiers.

Columns are stable snake_case names (contracts §1). Units are referred to by `unit` = unit code;
campaigns by their code; several nominees in one cell are separated by ";".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import report_rollup as rollup
from bot.db.codes import parse_dossier_code
from bot.db.decided import decision_day
from bot.db.models import (
    AwardRecord,
    Campaign,
    Dossier,
    DossierEvent,
    Nominee,
    Officer,
    Subject,
    Unit,
)
from bot.db.nominee_counts import recount_nominees
from bot.province import nearest_province_name, unit_province
from bot.status.search import index_nominees
from bot.status.service import NewNominee, create_dossier
from bot.text.normalize import fold, normalize_name
from bot.transfer.kind import Checked, RowError, register
from bot.transfer.table import Row
from knowledge.loader import KnowledgeBase
from knowledge.regions import Regions
from knowledge.workflow_schema import STATUS_CODES

UNIT_LEVELS = ("tinh", "tinh_agency", "xa", "huyen", "unit", "bo_nganh")
ROLES = ("officer", "reviewer", "admin")
BATCH = 1000
CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit


def chunks(values: Sequence[Any], size: int = CHUNK) -> list[Sequence[Any]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


async def _unit_ids(session: AsyncSession) -> dict[str, int]:
    return {code: uid for uid, code in (await session.execute(select(Unit.id, Unit.code))).all()}


async def _unit_codes(session: AsyncSession) -> dict[int, str]:
    return {uid: code for code, uid in (await _unit_ids(session)).items()}


def _need(row: Row, column: str, errors: list[RowError]) -> str:
    value = row.values.get(column, "").strip()
    if not value:
        errors.append(RowError(row.number, "required", column))
    return value


def _date(row: Row, column: str, errors: list[RowError]) -> dt.datetime | None:
    value = row.values.get(column, "").strip()
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        errors.append(RowError(row.number, "bad_date", column, value))
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _int(row: Row, column: str, errors: list[RowError]) -> int | None:
    value = row.values.get(column, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        errors.append(RowError(row.number, "bad_number", column, value))
        return None


def _province(row: Row, regions: Regions, errors: list[RowError]) -> str | None:
    """The registered province a unit row names (None when the cell is empty)."""
    raw = row.values.get("province", "").strip()
    if not raw:
        return None
    found = regions.current_province_id(raw)  # a 2025-merged province: its successor
    if found is None:
        hint = nearest_province_name(regions, raw) or ""
        errors.append(RowError(row.number, "unknown_province", "province", raw, hint))
    return found


def _sector(row: Row, regions: Regions, errors: list[RowError]) -> str | None:
    """The registered sector a unit row names (None when the cell is empty)."""
    raw = row.values.get("sector", "").strip()
    if not raw:
        return None
    found = regions.sector_id(raw)
    if found is None:
        names = ", ".join(s.name for s in regions.sectors.values())
        errors.append(RowError(row.number, "unknown_sector", "sector", raw, names))
    return found


class Units:
    name: str = "units"
    columns: Sequence[str] = (
        "code", "name", "level", "parent", "cluster", "sector", "active", "province"
    )
    required: Sequence[str] = ("code", "name", "level")

    async def export_rows(self, session: AsyncSession) -> AsyncIterator[dict[str, Any]]:
        codes = await _unit_codes(session)
        for unit in (await session.execute(select(Unit).order_by(Unit.id))).scalars():
            yield {
                "code": unit.code,
                "name": unit.name,
                "level": unit.level,
                "parent": codes.get(unit.parent_id or 0, ""),
                "cluster": unit.cluster,
                "sector": unit.sector,
                "active": "1" if unit.active else "0",
                "province": unit.province,
            }

    async def check(
        self, session: AsyncSession, rows: Sequence[Row], errors: list[RowError],
        kb: KnowledgeBase,
    ) -> Checked:
        known = await _unit_ids(session)
        in_file = {r.values.get("code", "").strip() for r in rows}
        seen: set[str] = set()
        out = Checked()
        for row in rows:
            code, name = _need(row, "code", errors), _need(row, "name", errors)
            level = _need(row, "level", errors)
            if level and level not in UNIT_LEVELS:
                errors.append(RowError(row.number, "bad_choice", "level", level))
            if code in seen:
                errors.append(RowError(row.number, "duplicate", "code", code))
            seen.add(code)
            parent = row.values.get("parent", "").strip()
            if parent and parent not in known and parent not in in_file:
                errors.append(RowError(row.number, "unknown_unit", "parent", parent))
            province = _province(row, kb.regions, errors)
            sector = _sector(row, kb.regions, errors)
            out.rows.append(
                (
                    row,
                    {
                        "code": code,
                        "name": name,
                        "level": level,
                        "parent": parent,
                        "province": province,
                        "sector": sector,
                    },
                )
            )
        return out

    async def apply(
        self, session: AsyncSession, checked: Checked, now: dt.datetime, actor: int | None
    ) -> int:
        known = await _unit_ids(session)
        units: dict[str, Unit] = {}
        for row, v in checked.rows:
            unit = (
                await session.execute(select(Unit).where(Unit.code == v["code"]))
            ).scalar_one_or_none()
            if unit is None:
                unit = Unit(code=v["code"], created_at=now)
                session.add(unit)
            unit.name, unit.name_folded, unit.level = v["name"], fold(v["name"]), v["level"]
            unit.cluster = row.values.get("cluster") or None
            unit.sector = v["sector"]
            unit.active = row.values.get("active", "1").strip() not in ("0", "false", "khong")
            if v["province"] or "province" in row.values:
                # A blank cell in a file that has the column clears it (inherited below).
                unit.province = v["province"]
            units[v["code"]] = unit
        await session.flush()
        known.update({code: unit.id for code, unit in units.items()})
        for _, v in checked.rows:
            units[v["code"]].parent_id = known.get(v["parent"]) if v["parent"] else None
        await session.flush()
        for unit in units.values():
            if unit.province is None:
                # A unit whose row names no province belongs to its parent's (issue 11 item 9).
                unit.province = await unit_province(session, unit.parent_id)
        await session.flush()
        return len(checked.rows)


class Officers:
    name: str = "officers"
    columns: Sequence[str] = (
        "full_name",
        "unit",
        "role",
        "telegram_user_id",
        "scope",
        "can_see_subunits",
        "active",
    )
    required: Sequence[str] = ("full_name", "unit")

    async def export_rows(self, session: AsyncSession) -> AsyncIterator[dict[str, Any]]:
        codes = await _unit_codes(session)
        for o in (await session.execute(select(Officer).order_by(Officer.id))).scalars():
            yield {
                "full_name": o.full_name,
                "unit": codes.get(o.unit_id, ""),
                "role": o.role,
                "telegram_user_id": o.telegram_user_id or "",
                "scope": ";".join(codes.get(u, "") for u in (o.scope or [])),
                "can_see_subunits": "1" if o.can_see_subunits else "0",
                "active": "1" if o.active else "0",
            }

    async def check(
        self, session: AsyncSession, rows: Sequence[Row], errors: list[RowError],
        kb: KnowledgeBase,
    ) -> Checked:
        known = await _unit_ids(session)
        out = Checked()
        for row in rows:
            name, unit = _need(row, "full_name", errors), _need(row, "unit", errors)
            if unit and unit not in known:
                errors.append(RowError(row.number, "unknown_unit", "unit", unit))
            role = row.values.get("role", "").strip() or "officer"
            if role not in ROLES:
                errors.append(RowError(row.number, "bad_choice", "role", role))
            scope = [s.strip() for s in row.values.get("scope", "").split(";") if s.strip()]
            for code in scope:
                if code not in known:
                    errors.append(RowError(row.number, "unknown_unit", "scope", code))
            user = _int(row, "telegram_user_id", errors)
            out.rows.append(
                (
                    row,
                    {
                        "full_name": normalize_name(name),
                        "unit_id": known.get(unit),
                        "role": role,
                        "user": user,
                        "scope": [known[c] for c in scope if c in known] or None,
                    },
                )
            )
        return out

    async def apply(
        self, session: AsyncSession, checked: Checked, now: dt.datetime, actor: int | None
    ) -> int:
        # Every read first (existing officers by Telegram id, in chunks), then the writes in one
        # flush: on SQLite the write lock is held only for that flush (ADR 011).
        users = [v["user"] for _, v in checked.rows if v["user"] is not None]
        known: dict[int, Officer] = {}
        for chunk in chunks(users):
            for found in (
                await session.scalars(select(Officer).where(Officer.telegram_user_id.in_(chunk)))
            ).all():
                if found.telegram_user_id is not None:
                    known[found.telegram_user_id] = found
        with session.no_autoflush:
            for row, v in checked.rows:
                officer = known.get(v["user"]) if v["user"] is not None else None
                if officer is None:
                    officer = Officer(telegram_user_id=v["user"], created_at=now)
                    session.add(officer)
                    if v["user"] is not None:
                        known[v["user"]] = officer
                officer.full_name, officer.unit_id, officer.role = (
                    v["full_name"],
                    v["unit_id"],
                    v["role"],
                )
                officer.scope = v["scope"]
                officer.can_see_subunits = row.values.get("can_see_subunits", "0").strip() == "1"
                officer.active = row.values.get("active", "1").strip() != "0"
        await session.flush()
        return len(checked.rows)


class People:
    """One row per award record; a person without awards has an empty `award`."""

    name: str = "people"
    columns: Sequence[str] = (
        "external_ref",
        "full_name",
        "unit",
        "birth_year",
        "female",
        "award",
        "year",
        "decided_on",
        "decision_no",
    )
    required: Sequence[str] = ("full_name", "unit")

    async def export_rows(self, session: AsyncSession) -> AsyncIterator[dict[str, Any]]:
        codes = await _unit_codes(session)
        rows = await session.stream(
            select(Subject, AwardRecord)
            .outerjoin(AwardRecord, AwardRecord.subject_id == Subject.id)
            .order_by(Subject.id, AwardRecord.year)
        )
        async for subject, record in rows:
            yield {
                "external_ref": subject.external_ref,
                "full_name": subject.name,
                "unit": codes.get(subject.unit_id, ""),
                "birth_year": subject.birth_year,
                "female": "" if subject.female is None else ("1" if subject.female else "0"),
                "award": record.award if record else "",
                "year": record.year if record else "",
                "decided_on": record.decided_on if record else "",
                "decision_no": record.decision_no if record else "",
            }

    async def check(
        self, session: AsyncSession, rows: Sequence[Row], errors: list[RowError],
        kb: KnowledgeBase,
    ) -> Checked:
        known = await _unit_ids(session)
        out = Checked()
        for row in rows:
            name, unit = _need(row, "full_name", errors), _need(row, "unit", errors)
            if unit and unit not in known:
                errors.append(RowError(row.number, "unknown_unit", "unit", unit))
            year = _int(row, "year", errors)
            birth = _int(row, "birth_year", errors)
            award = row.values.get("award", "").strip()
            if award and year is None:
                errors.append(RowError(row.number, "required", "year"))
            decided = _date(row, "decided_on", errors)
            out.rows.append(
                (
                    row,
                    {
                        "name": normalize_name(name),
                        "unit_id": known.get(unit),
                        "year": year,
                        "birth": birth,
                        "award": award,
                        "decided": decided.date() if decided else None,
                    },
                )
            )
        return out

    async def apply(
        self, session: AsyncSession, checked: Checked, now: dt.datetime, actor: int | None
    ) -> int:
        # Every read first (subjects by reference, in chunks), then the writes in two flushes
        # (new subjects, then their award records): on SQLite the write lock is held only for
        # those (ADR 011), not for a statement per row.
        refs = sorted({r.values.get("external_ref", "").strip() for r, _ in checked.rows} - {""})
        by_ref: dict[str, Subject] = {}
        for chunk in chunks(refs):
            for subject in (
                await session.scalars(select(Subject).where(Subject.external_ref.in_(chunk)))
            ).all():
                if subject.external_ref is not None:
                    by_ref[subject.external_ref] = subject
        # A person is an existing Subject (found by reference) or the index of a new one.
        cache: dict[tuple[str, int, str], Subject | int] = {}
        new: list[dict[str, Any]] = []
        awards: list[tuple[Subject | int, Row, dict[str, Any]]] = []
        with session.no_autoflush:
            for row, v in checked.rows:
                ref = row.values.get("external_ref", "").strip() or None
                # Rows of one person match by reference, else by the folded name (the name is
                # kept as written, so "Trần Thị Mai" and "TRẦN THỊ MAI" are one person).
                key = (ref, v["unit_id"], "") if ref else ("", v["unit_id"], fold(v["name"]))
                person = cache.get(key)
                if person is None:
                    person = by_ref.get(ref) if ref else None
                if person is None:
                    new.append({"unit_id": v["unit_id"], "kind": "individual", "name": v["name"],
                                "name_folded": fold(v["name"]), "external_ref": ref,
                                "birth_year": None, "female": None})
                    person = len(new) - 1
                female = row.values.get("female", "").strip()
                if isinstance(person, int):
                    target = new[person]
                    target["birth_year"] = v["birth"] or target["birth_year"]
                    if female:
                        target["female"] = female == "1"
                else:
                    person.birth_year = v["birth"] or person.birth_year
                    if female:
                        person.female = female == "1"
                cache[key] = person
                if v["award"]:
                    awards.append((person, row, v))
        await session.flush()
        # New people in multi-row INSERTs; their ids come back keyed by what made each one new
        # (reference + unit, else unit + folded name: unique among them by construction).
        # Asking for the ids in parameter order would make SQLite insert row by row.
        table = cast(Table, Subject.__table__)
        ids: dict[tuple[str | None, int, str], int] = {}
        for chunk in chunks(new):
            result = await session.execute(
                insert(table).returning(
                    table.c.id, table.c.external_ref, table.c.unit_id, table.c.name_folded
                ),
                chunk,
            )
            for new_id, ref, unit_id, folded in result.all():
                ids[ref, unit_id, "" if ref else folded] = new_id

        def subject_id(person: Subject | int) -> int:
            if isinstance(person, Subject):
                return person.id
            d = new[person]
            ref = d["external_ref"]
            return ids[ref, d["unit_id"], "" if ref else d["name_folded"]]

        records = [
            {
                "subject_id": subject_id(person),
                "award": v["award"],
                "year": v["year"],
                "decided_on": v["decided"],
                "decision_no": row.values.get("decision_no") or None,
            }
            for person, row, v in awards
        ]
        for chunk in chunks(records):
            await session.execute(insert(cast(Table, AwardRecord.__table__)), chunk)
        return len(checked.rows)


class Dossiers:
    name: str = "dossiers"
    columns: Sequence[str] = (
        "code",
        "status",
        "unit",
        "campaign",
        "award",
        "nominees",
        "submitted_at",
        "updated_at",
    )
    required: Sequence[str] = ("unit", "award")

    async def export_rows(self, session: AsyncSession) -> AsyncIterator[dict[str, Any]]:
        codes = await _unit_codes(session)
        campaigns = dict((await session.execute(select(Campaign.id, Campaign.code))).all())
        last_id = 0
        while True:  # keyset pages: constant memory on a million dossiers
            page = (
                (
                    await session.execute(
                        select(Dossier)
                        .where(Dossier.id > last_id)
                        .order_by(Dossier.id)
                        .limit(BATCH)
                    )
                )
                .scalars()
                .all()
            )
            if not page:
                return
            names: dict[int, list[str]] = {}
            for dossier_id, name in await session.execute(
                select(Nominee.dossier_id, Nominee.name)
                .where(Nominee.dossier_id.in_([d.id for d in page]))
                .order_by(Nominee.id)
            ):
                names.setdefault(dossier_id, []).append(name)
            for d in page:
                yield {
                    "code": d.code,
                    "status": d.status,
                    "unit": codes.get(d.unit_id, ""),
                    "campaign": campaigns.get(d.campaign_id, "") if d.campaign_id else "",
                    "award": d.award,
                    "nominees": "; ".join(names.get(d.id, [])),
                    "submitted_at": d.submitted_at,
                    "updated_at": d.updated_at,
                }
            last_id = page[-1].id

    async def check(
        self, session: AsyncSession, rows: Sequence[Row], errors: list[RowError],
        kb: KnowledgeBase,
    ) -> Checked:
        known = await _unit_ids(session)
        campaigns = {
            c: i for i, c in (await session.execute(select(Campaign.id, Campaign.code))).all()
        }
        out = Checked()
        seen: set[str] = set()
        for row in rows:
            unit, award = _need(row, "unit", errors), _need(row, "award", errors)
            if unit and unit not in known:
                errors.append(RowError(row.number, "unknown_unit", "unit", unit))
            status = row.values.get("status", "").strip() or "draft"
            if status not in STATUS_CODES:
                errors.append(RowError(row.number, "bad_choice", "status", status))
            raw_code = row.values.get("code", "").strip()
            code = parse_dossier_code(raw_code) if raw_code else None
            if raw_code and code is None:
                errors.append(RowError(row.number, "bad_code", "code", raw_code))
            if code and code in seen:
                errors.append(RowError(row.number, "duplicate", "code", code))
            if code:
                seen.add(code)
            campaign = row.values.get("campaign", "").strip()
            if campaign and campaign not in campaigns:
                errors.append(RowError(row.number, "unknown_campaign", "campaign", campaign))
            submitted = _date(row, "submitted_at", errors)
            names = [
                normalize_name(n) for n in row.values.get("nominees", "").split(";") if n.strip()
            ]
            out.rows.append(
                (
                    row,
                    {
                        "code": code,
                        "status": status,
                        "unit_id": known.get(unit),
                        "campaign_id": campaigns.get(campaign),
                        "award": award,
                        "names": names,
                        "submitted": submitted,
                    },
                )
            )
        return out

    async def apply(
        self, session: AsyncSession, checked: Checked, now: dt.datetime, actor: int | None
    ) -> int:
        for _, v in checked.rows:
            existing = None
            if v["code"]:
                existing = (
                    await session.execute(select(Dossier).where(Dossier.code == v["code"]))
                ).scalar_one_or_none()
            if existing is None:
                dossier = await create_dossier(
                    session,
                    v["unit_id"],
                    v["award"],
                    [NewNominee(n) for n in v["names"]],
                    now,
                    actor=actor,
                    campaign_id=v["campaign_id"],
                    code=v["code"],
                    status=v["status"],
                )
                if v["submitted"]:
                    async with rollup.tracking(session, [dossier.id]):
                        dossier.submitted_at = v["submitted"]
                continue
            if existing.status != v["status"]:
                async with rollup.tracking(session, [existing.id]):
                    session.add(
                        DossierEvent(
                            dossier_id=existing.id,
                            from_status=existing.status,
                            to_status=v["status"],
                            actor_officer_id=actor,
                            at=now,
                            note=None,
                            data={"import": True},
                        )
                    )
                    decided = decision_day(existing.status, v["status"], now,
                                           getattr(existing, "decided_on", None))
                    await session.execute(
                        update(Dossier)
                        .where(Dossier.id == existing.id)
                        .values(status=v["status"], version=Dossier.version + 1,
                                updated_at=now, decided_on=decided)
                        .execution_options(synchronize_session=False)
                    )
            have = {
                n
                for n in (
                    await session.execute(
                        select(Nominee.name).where(Nominee.dossier_id == existing.id)
                    )
                ).scalars()
            }
            added = [
                Nominee(dossier_id=existing.id, name=n, name_folded=fold(n)[:255])
                for n in v["names"]
                if n not in have
            ]
            session.add_all(added)
            await session.flush()
            await index_nominees(
                session, [(n.id, existing.id, existing.unit_id, n.name) for n in added]
            )
            await recount_nominees(session, [existing.id])
        await session.flush()
        return len(checked.rows)


register(Units())
register(Officers())
register(People())
register(Dossiers())
