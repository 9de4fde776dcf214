"""`tdkt seed --demo`: a realistic, fictional province to try every journey on.

Deterministic (one fixed random seed) and idempotent (a second run finds the province and adds
nothing); everything is written in one transaction, so an interrupted run leaves no half
province. Names and unit names come from `bot/db/seed_data/province.yaml`. `size="large"`
(≈ 60 units, 200+ officers, 5,000 people, 1,000 dossiers) uses bulk inserts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from random import Random
from typing import Any

import yaml
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

import bot.db
from bot.db import audit
from bot.db.codes import new_dossier_code
from bot.db.demo_dossiers import outcome, status_dates, timeline
from bot.db.demo_people import UnitInfo, history, person_name, person_row
from bot.db.models import (
    AwardRecord,
    Campaign,
    CampaignDeadline,
    CampaignUnit,
    Dossier,
    DossierEvent,
    Nominee,
    Officer,
    Rating,
    Subject,
    Unit,
)
from bot.db.nominee_counts import recount_nominees
from bot.db.session import Database
from bot.errors import InputError
from bot.status.search import rebuild_index
from bot.text.normalize import fold

# The word lists ship as package data of bot.db (pyproject.toml), next to its demo helpers.
SEED_FILE = Path(bot.db.__file__).parent / "seed_data" / "province.yaml"
RANDOM_SEED = 20_250_701
SIZES = ("small", "large")


@dataclass(frozen=True)
class SeedReport:
    """What the demo province holds; `created` is False when it was already there."""

    units: int
    officers: int
    people: int
    dossiers: int
    created: bool


@cache
def seed_data() -> dict[str, Any]:
    with SEED_FILE.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


async def seed_demo(
    db: Database, now: dt.datetime, size: str = "small", province: str | None = None
) -> SeedReport:
    """Load the demo province (once); return what it holds. Its units carry `province` (the
    deployment's TDKT_PROVINCE) unless the seed file names one (`province.id`): the demo
    province is fictional, so by default its units' province is unknown."""
    if size not in SIZES:
        raise InputError(
            "bad_arguments", kind="choice", name="--size", value=size, prog="tdkt seed"
        )
    data = seed_data()
    async with db.session() as session, session.begin():
        root = await session.scalar(select(Unit.id).where(Unit.code == data["units"][0]["code"]))
        if root is None:
            await _Province(session, data, now, size, province).build()
            # Bulk-inserted nominees are not in the name-search index until it is rebuilt.
            await rebuild_index(session)
            await recount_nominees(session)  # the report reads nominee counts off each dossier
        return await _report(session, data["province"]["code"], created=root is None)


async def _report(session: AsyncSession, prefix: str, created: bool) -> SeedReport:
    demo_units = select(Unit.id).where(Unit.code.like(f"{prefix}-%")).scalar_subquery()

    async def count(model: Any, *where: Any) -> int:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    return SeedReport(
        units=await count(Unit, Unit.id.in_(demo_units)),
        officers=await count(Officer, Officer.unit_id.in_(demo_units)),
        people=await count(Subject, Subject.unit_id.in_(demo_units), Subject.kind == "individual"),
        dossiers=await count(Dossier, Dossier.unit_id.in_(demo_units)),
        created=created,
    )


class _Province:
    """Builds the province step by step; each step bulk-inserts one kind of row."""

    def __init__(
        self,
        session: AsyncSession,
        data: dict[str, Any],
        now: dt.datetime,
        size: str,
        province: str | None = None,
    ):
        self.session, self.data, self.now, self.size = session, data, now, size
        self.province = data["province"].get("id") or province
        self.rng = Random(RANDOM_SEED)
        self.units: dict[str, UnitInfo] = {}
        self.unit_names: dict[int, str] = {}
        self.reviewer_unit = ""
        self.officers_by_unit: dict[int, list[int]] = {}
        self.reviewers: list[int] = []
        self.people_by_unit: dict[int, list[tuple[int, str]]] = {}
        self.collective_of: dict[int, tuple[int, str]] = {}

    async def build(self) -> None:
        await self._units()
        await self._officers()
        await self._people()
        campaigns = await self._campaigns()
        await self._dossiers(campaigns)
        await audit.record(
            self.session, None, "demo_seeded", None, None, {"size": self.size}, self.now
        )

    # -- organisation ---------------------------------------------------------------------

    def _unit_specs(self) -> list[dict[str, Any]]:
        specs = [dict(spec) for spec in self.data["units"]]
        if self.size == "large":
            large = self.data["large"]
            prefix = self.data["province"]["code"]
            root = specs[0]["code"]
            for n, name in enumerate(large["communes"], start=1):
                code = f"{prefix}-XL{n:02d}"
                cluster = "xa_bac" if n % 2 else "xa_nam"
                specs.append(
                    {
                        "code": code,
                        "name": name,
                        "level": "xa",
                        "parent": root,
                        "cluster": cluster,
                        "valid_from": self.data["reorganised_on"],
                    }
                )
                short = name.split(" ", 1)[1]
                for k, template in enumerate(large["schools"], start=1):
                    specs.append(
                        {
                            "code": f"{code}-T{k}",
                            "name": template.format(name=short),
                            "level": "unit",
                            "parent": code,
                            "cluster": cluster,
                            "sector": "giao_duc",
                        }
                    )
        return specs

    async def _units(self) -> None:
        ids: dict[str, int] = {}
        rows: list[Unit] = []
        for spec in self._unit_specs():
            unit = Unit(
                code=spec["code"],
                name=spec["name"],
                name_folded=fold(spec["name"]),
                level=spec["level"],
                parent_id=ids.get(spec.get("parent", "")),
                cluster=self.data["clusters"].get(spec.get("cluster", "")),
                sector=spec.get("sector"),
                province=spec.get("province") or self.province,
                active=spec.get("active", True),
                valid_from=spec.get("valid_from"),
                valid_to=spec.get("valid_to"),
                created_at=self.now,
            )
            self.session.add(unit)
            await self.session.flush()
            ids[unit.code] = unit.id
            self.unit_names[unit.id] = unit.name
            rows.append(unit)
            if spec.get("reviewers"):
                self.reviewer_unit = unit.code
            predecessor = spec.get("predecessor")
            if predecessor:
                old = next(r for r in rows if r.code == predecessor)
                old.successor_id = old.successor_id or unit.id
            if unit.active:
                self.units[unit.code] = UnitInfo(unit.id, unit.code, unit.level, unit.sector)
        await self.session.flush()

    async def _officers(self) -> None:
        names = self.data["names"]
        reviewed = [u.id for c, u in self.units.items() if c != self.reviewer_unit]
        reviewer_unit = self.units[self.reviewer_unit]
        rows: list[dict[str, Any]] = []
        for role in ("admin", "reviewer", "reviewer", "reviewer"):
            rows.append(
                self._officer(
                    reviewer_unit.id,
                    role,
                    person_name(self.rng, names)[0],
                    reviewed if role == "reviewer" else None,
                )
            )
        per_unit = self.data["large"]["officers_per_unit"] if self.size == "large" else 2
        for info in self.units.values():
            if info.level == "tinh" or info.code == self.reviewer_unit:
                continue
            for _ in range(self.rng.randint(max(1, per_unit - 1), per_unit)):
                rows.append(
                    self._officer(info.id, "officer", person_name(self.rng, names)[0], None)
                )
        ids = await self._insert(Officer, rows)
        for row, officer_id in zip(rows, ids, strict=True):
            if row["role"] == "reviewer":
                self.reviewers.append(officer_id)
            elif row["role"] == "officer":
                self.officers_by_unit.setdefault(row["unit_id"], []).append(officer_id)

    def _officer(
        self, unit_id: int, role: str, name: str, scope: list[int] | None
    ) -> dict[str, Any]:
        return {
            "telegram_user_id": None,
            "full_name": name,
            "unit_id": unit_id,
            "role": role,
            "scope": scope,
            "can_see_subunits": role != "officer",
            "active": True,
            "chat_id": None,
            "created_at": self.now,
        }

    # -- people and their history ---------------------------------------------------------

    async def _people(self) -> None:
        units = [u for u in self.units.values() if u.level != "tinh"]
        weight = {"unit": 3.0, "tinh_agency": 2.0, "xa": 1.5}
        total = self.data[self.size]["people"]
        chosen = self.rng.choices(units, weights=[weight.get(u.level, 1.0) for u in units], k=total)
        prefix = self.data["province"]["code"]
        rows = [
            person_row(self.rng, self.data, unit, f"{prefix}-P{n:05d}", self.now)
            for n, unit in enumerate(chosen, start=1)
        ]
        ids = await self._insert(Subject, rows)
        ratings: list[dict[str, Any]] = []
        awards: list[dict[str, Any]] = []
        for row, subject_id in zip(rows, ids, strict=True):
            self.people_by_unit.setdefault(row["unit_id"], []).append((subject_id, row["name"]))
            year_ratings, year_awards = history(
                self.rng, self.data, subject_id, row["service_start"], self.now
            )
            ratings += year_ratings
            awards += year_awards
        await self._insert(Rating, ratings, returning=False)
        await self._insert(AwardRecord, awards, returning=False)
        collectives: list[dict[str, Any]] = []
        for unit in units:
            name = self.unit_names[unit.id]
            collectives.append(
                {
                    "unit_id": unit.id,
                    "kind": "collective",
                    "name": name,
                    "name_folded": fold(name),
                    "external_ref": f"{prefix}-C-{unit.code}",
                    "is_leader": False,
                    "active": True,
                }
            )
        for unit, subject_id in zip(units, await self._insert(Subject, collectives), strict=True):
            self.collective_of[unit.id] = (subject_id, self.unit_names[unit.id])

    # -- campaigns and dossiers -----------------------------------------------------------

    async def _campaigns(self) -> list[tuple[int, int, dt.datetime]]:
        spec = self.data["campaign"]
        current = self.now.year - 1 if self.now.month <= 6 else self.now.year
        participants = [
            u.id for u in self.units.values() if u.level != "tinh" and u.code != self.reviewer_unit
        ]
        made: list[tuple[int, int, dt.datetime]] = []
        for year in (current - 1, current):
            opened = min(
                self.now - dt.timedelta(days=45), dt.datetime(year, 11, 15, 2, tzinfo=dt.UTC)
            )
            campaign = Campaign(
                code=spec["code"].format(year=year),
                name=spec["name"].format(year=year),
                year=year,
                kind=spec["kind"],
                source_document=spec["source_document"].format(year=year),
                reminder_plan=spec["reminder_plan"],
                active=year == current,
                created_at=opened,
            )
            self.session.add(campaign)
            await self.session.flush()
            for deadline in spec["deadlines"]:
                self.session.add(
                    CampaignDeadline(
                        campaign_id=campaign.id,
                        award_group=deadline["award_group"],
                        deadline=dt.date(year + 1, deadline["month"], deadline["day"]),
                        applies_to=deadline["applies_to"],
                    )
                )
            await self._insert(
                CampaignUnit,
                [{"campaign_id": campaign.id, "unit_id": u} for u in participants],
                returning=False,
            )
            made.append((campaign.id, year, opened))
        return made

    async def _dossiers(self, campaigns: list[tuple[int, int, dt.datetime]]) -> None:
        awards = self.data["dossier_awards"]
        statuses = self.data["dossier_statuses"]
        units = [u for u in self.units.values() if u.id in self.officers_by_unit]
        finished = {"approved", "delivered", "not_approved"}
        codes: set[str] = set()
        rows: list[dict[str, Any]] = []
        plans: list[tuple[list[Any], list[tuple[int | None, str]], str]] = []
        for _ in range(self.data[self.size]["dossiers"]):
            unit = self.rng.choice(units)
            award = self.rng.choices(awards, weights=[a["weight"] for a in awards])[0]
            final = self.rng.choices(
                list(statuses), weights=[s["weight"] for s in statuses.values()]
            )[0]
            older = final in finished and self.rng.random() < 0.5
            campaign_id, year, opened = campaigns[0 if older else 1]
            end = campaigns[1][2] if older else self.now
            steps = timeline(self.rng, statuses[final]["path"], opened, end)
            code = new_dossier_code(year + 1, self.rng)
            while code in codes:
                code = new_dossier_code(year + 1, self.rng)
            codes.add(code)
            rows.append(
                {
                    "code": code,
                    "unit_id": unit.id,
                    "campaign_id": campaign_id,
                    "award": award["award"],
                    "basis": "cong_trang",
                    "procedure": "regular",
                    "status": final,
                    "version": len(steps),
                    "created_by": self.officers_by_unit[unit.id][0],
                    "created_at": steps[0].at,
                    "updated_at": steps[-1].at,
                    **status_dates(steps),
                }
            )
            plans.append((steps, self._nominees(unit.id, award["kind"]), final))
        ids = await self._insert(Dossier, rows)
        nominees: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for dossier_id, row, (steps, chosen, final) in zip(ids, rows, plans, strict=True):
            for subject_id, name in chosen:
                nominees.append(
                    {
                        "dossier_id": dossier_id,
                        "name": name,
                        "name_folded": fold(name),
                        "kind": "collective"
                        if subject_id == self.collective_of.get(row["unit_id"], (None,))[0]
                        else "individual",
                        "subject_id": subject_id,
                        "outcome": outcome(self.rng, final),
                    }
                )
            for step in steps:
                actor = row["created_by"] if step.by_unit else self.rng.choice(self.reviewers)
                events.append(
                    {
                        "dossier_id": dossier_id,
                        "from_status": step.from_status,
                        "to_status": step.to_status,
                        "actor_officer_id": actor,
                        "at": step.at,
                        "note": None,
                        "data": None,
                    }
                )
        await self._insert(Nominee, nominees, returning=False)
        await self._insert(DossierEvent, events, returning=False)

    def _nominees(self, unit_id: int, kind: str) -> list[tuple[int | None, str]]:
        if kind == "collective" and unit_id in self.collective_of:
            return [self.collective_of[unit_id]]
        people = self.people_by_unit.get(unit_id, [])
        if not people:
            return [self.collective_of[unit_id]]
        return self.rng.sample(people, k=min(len(people), self.rng.choice((1, 1, 1, 2, 3))))

    # -- bulk insert ------------------------------------------------------------------------

    async def _insert(
        self, model: Any, rows: list[dict[str, Any]], returning: bool = True
    ) -> list[int]:
        """Insert many rows in one round trip per batch; return their ids in order."""
        if not rows:
            return []
        if not returning:
            await self.session.execute(insert(model), rows)
            return []
        statement = insert(model).returning(model.id, sort_by_parameter_order=True)
        result = await self.session.execute(statement, rows)
        return [int(row[0]) for row in result.all()]
