"""A name search reads the names and the dossiers it shows in one statement, and shows exactly
what the two-step read showed (the hits, then the summaries of their dossiers): the same
dossiers in the same order, each officer only their own units', on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from bot.status import search
from bot.status.access import Principal
from bot.status.lookup import DossierSummary, _summary, search_dossiers
from bot.status.one_statement import read_by_ids
from bot.status.search import search_names
from tests.status.conftest import Province

QUERIES = [
    "nguyen van tam",  # more namesakes than a page shows
    "Nguyễn Văn Tâm",
    "nguyen van tma",  # one typo: Tâm, Tân, Tám… take turns
    "nguyen van tahm",  # one typo from Tâm and from Thắm, nearer to Tâm
    "tam nguyen van",  # another order
    "nguyen tam",  # the middle name left out
    "tran thi mai",
    "mai tran",
    "le huu nghia",
    "phan thanh n",  # an initial (the slower path)
    "nguyenvan tam",  # run together (the slower path)
    "khong ai ca",  # nobody
]


def _two_step(
    session: Session, principal: Principal, query: str, limit: int = 5
) -> list[DossierSummary]:
    """The search as it was: the hits, then a second read of the dossiers found."""
    hits = search_names(session, query, principal.units, limit * 2)
    order = list(dict.fromkeys(hit.dossier_id for hit in hits))[:limit]
    return [_summary(row) for row in read_by_ids(session, order)]


@pytest.fixture
async def crowd(province: Province, pinned_now: dt.datetime) -> Province:
    """Namesakes in every unit, some sharing a dossier, added in an interleaved order."""
    at = pinned_now
    for i in range(8):
        for unit in (province.own, province.sub, province.other):
            at += dt.timedelta(minutes=1)
            names = ["Nguyễn Văn Tâm"] if i % 3 else ["Nguyễn Văn Tâm", "Nguyễn Thị Tâm"]
            await province.dossier(unit, names, at)
        at += dt.timedelta(minutes=1)
        await province.dossier(province.sub if i % 2 else province.own, ["Nguyễn Văn Tân"], at)
        await province.dossier(province.other, ["Nguyễn Văn Tám", "Trần Thị Mai"], at)
        if i % 3 == 0:
            await province.dossier(province.own, ["Nguyễn Văn Thắm"], at)
    await province.dossier(province.own, ["Lê Hữu Nghĩa", "Phan Thành Nam"], at)
    await province.dossier(province.other, ["Trần Thị Mai", "Nguyễn Văn Tâm"], at)
    return province


@pytest.mark.parametrize("scope", ["read whole", "keyed"])
async def test_the_one_statement_search_shows_what_the_two_step_read_showed(
    crowd: Province, monkeypatch: pytest.MonkeyPatch, scope: str
) -> None:
    if scope == "keyed":  # a scope too big to read whole takes the same paths as an admin's
        monkeypatch.setattr(search, "SMALL_SCOPE", 0)
    officers = [crowd.officer, crowd.officer_sub, crowd.other_officer, crowd.reviewer, crowd.admin]
    for officer in officers:
        principal = await crowd.principal(officer)
        for query in QUERIES:
            shown = await crowd.db.read(search_dossiers, principal, query)
            assert shown == await crowd.db.read(_two_step, principal, query), (officer, query)
            assert all(principal.covers(s.unit_id) for s in shown), (officer, query)
    # The officer of one unit never sees the other units' namesakes.
    officer = await crowd.principal(crowd.officer)
    shown = await crowd.db.read(search_dossiers, officer, "nguyen van tam")
    assert len(shown) == 5 and {s.unit_id for s in shown} == {crowd.own}
    assert all("Nguyễn Văn Tâm" in s.nominees for s in shown)


@contextmanager
def _statements(session: Session) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _counted(
    session: Session, principal: Principal, query: str
) -> tuple[list[DossierSummary], int]:
    search_dossiers(session, principal, "tran thi mai")  # the vocabulary is read once first
    with _statements(session) as seen:
        shown = search_dossiers(session, principal, query)
    return shown, len(seen)


@pytest.mark.parametrize(
    "query", ["nguyen van tam", "nguyen van tma", "nguyen van tahm", "tam nguyen van"]
)
async def test_a_search_is_one_round_trip(crowd: Province, query: str) -> None:
    admin = await crowd.principal(crowd.admin)
    shown, statements = await crowd.db.read(_counted, admin, query)
    assert len(shown) == 5 and statements == 1
    assert any("Nguyễn Văn Tâm" in s.nominees for s in shown)
