"""Report figures from the database agree with counts made here, row by row, in plain Python."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from statistics import median
from zoneinfo import ZoneInfo

import pytest

from bot.conversation.viewer import Role
from bot.db.session import Database
from bot.errors import AccessDenied
from bot.reports.errors import ReportError
from bot.reports.figures import compute_figures
from bot.reports.scope import resolve_scope
from bot.status.access import Principal
from e2e.support import knowledge_base

from .world import DEADLINE, World

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = dt.date(2026, 2, 20)
ADMIN = Principal(Role.ADMIN, None, None, None)


def _local(value: dt.datetime | None) -> dt.date | None:
    return value.astimezone(TZ).date() if value else None


async def _figures(db: Database, principal: Principal = ADMIN, **kw: object):  # type: ignore[no-untyped-def]
    async with db.session() as s:
        scope = await resolve_scope(s, principal, kw.pop("year", 2025), TZ, **kw)  # type: ignore[arg-type]
        return await compute_figures(s, scope, AS_OF, knowledge_base())


async def test_dossiers_and_nominees_by_form_and_status_match_the_rows(db: Database,
                                                                       world: World) -> None:
    f = await _figures(db)
    mine = [d for d in world.dossiers if d["campaign"]]
    assert {(r.award, r.status): r.dossiers for r in f.by_form_status} == Counter(
        (d["award"], d["status"]) for d in mine)
    nominees = Counter((n["dossier"]["award"], n["dossier"]["status"])
                       for n in world.nominees if n["dossier"]["campaign"])
    assert {(r.award, r.status): r.nominees for r in f.by_form_status} == nominees
    assert f.dossiers == len(mine)


async def test_kinds_leaders_and_bases_match_the_rows(db: Database, world: World) -> None:
    f = await _figures(db)
    rows = [n for n in world.nominees if n["dossier"]["campaign"]]
    assert {k.kind: k.nominees for k in f.by_kind} == Counter(n["kind"] for n in rows)
    people = [n for n in rows if n["kind"] == "individual"]
    leaders = sum(1 for n in people if world.leaders[n["subject"]])
    assert (f.leaders.leaders, f.leaders.non_leaders) == (leaders, len(people) - leaders)
    assert f.leaders.non_leader_share == pytest.approx((len(people) - leaders) / len(people))
    won = [n for n in people if n["outcome"] == "approved"]
    assert f.leaders.approved_leaders == sum(1 for n in won if world.leaders[n["subject"]])
    bases = Counter(("thu_tuc_don_gian" if d["procedure"] == "simplified" else d["basis"] or
                     "unknown") for d in world.dossiers if d["campaign"])
    got: Counter[str] = Counter()
    for row in f.by_basis:
        got[row.category] += row.dossiers
    assert got == bases


async def test_approval_rate_and_median_processing_days(db: Database, world: World) -> None:
    f = await _figures(db)
    mine = [d for d in world.dossiers if d["campaign"]]
    decided = [d for d in mine if d["status"] in ("approved", "delivered", "not_approved")]
    approved = [d for d in decided if d["status"] != "not_approved"]
    assert (f.outcome.dossiers_decided, f.outcome.dossiers_approved) == (len(decided),
                                                                         len(approved))
    assert f.outcome.dossier_rate == pytest.approx(len(approved) / len(decided))
    calendar = knowledge_base().calendar
    days = [calendar.working_days_between(*world.decision_days[d["id"]])
            for d in mine if d["id"] in world.decision_days]
    assert f.outcome.processed == len(days)
    assert f.outcome.median_working_days == pytest.approx(median(days))


async def test_late_and_returned_dossiers_by_unit(db: Database, world: World) -> None:
    f = await _figures(db)
    late: Counter[str] = Counter()
    returned: Counter[str] = Counter()
    for d in (d for d in world.dossiers if d["campaign"]):
        sub, rec = _local(d["submitted"]), _local(d["received"])
        exempt = d["procedure"] == "simplified" or d["basis"] == "dot_xuat"
        if sub and sub > DEADLINE and (rec is None or rec > DEADLINE) and not exempt:
            late[d["unit"]] += 1
        if d["id"] in world.returned:
            returned[d["unit"]] += 1
    by_code = {u.code: u for u in f.units}
    assert {c: u.late for c, u in by_code.items() if u.late} == dict(late)
    assert {c: u.returned for c, u in by_code.items() if u.returned} == dict(returned)
    assert sum(late.values()) > 0 and sum(returned.values()) > 0


async def test_a_campaign_report_counts_only_that_campaign(db: Database, world: World) -> None:
    f = await _figures(db, campaign_code="TKN-2024", year=None)
    assert f.scope.year == 2024
    assert f.dossiers == sum(1 for d in world.dossiers if not d["campaign"])


async def test_an_officer_sees_only_their_own_unit(db: Database, world: World) -> None:
    officer = Principal(Role.OFFICER, world.officers["officer_a"], world.units["A"],
                        frozenset({world.units["A"]}))
    f = await _figures(db, officer)
    assert [u.code for u in f.units] == ["A"]
    assert f.dossiers == sum(1 for d in world.dossiers if d["campaign"] and d["unit"] == "A")
    with pytest.raises(AccessDenied):
        await _figures(db, officer, unit_code="B")
    with pytest.raises(AccessDenied):
        await _figures(db, officer, cluster="Khối Kinh tế")


async def test_a_reviewer_reports_on_a_cluster_of_their_scope(db: Database, world: World) -> None:
    reviewer = Principal(Role.REVIEWER, world.officers["reviewer"], world.units["T"],
                         frozenset(world.units.values()))
    f = await _figures(db, reviewer, cluster="Khối Văn hoá")
    assert {u.code for u in f.units} == {"A", "B"}
    with pytest.raises(ReportError) as error:
        await _figures(db, reviewer, cluster="Khối Không Có")
    assert error.value.key == "report_unknown_cluster"


async def test_unknown_campaign_and_bad_year_are_clear_errors(db: Database, world: World) -> None:
    for kw, key in (({"campaign_code": "KHONG-CO"}, "report_unknown_campaign"),
                    ({"year": 1800}, "report_bad_year"),
                    ({"unit_code": "ZZ"}, "unknown_unit")):
        with pytest.raises(ReportError) as error:
            await _figures(db, **kw)
        assert error.value.key == key
