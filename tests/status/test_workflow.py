"""The state machine: every allowed transition succeeds, every other pair is refused."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import select, update

from bot.db.models import Dossier, DossierEvent
from bot.render import Renderer
from bot.status.errors import ReasonRequired, TransitionNotAllowed
from bot.status.service import change_status
from e2e.support import knowledge_base
from knowledge.workflow_schema import STATUS_CODES, Side
from tests.status.conftest import TZ, Province

KB = knowledge_base()  # the shipped law and policy (workflow, SLA, calendar…)

WORKFLOW = knowledge_base().workflow.on(dt.date(2026, 1, 15))
ALLOWED = sorted(WORKFLOW.transitions)
FORBIDDEN = sorted(set(itertools.product(STATUS_CODES, STATUS_CODES)) - set(ALLOWED))


def test_the_workflow_matches_legal_procedure_section_6() -> None:
    expected = {
        ("draft", "checked"), ("checked", "submitted"), ("submitted", "received"),
        ("submitted", "intake_rejected"), ("submitted", "needs_supplement"),
        ("needs_supplement", "submitted"), ("received", "appraising"),
        ("appraising", "needs_supplement"), ("appraising", "consulting"),
        ("appraising", "council_review"), ("appraising", "not_approved"),
        ("consulting", "council_review"), ("council_review", "awaiting_decision"),
        ("council_review", "not_approved"), ("council_review", "needs_supplement"),
        ("awaiting_decision", "approved"), ("awaiting_decision", "not_approved"),
        ("awaiting_decision", "forwarded_up"), ("forwarded_up", "approved"),
        ("forwarded_up", "not_approved"), ("approved", "delivered"),
    }  # fmt: skip
    assert expected <= set(ALLOWED)
    terminal = {"delivered", "not_approved", "intake_rejected", "withdrawn"}
    assert not [t for t in ALLOWED if t[0] in terminal]


async def _at(province: Province, status: str, now: dt.datetime) -> str:
    code = await province.dossier(province.own, ["Trần Văn An"], now)
    async with province.db.session() as session, session.begin():
        await session.execute(update(Dossier).where(Dossier.code == code).values(status=status))
    return code


@pytest.mark.parametrize(("from_", "to"), ALLOWED)
async def test_every_allowed_transition_is_recorded(
    province: Province, renderer: Renderer, pinned_now: dt.datetime, from_: str, to: str
) -> None:
    code = await _at(province, from_, pinned_now)
    side = WORKFLOW.transition(from_, to).by  # type: ignore[union-attr]
    actor = province.officer if side is Side.UNIT else province.reviewer
    principal = await province.principal(actor)
    async with province.db.session() as session, session.begin():
        changed = await change_status(
            session, principal, code, to, pinned_now, TZ, renderer, note="Lý do kiểm thử", kb=KB
        )
    assert (changed.from_status, changed.to_status) == (from_, to)
    async with province.db.session() as session:
        status = await session.scalar(select(Dossier.status).where(Dossier.code == code))
        last = (
            await session.execute(
                select(DossierEvent)
                .where(DossierEvent.dossier_id == changed.dossier_id)
                .order_by(DossierEvent.id.desc())
                .limit(1)
            )
        ).scalar_one()
    assert status == to
    assert (last.from_status, last.to_status, last.actor_officer_id, last.note) == (
        from_,
        to,
        actor.id,
        "Lý do kiểm thử",
    )


@pytest.mark.parametrize(("from_", "to"), FORBIDDEN)
async def test_every_other_transition_is_refused(
    province: Province, renderer: Renderer, pinned_now: dt.datetime, from_: str, to: str
) -> None:
    code = await _at(province, from_, pinned_now)
    principal = await province.principal(province.admin)  # even an admin cannot skip steps
    async with province.db.session() as session, session.begin():
        with pytest.raises(TransitionNotAllowed):
            await change_status(session, principal, code, to, pinned_now, TZ, renderer, note="x",
                                kb=KB)
    async with province.db.session() as session:
        assert await session.scalar(select(Dossier.status).where(Dossier.code == code)) == from_


async def test_a_unit_cannot_make_a_reviewer_move_nor_the_reverse(
    province: Province, renderer: Renderer, pinned_now: dt.datetime
) -> None:
    submitted = await _at(province, "submitted", pinned_now)
    officer = await province.principal(province.officer)
    async with province.db.session() as session, session.begin():
        with pytest.raises(TransitionNotAllowed):
            await change_status(session, officer, submitted, "received", pinned_now, TZ, renderer,
                                kb=KB)
    checked = await _at(province, "checked", pinned_now)
    reviewer = await province.principal(province.reviewer)
    async with province.db.session() as session, session.begin():
        with pytest.raises(TransitionNotAllowed):
            await change_status(session, reviewer, checked, "submitted", pinned_now, TZ, renderer,
                                kb=KB)


async def test_a_refusal_needs_a_reason(
    province: Province, renderer: Renderer, pinned_now: dt.datetime
) -> None:
    code = await _at(province, "submitted", pinned_now)
    reviewer = await province.principal(province.reviewer)
    async with province.db.session() as session, session.begin():
        with pytest.raises(ReasonRequired):
            await change_status(
                session, reviewer, code, "intake_rejected", pinned_now, TZ, renderer, note="   ",
                kb=KB,
            )
