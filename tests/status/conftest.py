"""Fixtures for the status tests: a small province (parent unit, sub-unit, other unit) with an
officer, a sub-unit-seeing officer, a reviewer and an admin, and helpers to make dossiers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from bot.conversation.viewer import Role, Viewer
from bot.db.models import Officer, Unit
from bot.db.session import Database
from bot.render import Renderer
from bot.status.access import Principal, resolve
from bot.status.service import NewNominee, create_dossier
from fakebot.fixtures import fake_telegram  # noqa: F401  (used by the e2e test)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass
class Province:
    db: Database
    own: int  # Sở Y tế
    sub: int  # Bệnh viện tỉnh, under Sở Y tế
    other: int  # Sở Giáo dục
    officer: Officer
    officer_sub: Officer  # an officer of `own` who may see sub-units
    other_officer: Officer
    reviewer: Officer  # scope: `own` (and below)
    admin: Officer

    async def principal(self, officer: Officer | None) -> Principal:
        if officer is None:
            viewer = Viewer(Role.GUEST)
        else:
            viewer = Viewer(Role(officer.role), officer.id, officer.full_name, officer.unit_id)
        async with self.db.session() as session:
            return await resolve(session, viewer)

    async def dossier(
        self,
        unit_id: int,
        names: Sequence[str],
        now: dt.datetime,
        status: str = "draft",
        award: str = "bang_khen_tinh",
    ) -> str:
        async with self.db.session() as session, session.begin():
            dossier = await create_dossier(
                session, unit_id, award, [NewNominee(n) for n in names], now, status=status
            )
            return dossier.code


def _unit(code: str, name: str, now: dt.datetime, parent: int | None = None) -> Unit:
    from bot.text.normalize import fold

    return Unit(
        code=code,
        name=name,
        name_folded=fold(name),
        level="tinh_agency",
        parent_id=parent,
        created_at=now,
    )


@pytest.fixture
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture
async def province(db: Database, pinned_now: dt.datetime) -> Province:
    async with db.session() as session, session.begin():
        own = _unit("SYT", "Sở Y tế", pinned_now)
        other = _unit("SGD", "Sở Giáo dục và Đào tạo", pinned_now)
        session.add_all([own, other])
        await session.flush()
        sub = _unit("BVT", "Bệnh viện Đa khoa tỉnh", pinned_now, parent=own.id)
        session.add(sub)
        await session.flush()

        def officer(name: str, unit: int, role: str, user: int, **extra: object) -> Officer:
            return Officer(
                full_name=name,
                unit_id=unit,
                role=role,
                telegram_user_id=user,
                chat_id=user,
                created_at=pinned_now,
                **extra,
            )

        people = [
            officer("Trần Thị Mai", own.id, "officer", 101),
            officer("Lê Văn Hùng", own.id, "officer", 102, can_see_subunits=True),
            officer("Phạm Thu Hà", other.id, "officer", 103),
            officer("Vũ Minh Tâm", other.id, "reviewer", 201, scope=[own.id]),
            officer("Quản Trị", other.id, "admin", 301),
        ]
        session.add_all(people)
        await session.flush()
    return Province(db, own.id, sub.id, other.id, *people)
