"""Helpers for the reminders tests: a small province (units, officers, a campaign) and a
notifier that records what it was asked to send and can be told to fail."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bot.db.delivery import SendResult
from bot.db.models import Officer, Unit
from bot.db.session import Database
from bot.reminders.campaigns import CampaignSpec, DeadlineSpec, create_campaign
from bot.reminders.plan import ReminderPlan

VN = dt.timezone(dt.timedelta(hours=7))
CREATED = dt.datetime(2026, 1, 1, 1, 0, tzinfo=dt.UTC)
DEADLINE = dt.date(2026, 1, 31)


def vn(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    """A Hà Nội wall-clock time as an aware datetime."""
    return dt.datetime(y, m, d, h, mi, tzinfo=VN)


@dataclass
class World:
    units: dict[str, int] = field(default_factory=dict)
    officers: dict[str, int] = field(default_factory=dict)  # name → officer id (chat = 5000+id)
    campaign_id: int = 0
    deadline_ids: list[int] = field(default_factory=list)


async def add_unit(db: Database, code: str, name: str, cluster: str | None = None) -> int:
    from bot.text.normalize import fold

    async with db.session() as s, s.begin():
        unit = Unit(code=code, name=name, name_folded=fold(name), level="tinh_agency",
                    cluster=cluster, created_at=CREATED)
        s.add(unit)
        await s.flush()
        return unit.id


async def add_officer(db: Database, unit_id: int, name: str, chat_id: int,
                      role: str = "officer", scope: list[int] | None = None) -> int:
    async with db.session() as s, s.begin():
        officer = Officer(telegram_user_id=chat_id, full_name=name, unit_id=unit_id, role=role,
                          chat_id=chat_id, scope=scope, created_at=CREATED)
        s.add(officer)
        await s.flush()
        return officer.id


async def small_province(db: Database, plan: ReminderPlan | None = None,
                         deadlines: tuple[dt.date, ...] = (DEADLINE,)) -> World:
    """Three units in a campaign (one officer each) plus a reviewer; one deadline 31/01/2026."""
    world = World()
    for code, name in (("SYT", "Sở Y tế"), ("SGD", "Sở Giáo dục và Đào tạo"),
                       ("STC", "Sở Tài chính")):
        world.units[code] = await add_unit(db, code, name, cluster="Khối Văn hoá - Xã hội")
    world.units["SNV"] = await add_unit(db, "SNV", "Sở Nội vụ")
    for chat, (name, code) in enumerate((("Mai", "SYT"), ("Lan", "SGD"), ("Hùng", "STC")), 1001):
        world.officers[name] = await add_officer(db, world.units[code], name, chat)
    # The reviewer reviews the three units of the campaign (not their own unit, SNV).
    world.officers["Thẩm định"] = await add_officer(
        db, world.units["SNV"], "Thẩm định", 2001, role="reviewer",
        scope=[world.units[c] for c in ("SYT", "SGD", "STC")])
    spec = CampaignSpec(
        name="Tổng kết năm 2025", year=2025, source_document="CV 24/HĐTĐKT ngày 05/12/2025",
        deadlines=tuple(DeadlineSpec(f"Nhóm {i + 1}", d) for i, d in enumerate(deadlines)),
        unit_ids=(world.units["SYT"], world.units["SGD"], world.units["STC"]),
        plan=plan or ReminderPlan(),
    )
    async with db.session() as s, s.begin():
        campaign = await create_campaign(s, spec, None, CREATED)
        world.campaign_id = campaign.id
    from sqlalchemy import select

    from bot.db.models import CampaignDeadline

    async with db.session() as s:
        world.deadline_ids = list((await s.scalars(
            select(CampaignDeadline.id).where(CampaignDeadline.campaign_id == world.campaign_id)
            .order_by(CampaignDeadline.id)
        )).all())
    return world


class RecordingNotifier:
    """Sends nothing; remembers every (chat, text) and answers with scripted results."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, dict[str, Any]]] = []
        self.script: list[SendResult] = []  # consumed first, then "sent"
        self.blocked: set[int] = set()
        self._next_id = 100

    async def send(self, chat_id: int, payload: dict[str, Any]) -> SendResult:
        if chat_id in self.blocked:
            return SendResult.blocked("Forbidden: bot was blocked by the user")
        if self.script:
            result = self.script.pop(0)
            if result.outcome != "sent":
                return result
        self.sent.append((chat_id, payload))
        self._next_id += 1
        return SendResult.sent(self._next_id)

    def chats(self) -> Counter[int]:
        return Counter(chat for chat, _ in self.sent)
