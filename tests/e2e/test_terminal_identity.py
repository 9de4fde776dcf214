"""`tdkt chat` asks who is at the terminal (or takes `--as ROLE --unit U`), greets that person
and is never an admin by default: with no answer the console is a guest."""

from __future__ import annotations

import datetime as dt
import getpass
import io

from bot.config import Settings
from bot.db.models import Officer, Unit
from bot.db.session import Database
from bot.render import Renderer
from bot.status.service import NewNominee, create_dossier
from tdkt.terminal import run_terminal_chat

NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)


async def _province(db: Database) -> str:
    """A school with a submitted dossier; a reviewer of Sở Nội vụ whose scope is the school."""
    async with db.session() as session, session.begin():
        school = Unit(code="THPT-NT", name="Trường THPT Nguyễn Trãi", name_folded="truong thpt",
                      level="tinh_agency", created_at=NOW)
        home = Unit(code="SNV", name="Sở Nội vụ", name_folded="so noi vu", level="tinh_agency",
                    created_at=NOW)
        session.add_all([school, home])
        await session.flush()
        session.add(Officer(full_name="Vũ Minh Tâm", unit_id=home.id, role="reviewer",
                            telegram_user_id=5004, chat_id=5004, created_at=NOW,
                            scope=[school.id]))
        dossier = await create_dossier(session, school.id, "bang_khen_tinh",
                                       [NewNominee("Trần Diệu Lan")], NOW, status="submitted")
        return dossier.code


async def _run(database_url: str, typed: str, **identity: str) -> str:
    out = io.StringIO()
    code = await run_terminal_chat(Settings(database_url=database_url), Renderer(),
                                   lines=io.StringIO(typed), output=out, **identity)
    assert code == 0
    return out.getvalue()


async def test_terminal_chat_is_a_guest_unless_told_otherwise(
    db: Database, database_url: str
) -> None:
    code = await _province(db)
    shown = await _run(database_url, "\n/hoso\n")
    assert "Anh/chị dùng trợ lý với tư cách nào?" in shown
    assert f"Xin chào {getpass.getuser()}" not in shown
    assert "chỉ dành cho cán bộ đã đăng ký" in shown
    assert code not in shown


async def test_terminal_chat_as_reviewer_of_a_unit_greets_them_and_shows_their_queue(
    db: Database, database_url: str
) -> None:
    code = await _province(db)
    shown = await _run(database_url, "/hoso\n", role="reviewer", unit="so noi vu")
    assert "Anh/chị dùng trợ lý với tư cách nào?" not in shown
    assert "Xin chào Vũ Minh Tâm" in shown
    assert code in shown


async def test_terminal_chat_asks_the_role_and_the_unit(db: Database, database_url: str) -> None:
    await _province(db)
    shown = await _run(database_url, "2\nSNV\n/hoso\n")
    assert "Đơn vị của anh/chị" in shown
    assert "Sở Nội vụ chưa có cán bộ phụ trách thi đua, khen thưởng nào đăng ký" in shown
    shown = await _run(database_url, "4\n/hoso\n")
    assert "Hồ sơ cần xử lý" in shown
