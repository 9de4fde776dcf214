"""Scope on every write in the reminders journey: a reviewer changes only campaigns whose units
all lie in their scope; closing, reopening, re-scoping or editing a wider one needs an admin."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat import common
from bot.chat import reminders as journey
from bot.chat.router import Router
from bot.config import Settings
from bot.conversation import sessions
from bot.conversation.turn import Turn
from bot.db.session import Database
from bot.reminders.campaigns import CampaignView, get_campaign, list_campaigns
from bot.render import Renderer
from bot.services import Services
from e2e.support import knowledge_base

from .support import World, add_officer, small_province, vn

NOW = vn(2026, 1, 10, 9).astimezone(dt.UTC)
WIDE, NARROW, ADMIN = 2001, 2002, 9001  # reviewer of the 3 units, reviewer of SYT, admin
ROUTER = Router([common.JOURNEY, journey.JOURNEY], common.not_understood, common.stale_button)


@pytest.fixture
async def world(db: Database) -> World:
    world = await small_province(db)
    await add_officer(db, world.units["SNV"], "Hẹp", NARROW, role="reviewer",
                      scope=[world.units["SYT"]])
    return world


def _turn(db: Database, user: int, *, text: str = "", data: str = "") -> Turn:
    settings = Settings(database_url="sqlite://", admin_ids=str(ADMIN))
    services = Services(settings, db, knowledge_base(), Renderer())
    return Turn(services, user, user, "User", NOW, text=text, data=data)


async def _campaign(db: Database, world: World) -> CampaignView:
    async with db.session() as s:
        campaign = await get_campaign(s, world.campaign_id)
    assert campaign is not None
    return campaign


async def _snapshot(db: Database, world: World) -> tuple[object, ...]:
    c = await _campaign(db, world)
    deadlines = [(d.id, d.award_group, d.deadline) for d in c.deadlines]
    return c.active, c.unit_ids, c.plan.to_text(), deadlines


def _edits(world: World) -> list[str]:
    cid, did = world.campaign_id, world.deadline_ids[0]
    return [f"rm:e:{cid}:{what}" for what in ("close", "open", "units", "plan", "add")] + [
        f"rm:e:{cid}:mv:{did}"
    ]


@pytest.mark.parametrize("edit", range(6))
async def test_a_reviewer_cannot_change_a_campaign_reaching_outside_their_scope(
    db: Database, world: World, edit: int
) -> None:
    before = await _snapshot(db, world)
    data = _edits(world)[edit]
    [reply] = await ROUTER.button(_turn(db, NARROW, data=data))
    assert "chỉ quản trị viên" in reply.text, data
    assert await _snapshot(db, world) == before
    # No form was opened: typed text afterwards changes nothing either.
    await ROUTER.text(_turn(db, NARROW, text="20/02/2026"))
    assert await _snapshot(db, world) == before


async def test_a_reviewer_cannot_close_a_campaign_outside_scope_but_an_admin_can(
    db: Database, world: World
) -> None:
    close = f"rm:e:{world.campaign_id}:close"
    [detail] = await ROUTER.button(_turn(db, NARROW, data=f"rm:c:{world.campaign_id}"))
    assert not detail.buttons  # no edit buttons on a campaign they may not change
    await ROUTER.button(_turn(db, NARROW, data=close))
    assert (await _campaign(db, world)).active
    await ROUTER.button(_turn(db, ADMIN, data=close))
    assert not (await _campaign(db, world)).active
    await ROUTER.button(_turn(db, WIDE, data=f"rm:e:{world.campaign_id}:open"))
    assert (await _campaign(db, world)).active  # the reviewer of all three units may


async def test_a_forged_edit_form_is_refused_when_it_is_saved(
    db: Database, world: World
) -> None:
    """The scope is checked again on the last step, not only when the form opens."""
    before = await _snapshot(db, world)
    answers = {"mode": "edit", "campaign_id": world.campaign_id, "step": "plan"}
    await sessions.update_flow(db, NARROW, NARROW, journey.FLOW,
                               lambda _: sessions.FlowState(answers=answers), NOW)
    [reply] = await ROUTER.text(_turn(db, NARROW, text="7,3@09:00"))
    assert "chỉ quản trị viên" in reply.text
    assert await _snapshot(db, world) == before


async def test_a_reviewer_cannot_rescope_their_campaign_beyond_their_scope(
    db: Database, world: World
) -> None:
    await ROUTER.button(_turn(db, WIDE, data=f"rm:e:{world.campaign_id}:units"))
    [reply] = await ROUTER.text(_turn(db, WIDE, text="SYT; SNV"))
    assert "ngoài phạm vi" in reply.text
    assert (await _campaign(db, world)).unit_ids == frozenset(
        world.units[c] for c in ("SYT", "SGD", "STC"))


async def test_a_reviewer_creates_campaigns_only_for_units_in_scope(
    db: Database, world: World
) -> None:
    await ROUTER.button(_turn(db, NARROW, data="rm:c:new"))
    await ROUTER.text(_turn(db, NARROW, text="Đợt chuyên đề"))
    await ROUTER.button(_turn(db, NARROW, data="rm:w:k:thematic"))
    await ROUTER.button(_turn(db, NARROW, data="rm:w:skip"))
    await ROUTER.text(_turn(db, NARROW, text="Nhóm A"))
    await ROUTER.text(_turn(db, NARROW, text="20/02/2026"))
    await ROUTER.button(_turn(db, NARROW, data="rm:w:done"))
    [outside] = await ROUTER.text(_turn(db, NARROW, text="SYT; SGD"))
    assert "ngoài phạm vi" in outside.text
    # "Tất cả đơn vị" for a reviewer is every unit of their scope.
    await ROUTER.button(_turn(db, NARROW, data="rm:w:all"))
    await ROUTER.button(_turn(db, NARROW, data="rm:w:def"))
    await ROUTER.button(_turn(db, NARROW, data="rm:w:save"))
    async with db.session() as s:
        found = [c for c in await list_campaigns(s, active_only=False)
                 if c.name == "Đợt chuyên đề"]
    assert [c.unit_ids for c in found] == [frozenset({world.units["SYT"]})]
