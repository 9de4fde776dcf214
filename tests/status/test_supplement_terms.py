"""A supplement request carries a deadline — the one the reviewer wrote ("hạn 20/01/2026"), else
the default working days of knowledge/workflow/sla.yaml — and who asked; both reach the unit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.db.models import DossierEvent, OutboxMessage
from bot.render import Renderer
from bot.status.service import change_status
from e2e.support import knowledge_base
from tests.status.conftest import TZ, Province


async def _ask(province: Province, renderer: Renderer, now: dt.datetime, note: str) -> dict:
    code = await province.dossier(province.own, ["Nguyễn Thị Lan"], now, "submitted")
    reviewer = await province.principal(province.reviewer)
    async with province.db.session() as session, session.begin():
        changed = await change_status(session, reviewer, code, "needs_supplement", now, TZ,
                                      renderer, note=note, kb=knowledge_base())
        event = await session.get(DossierEvent, changed.event_id)
        assert event is not None
        return dict(event.data or {})


async def test_a_deadline_written_in_the_note_is_the_deadline(
    province: Province, renderer: Renderer, pinned_now: dt.datetime
) -> None:
    data = await _ask(province, renderer, pinned_now,
                      "Thiếu biên bản họp Hội đồng, hạn bổ sung: 20/01/2026")
    assert data["supplement_due"] == "2026-01-20"
    assert str(data["requested_by"]).startswith(province.reviewer.full_name)
    async with province.db.session() as session:
        texts = [m.payload["text"] for m in (await session.scalars(select(OutboxMessage))).all()]
    assert texts and all("Hạn bổ sung: <b>20/01/2026</b>" in t for t in texts)


async def test_without_one_the_default_working_days_apply(
    province: Province, renderer: Renderer, pinned_now: dt.datetime
) -> None:
    # A past date in the note is not a deadline: the default applies.
    data = await _ask(province, renderer, pinned_now, "Thiếu biên bản, hạn 01/01/2020")
    today = pinned_now.astimezone(TZ).date()
    due = knowledge_base().calendar.add_working_days(today, 10)
    assert data["supplement_due"] == due.isoformat()
