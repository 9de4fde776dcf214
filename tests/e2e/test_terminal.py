"""The terminal chat offers the same menu and answers as Telegram, from typed lines."""

from __future__ import annotations

import io

from bot.chat.journeys import build_router
from bot.config import Settings
from bot.db.session import Database
from bot.render import Renderer
from bot.services import Services
from e2e.support import dossier_kb, knowledge_base
from tdkt.terminal import TerminalChat

KB = dossier_kb()  # the shipped dossier rules (readers, checker, blank forms)


def _chat(db: Database, database_url: str) -> tuple[TerminalChat, io.StringIO]:
    services = Services(Settings(database_url=database_url), db, knowledge_base(), Renderer())
    out = io.StringIO()
    return TerminalChat(services, build_router(), out), out


async def test_terminal_shows_lettered_menu_and_a_letter_taps_it(
    db: Database, database_url: str
) -> None:
    chat, out = _chat(db, database_url)
    chat.show(await chat.handle_line("/menu"))
    assert "[a] 🏅 Xét điều kiện khen thưởng" in out.getvalue()
    assert "[d] ⏰ Nhắc hạn nộp" in out.getvalue()
    replies = await chat.handle_line("a")
    assert "Anh/chị muốn xét danh hiệu, hình thức nào?" in replies[0].text


async def test_terminal_unknown_command_is_explained(db: Database, database_url: str) -> None:
    chat, out = _chat(db, database_url)
    chat.show(await chat.handle_line("/khongco"))
    assert "Lệnh /khongco không có" in out.getvalue()


async def test_terminal_output_is_plain_text_without_html(db: Database, database_url: str) -> None:
    chat, out = _chat(db, database_url)
    chat.show(await chat.handle_line("/help"))
    assert "<b>" not in out.getvalue()
    assert "Hướng dẫn sử dụng" in out.getvalue()


async def test_typing_an_absolute_file_path_sends_the_document(
    db: Database,
    database_url: str,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    """On Linux a path starts with "/": it must be read as a document, not an unknown command."""
    from bot.dossier.blanks import BlankContext, BlankNominee, nominee_list_xlsx

    path = tmp_path / "danh_sach.xlsx"
    path.write_bytes(
        nominee_list_xlsx(BlankContext(unit="Sở Y tế", nominees=[BlankNominee("Trần Thị Mai")]),
                          kb=KB)
    )
    chat, out = _chat(db, database_url)
    chat.show(await chat.handle_line(str(path)))
    assert "danh_sach.xlsx" in out.getvalue()
    assert "không có" not in out.getvalue()
