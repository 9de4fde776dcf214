"""The filing service: a supplement to a dossier not awaiting one writes nothing; reviewers of
the unit or of an ancestor unit are pushed once, others never; same content is filed once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.conversation.viewer import Role
from bot.db.models import Dossier, Officer, OutboxMessage, Unit
from bot.db.models_submit import DossierFile
from bot.db.session import Database
from bot.dossier import submit as sub
from bot.render import Renderer
from bot.status.access import Principal
from bot.status.service import NewNominee
from bot.text.normalize import fold
from e2e.support import knowledge_base

KB = knowledge_base()  # the shipped law and policy (workflow, SLA, calendar…)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def filing(errors: int = 0, reason: str | None = None, *names: str) -> sub.Filing:
    files = [sub.FiledFile(n, f"{i:064x}", 10, None, f"tg-{n}") for i, n in enumerate(names)]
    return sub.Filing(award="lao_dong_tien_tien", nominees=[NewNominee("Trần Thị Mai")],
                      manifest={}, report={"findings": [], "summary": {"errors": errors}},
                      files=files, reason=reason)


async def province(db: Database, now: dt.datetime) -> tuple[int, int]:
    """Province board ← health dept ← hospital; reviewers: board-wide, health, education."""
    async with db.session() as s, s.begin():
        def unit(code: str, parent: int | None) -> Unit:
            return Unit(code=code, name=code, name_folded=fold(code), level="unit",
                        parent_id=parent, created_at=now)
        board = unit("TINH", None)
        s.add(board)
        await s.flush()
        health = unit("SYT", board.id)
        school = unit("SGD", board.id)
        s.add_all([health, school])
        await s.flush()
        hospital = unit("BV", health.id)
        s.add(hospital)
        await s.flush()
        for uid, own, scope in ((1, board.id, None), (2, board.id, [health.id]),
                                (3, board.id, [school.id])):
            s.add(Officer(telegram_user_id=uid, full_name=f"R{uid}", unit_id=own,
                          role="reviewer", scope=scope, chat_id=uid, created_at=now))
        officer = Officer(telegram_user_id=9, full_name="Lan", unit_id=hospital.id,
                          role="officer", chat_id=9, created_at=now)
        s.add(officer)
        await s.flush()
        return hospital.id, officer.id


async def test_filing_pushes_the_reviewers_in_scope_once_and_refuses_errors_without_reason(
        db: Database, pinned_now: dt.datetime) -> None:
    hospital, officer = await province(db, pinned_now)
    me = Principal(Role.OFFICER, officer, hospital, frozenset({hospital}))
    async with db.session() as s, s.begin():
        with pytest.raises(sub.SubmissionBlocked):
            await sub.file_new(s, me, filing(2), pinned_now, TZ, Renderer(), KB)
        filed = await sub.file_new(s, me, filing(0, None, "a.docx", "a_copy.docx"), pinned_now,
                                   TZ, Renderer(), KB)
    assert filed.reviewers == 2  # board-wide (no scope, own unit is an ancestor) and health
    async with db.session() as s:
        chats = sorted((await s.scalars(select(OutboxMessage.chat_id))).all())
        assert chats == [1, 2]
        assert await s.scalar(select(func.count()).select_from(Dossier)) == 1
        assert await s.scalar(select(func.count()).select_from(DossierFile)) == 2


async def test_a_supplement_to_a_submitted_dossier_writes_nothing(
        db: Database, pinned_now: dt.datetime) -> None:
    hospital, officer = await province(db, pinned_now)
    me = Principal(Role.OFFICER, officer, hospital, frozenset({hospital}))
    async with db.session() as s, s.begin():
        filed = await sub.file_new(s, me, filing(0, None, "a.docx"), pinned_now, TZ, Renderer(), KB)
    with pytest.raises(sub.NotAwaitingSupplement) as refused:
        async with db.session() as s, s.begin():
            await sub.file_supplement(s, me, filed.code, filing(0, None, "b.docx"),
                                      pinned_now, TZ, Renderer(), KB)
    assert refused.value.status == "submitted"
    async with db.session() as s:
        assert (await s.scalars(select(DossierFile.name))).all() == ["a.docx"]
        assert await s.scalar(select(func.count()).select_from(OutboxMessage)) == 2
