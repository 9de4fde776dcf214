"""The reviewers' digest flags the units of their scope where nobody is registered: nobody there
gets the reminders (UX test, journey 5: Trường THPT chuyên Minh Sơn had no officer and the
digest did not say so)."""

from __future__ import annotations

from sqlalchemy import update

from bot.db.models import Officer
from bot.db.session import Database
from bot.reminders.tick import tick

from .support import RecordingNotifier, add_officer, small_province, vn

REVIEWER, OTHER_REVIEWER = 2001, 2002


async def test_the_digest_names_units_in_scope_without_a_registered_officer(db: Database) -> None:
    world = await small_province(db)
    # Hùng (Sở Tài chính) left: deactivated, so nobody at Sở Tài chính is reminded.
    async with db.session() as s, s.begin():
        await s.execute(update(Officer).where(Officer.id == world.officers["Hùng"])
                        .values(active=False))
    # A second reviewer covers Sở Y tế only: Sở Tài chính is not theirs to chase.
    await add_officer(db, world.units["SNV"], "Thẩm định 2", OTHER_REVIEWER, role="reviewer",
                      scope=[world.units["SYT"]])
    notifier = RecordingNotifier()
    await tick(db, notifier, vn(2026, 1, 24, 9))
    digests = {chat: p["text"] for chat, p in notifier.sent if chat in (REVIEWER, OTHER_REVIEWER)}
    assert "Đơn vị chưa có cán bộ đăng ký" in digests[REVIEWER]
    flagged = digests[REVIEWER].split("Đơn vị chưa có cán bộ đăng ký")[1]
    assert "Sở Tài chính" in flagged and "Sở Y tế" not in flagged and "/canbo" in flagged
    assert "Đơn vị chưa có cán bộ đăng ký" not in digests[OTHER_REVIEWER]
