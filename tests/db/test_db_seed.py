"""The demo province is realistic enough to try every journey, and loading it twice is harmless."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.db.models import (
    AwardRecord,
    Dossier,
    DossierEvent,
    Nominee,
    Officer,
    Rating,
    Subject,
    Unit,
)
from bot.db.session import Database
from bot.errors import InputError
from tdkt.seed import seed_demo


async def test_small_province_has_units_people_history_and_dossiers(
    db: Database, pinned_now: dt.datetime
) -> None:
    report = await seed_demo(db, pinned_now)
    assert report.created is True
    assert report.units >= 12 and 15 <= report.officers <= 30
    assert (report.people, report.dossiers) == (300, 60)
    async with db.session() as session:
        roles = set((await session.execute(select(Officer.role))).scalars())
        levels = set((await session.execute(select(Unit.level))).scalars())
        rating_years = (
            await session.execute(select(func.min(Rating.year), func.max(Rating.year)))
        ).one()
        awards = set((await session.execute(select(AwardRecord.award))).scalars())
        statuses = set((await session.execute(select(Dossier.status))).scalars())
    assert roles == {"admin", "reviewer", "officer"}
    assert {"tinh", "tinh_agency", "xa", "huyen", "unit"} <= levels
    assert rating_years[1] == 2025 and rating_years[0] <= 2022
    assert {"lao_dong_tien_tien", "chien_si_thi_dua_co_so"} <= awards
    assert len(statuses) >= 8


async def test_district_is_kept_as_history_after_the_reorganisation(
    db: Database, pinned_now: dt.datetime
) -> None:
    await seed_demo(db, pinned_now)
    async with db.session() as session:
        districts = (
            (await session.execute(select(Unit).where(Unit.level == "huyen"))).scalars().all()
        )
    assert districts and all(not d.active and d.valid_to == dt.date(2025, 6, 30) for d in districts)
    assert all(d.successor_id is not None for d in districts)


async def test_each_dossier_history_ends_at_its_status(
    db: Database, pinned_now: dt.datetime
) -> None:
    await seed_demo(db, pinned_now)
    async with db.session() as session:
        dossiers = (await session.execute(select(Dossier))).scalars().all()
        events = (
            (
                await session.execute(
                    select(DossierEvent).order_by(DossierEvent.dossier_id, DossierEvent.at)
                )
            )
            .scalars()
            .all()
        )
        nominee_dossiers = set((await session.execute(select(Nominee.dossier_id))).scalars())
    by_dossier: dict[int, list[DossierEvent]] = {}
    for event in events:
        by_dossier.setdefault(event.dossier_id, []).append(event)
    for dossier in dossiers:
        chain = by_dossier[dossier.id]
        assert chain[0].from_status is None and chain[-1].to_status == dossier.status
        assert all(a.to_status == b.from_status for a, b in itertools.pairwise(chain))
        assert chain[-1].at <= pinned_now and dossier.updated_at == chain[-1].at
        assert dossier.code.startswith("KT-")
    assert nominee_dossiers == {d.id for d in dossiers}


async def _row_counts(db: Database) -> list[int]:
    tables = (Unit, Officer, Subject, Rating, AwardRecord, Dossier, Nominee, DossierEvent)
    async with db.session() as session:
        return [int(await session.scalar(select(func.count()).select_from(t)) or 0) for t in tables]


async def test_seeding_twice_adds_nothing(db: Database, pinned_now: dt.datetime) -> None:
    first = await seed_demo(db, pinned_now)
    before = await _row_counts(db)
    second = await seed_demo(db, pinned_now + dt.timedelta(days=1))
    assert second.created is False
    assert await _row_counts(db) == before
    assert (second.units, second.people, second.dossiers) == (
        first.units,
        first.people,
        first.dossiers,
    )


async def test_same_seed_gives_the_same_province(tmp_path: Path, pinned_now: dt.datetime) -> None:
    snapshots = []
    for n in range(2):
        database = Database(f"sqlite:///{tmp_path / f'demo{n}.db'}")
        await database.upgrade()
        await seed_demo(database, pinned_now)
        async with database.session() as session:
            codes = (
                (await session.execute(select(Dossier.code).order_by(Dossier.id))).scalars().all()
            )
            names = (
                (await session.execute(select(Subject.name).order_by(Subject.id))).scalars().all()
            )
        snapshots.append((codes, names))
        await database.dispose()
    assert snapshots[0] == snapshots[1]


async def test_unknown_size_is_a_clear_error(db: Database, pinned_now: dt.datetime) -> None:
    with pytest.raises(InputError):
        await seed_demo(db, pinned_now, size="huge")
