"""A reviewer invited for a province's units opens /hoso: what needs action comes first
(overdue appraisals, then new submissions and resubmissions, then by expected date), decided and
delivered dossiers are behind a filter button, and every row names the unit and the nominee."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from bot.db.models import Dossier, Unit
from bot.status.service import NewNominee, create_dossier
from e2e.support import BotEnv, register_officer

NOW = dt.datetime(2025, 11, 1, 3, 0, tzinfo=dt.UTC)


async def _unit(env: BotEnv, code: str, name: str) -> int:
    async with env.db.session() as session, session.begin():
        unit = Unit(code=code, name=name, name_folded=code.lower(), level="tinh_agency",
                    created_at=NOW)
        session.add(unit)
        await session.flush()
        return unit.id


async def _dossier(env: BotEnv, unit_id: int, name: str, status: str,
                   due: dt.date | None) -> str:
    async with env.db.session() as session, session.begin():
        dossier = await create_dossier(session, unit_id, "bang_khen_tinh", [NewNominee(name)],
                                       NOW, status="submitted")
        await session.execute(update(Dossier).where(Dossier.id == dossier.id)
                              .values(status=status, sla_due_on=due))
        return dossier.code


async def test_reviewer_queue_puts_overdue_then_new_first_and_hides_decided_behind_a_filter(
    bot_env: BotEnv,
) -> None:
    today = dt.datetime.now(dt.UTC).date()  # the bot dates turns by the real clock
    school = await _unit(bot_env, "THPT-NT", "Trường THPT Nguyễn Trãi")
    health = await _unit(bot_env, "SYT", "Sở Y tế")
    home = await _unit(bot_env, "SNV", "Sở Nội vụ")
    # Last year's decided dossiers: before the fix they opened the queue (earliest date first).
    old = [await _dossier(bot_env, school, f"Người Cũ {i}", "approved",
                          today - dt.timedelta(days=360 + i)) for i in range(3)]
    later = await _dossier(bot_env, health, "Lê Văn Sau", "received",
                           today + dt.timedelta(days=20))
    fresh = await _dossier(bot_env, health, "Phạm Thị Mới", "submitted", None)
    late = await _dossier(bot_env, school, "Trần Diệu Lan", "appraising",
                          today - dt.timedelta(days=8))
    delivered = await _dossier(bot_env, school, "Đỗ Đã Trao", "delivered", None)

    reviewer = bot_env.server.user(5004, "Tâm")
    await register_officer(bot_env.services, reviewer, home, role="reviewer",
                           scope=[school, health])
    await reviewer.send("/hoso")
    page = reviewer.last_reply()
    order = [code for code in (late, fresh, later, *old, delivered) if code in page.text]
    assert order == [late, fresh, later]
    assert page.text.index(late) < page.text.index(fresh) < page.text.index(later)
    assert "⚠️ quá hạn" in page.text
    cards = [label for label in page.labels if label.startswith("📄")]
    assert cards[0] == "📄 Trần Diệu Lan – Trường THPT Nguyễn Trãi"
    assert cards[1] == "📄 Phạm Thị Mới – Sở Y tế"
    assert "Trường THPT Nguyễn Trãi" in page.text  # each row names its unit

    await reviewer.tap("✅ Xem hồ sơ đã quyết định, đã trao")
    decided = reviewer.last_reply().text
    assert delivered in decided and all(code in decided for code in old)
    assert late not in decided and fresh not in decided
    await reviewer.tap("📥 Hồ sơ cần xử lý")
    assert late in reviewer.last_reply().text
