"""A small province written row by row, with the Python lists the tests count independently."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from random import Random
from typing import Any

from bot.db.models import (
    Campaign,
    CampaignDeadline,
    Dossier,
    DossierEvent,
    Nominee,
    Officer,
    Subject,
    Unit,
)
from bot.db.nominee_counts import recount_nominees
from bot.db.session import Database

STATUSES = ("draft", "submitted", "received", "needs_supplement", "appraising", "approved",
            "delivered", "not_approved", "forwarded_up", "withdrawn")
AWARDS = ("chien_si_thi_dua_co_so", "bang_khen_tinh", "giay_khen")
BASES = ("cong_trang", "chuyen_de", "dot_xuat", None)
YEAR = 2025
DEADLINE = dt.date(2026, 1, 20)
UTC = dt.UTC
USERS = {"officer_a": 1001, "reviewer": 2001, "reviewer_c": 2002}


@dataclass
class World:
    units: dict[str, int] = field(default_factory=dict)
    officers: dict[str, int] = field(default_factory=dict)
    dossiers: list[dict[str, Any]] = field(default_factory=list)
    nominees: list[dict[str, Any]] = field(default_factory=list)
    leaders: dict[int, bool] = field(default_factory=dict)
    returned: set[int] = field(default_factory=set)
    decision_days: dict[int, tuple[dt.date, dt.date]] = field(default_factory=dict)


async def build_world(db: Database, now: dt.datetime, dossiers: int = 120) -> World:
    rng = Random(7)
    world = World()
    async with db.session() as s, s.begin():
        root = Unit(code="T", name="Tỉnh Thử", name_folded="tinh thu", level="tinh", created_at=now)
        s.add(root)
        await s.flush()
        world.units["T"] = root.id
        for code, cluster in (("A", "Khối Văn hoá"), ("B", "Khối Văn hoá"), ("C", "Khối Kinh tế")):
            unit = Unit(code=code, name=f"Đơn vị {code}", name_folded=f"don vi {code.lower()}",
                        level="tinh_agency", parent_id=root.id, cluster=cluster, created_at=now)
            s.add(unit)
            await s.flush()
            world.units[code] = unit.id
        for key, home, role, scope in (("officer_a", "A", "officer", None),
                                       ("reviewer", "T", "reviewer", None),
                                       ("reviewer_c", "T", "reviewer", ["C"])):
            officer = Officer(telegram_user_id=USERS[key], full_name=key,
                              unit_id=world.units[home], role=role,
                              scope=[world.units[c] for c in scope] if scope else None,
                              can_see_subunits=role != "officer", created_at=now)
            s.add(officer)
            await s.flush()
            world.officers[key] = officer.id
        people: dict[str, list[int]] = {}
        for code in "ABC":
            for n in range(6):
                subject = Subject(unit_id=world.units[code], name=f"Người {code}{n}",
                                  name_folded=f"nguoi {code.lower()}{n}", is_leader=n < 2)
                s.add(subject)
                await s.flush()
                people.setdefault(code, []).append(subject.id)
                world.leaders[subject.id] = subject.is_leader
        campaign = Campaign(code="TKN-2025", name="Tổng kết 2025", year=YEAR, kind="year_end",
                            created_at=now)
        other = Campaign(code="TKN-2024", name="Tổng kết 2024", year=2024, kind="year_end",
                         created_at=now)
        s.add_all([campaign, other])
        await s.flush()
        s.add(CampaignDeadline(campaign_id=campaign.id, award_group="chung", deadline=DEADLINE))
        for i in range(dossiers):
            code = rng.choice("ABC")
            status = rng.choice(STATUSES)
            camp = other.id if i % 10 == 0 else campaign.id
            submitted = received = None
            start = dt.datetime(2026, 1, 5, 3, tzinfo=UTC) + dt.timedelta(days=rng.randint(0, 30))
            if status != "draft":
                submitted = start
            if status not in ("draft", "submitted", "withdrawn"):
                received = start + dt.timedelta(days=1)
            dossier = Dossier(code=f"KT-{i:05d}", unit_id=world.units[code], campaign_id=camp,
                              award=rng.choice(AWARDS), basis=rng.choice(BASES),
                              procedure="simplified" if i % 7 == 0 else "regular", status=status,
                              created_at=start, updated_at=start, submitted_at=submitted,
                              received_at=received)
            s.add(dossier)
            await s.flush()
            row = {"id": dossier.id, "unit": code, "campaign": camp == campaign.id,
                   "award": dossier.award, "status": status, "basis": dossier.basis,
                   "procedure": dossier.procedure, "submitted": submitted, "received": received}
            world.dossiers.append(row)
            events = [DossierEvent(dossier_id=dossier.id, from_status=None, to_status="draft",
                                   at=start)]
            if status == "needs_supplement" or (received and i % 5 == 0):
                events.append(DossierEvent(dossier_id=dossier.id, from_status="appraising",
                                           to_status="needs_supplement", at=start))
                world.returned.add(dossier.id)
            if status in ("approved", "delivered", "not_approved", "forwarded_up"):
                decided = start + dt.timedelta(days=rng.randint(2, 20))
                events.append(DossierEvent(dossier_id=dossier.id, from_status="awaiting_decision",
                                           to_status="forwarded_up" if status == "forwarded_up"
                                           else ("not_approved" if status == "not_approved"
                                                 else "approved"), at=decided))
                assert received is not None
                local = dt.timedelta(hours=7)
                world.decision_days[dossier.id] = ((received + local).date(),
                                                   (decided + local).date())
                # As every writer of a decision does (bot/db/decided.py).
                dossier.decided_on = (decided + local).date()  # type: ignore[attr-defined]
            s.add_all(events)
            chosen: list[int | None] = list(rng.sample(people[code], k=rng.randint(1, 3)))
            if i % 4 == 0:
                chosen = [None]  # a collective, not linked to a person
            for subject_id in chosen:
                outcome = ("approved" if status in ("approved", "delivered")
                           else "not_approved" if status == "not_approved" else None)
                nominee = Nominee(dossier_id=dossier.id, name="x", name_folded="x",
                                  kind="collective" if subject_id is None else "individual",
                                  subject_id=subject_id, outcome=outcome)
                s.add(nominee)
                world.nominees.append({"dossier": row, "subject": subject_id,
                                       "kind": nominee.kind, "outcome": outcome})
        await s.flush()
        await recount_nominees(s)  # as every writer of nominees does (bot/db/nominee_counts.py)
    return world
