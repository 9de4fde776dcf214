"""The dossier check reads the nominees' history from the database (the interview's own facts).

A CSTĐ cơ sở dossier with no facts in it: the unit's records say Trần Thị Mai was rated HTXS, so
the check judges her eligible by the HTXS route and asks for no initiative certificate (B15),
as `/xet` does; a namesake in another unit is someone else; two people of one name give no facts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dossier.builders import manifest_of, valid_dict

from bot.db.models import AwardRecord, Rating, Subject, Unit
from bot.db.session import Database
from bot.dossier import check
from bot.dossier.db_history import load_history
from bot.dossier.engine_hook import eligibility_hook
from bot.text.normalize import fold
from e2e.support import dossier_kb
from knowledge.loader import load_knowledge

NOW = dt.datetime(2026, 1, 10, tzinfo=dt.UTC)


async def _units(db: Database) -> tuple[int, int]:
    async with db.session() as session, session.begin():
        units = [Unit(code=code, name=name, name_folded=fold(name), level="tinh_agency",
                      created_at=NOW)
                 for code, name in (("SYT", "Sở Y tế"), ("BVT", "Bệnh viện tỉnh"))]
        session.add_all(units)
        await session.flush()
        return units[0].id, units[1].id


async def _person(db: Database, unit: int, name: str, rating: str | None) -> int:
    async with db.session() as session, session.begin():
        person = Subject(unit_id=unit, kind="individual", name=name, name_folded=fold(name))
        session.add(person)
        await session.flush()
        if rating:
            session.add(Rating(subject_id=person.id, year=2025, rating=rating))
            session.add(AwardRecord(subject_id=person.id, award="lao_dong_tien_tien", year=2025))
        return person.id


def _without_certificates() -> dict[str, Any]:
    data = valid_dict()
    data["components"] = [c for c in data["components"] if c["type"] != "chung_nhan_sang_kien"]
    return data


async def test_the_check_uses_the_units_records_like_the_interview(db: Database) -> None:
    unit, other = await _units(db)
    await _person(db, unit, "Trần Thị Mai", "hoan_thanh_xuat_sac")
    await _person(db, other, "Đỗ Văn Long", "hoan_thanh_xuat_sac")  # a namesake elsewhere
    kb = load_knowledge()
    manifest = manifest_of(_without_certificates())
    history = await load_history(db, manifest, unit, kb)
    result = check(manifest, dossier_kb(), eligibility=eligibility_hook(kb),
                   history=history).to_json()
    mine = {f["nominee"]: f for f in result["findings"] if f["nominee"]}
    # HTXS on record: the HTXS route holds, no certificate to bring and no rating to ask; what
    # the records cannot say (proceedings under way) stays a question.
    assert mine["N2"]["kind"] == "criteria_unknown"
    assert "Giấy chứng nhận" not in mine["N2"]["message"]
    assert "rating" not in " ".join(mine["N2"]["message"].split("(")[1:])
    assert "Giấy chứng nhận" in mine["N1"]["message"]  # not in this unit's records: ask all
    assert not [f for f in result["findings"] if f["severity"] == "error"]
    facts = history.nominee_facts("Tran Thi Mai", None)
    assert facts is not None and facts["years"]["2025"]["rating"] == "hoan_thanh_xuat_sac"


async def test_two_people_with_one_name_give_no_facts(db: Database) -> None:
    unit, _ = await _units(db)
    await _person(db, unit, "Trần Thị Mai", "hoan_thanh_xuat_sac")
    await _person(db, unit, "Tran Thi Mai", None)
    manifest = manifest_of(valid_dict())
    history = await load_history(db, manifest, unit, load_knowledge())
    assert history.nominee_facts("Trần Thị Mai", None) is None
    assert [p.award for p in history.prior_awards("Trần Thị Mai", None)] == ["lao_dong_tien_tien"]


async def test_a_guest_gets_no_unit_history(db: Database) -> None:
    unit, _ = await _units(db)
    await _person(db, unit, "Trần Thị Mai", "hoan_thanh_xuat_sac")
    history = await load_history(db, manifest_of(valid_dict()), None, load_knowledge())
    assert history.facts == {} and history.awards == {}
