"""The eligibility interview in `tdkt chat`: the same journey, typed as letters and numbers."""

from __future__ import annotations

import datetime as dt
import io

from bot.chat.journeys import build_router
from bot.config import Settings
from bot.db.session import Database
from bot.render import Renderer
from bot.services import Services
from bot.text import fold
from e2e.support import knowledge_base
from tdkt.terminal import TerminalChat

# 09:00 in Hà Nội, 15 January 2026: the year-end season for the achievements of 2025.
NOW = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)


class Console:
    """A person at the terminal: types lines, reads what was printed since."""

    def __init__(self, db: Database, database_url: str) -> None:
        services = Services(Settings(database_url=database_url), db, knowledge_base(), Renderer())
        self.out = io.StringIO()
        self.chat = TerminalChat(services, build_router(), self.out, clock=lambda: NOW)

    async def type(self, line: str) -> str:
        start = len(self.out.getvalue())
        self.chat.show(await self.chat.handle_line(line))
        return self.out.getvalue()[start:]

    def letter(self, label: str) -> str:
        """The letter printed in front of the button whose label starts with `label`."""
        wanted = fold(label)
        for index, button in enumerate(self.chat.buttons):
            if fold(button.label) == wanted or fold(button.label).startswith(wanted):
                return chr(ord("a") + index)
        raise AssertionError(f"no button {label!r}: {[b.label for b in self.chat.buttons]}")

    async def press(self, label: str) -> str:
        letter = self.letter(label)
        screen = await self.type(letter)
        assert screen.strip(), f"nothing printed after typing {letter!r} ({label})"
        return screen


async def test_the_individual_journey_in_the_terminal_reaches_a_verdict(
    db: Database, database_url: str
) -> None:
    console = Console(db, database_url)
    menu = await console.type("/menu")
    assert "[a] 🏅 Xét điều kiện khen thưởng" in menu
    screen = await console.type("a")
    assert "Anh/chị muốn xét danh hiệu, hình thức nào?" in screen

    screen = await console.type("cstd co so")
    # The console is the local admin: it may name a person, or skip.
    assert "Người được xét tên là gì?" in screen
    screen = await console.press("Bỏ qua")
    assert "[a] 2025" in screen  # the default year first
    screen = await console.type("a")
    assert "Câu 1" in screen

    answers = {
        "đang bị xem xét": "Không",
        "có bị kỷ luật không": "Không bị kỷ luật",
        "xếp loại": "Hoàn thành xuất sắc nhiệm vụ",
        "tích cực tham gia": "Có",
    }
    asked = 0
    while "Câu " in screen and asked < 20:
        asked += 1
        if "bao nhiêu tháng" in screen:
            screen = await console.type("14")
            assert "Số phải từ 0 đến 12" in screen and "bao nhiêu tháng" in screen
            screen = await console.type("12")  # a number, typed: not a button letter
            continue
        label = next((a for key, a in answers.items() if key in screen), "Không rõ")
        screen = await console.press(label)

    assert asked >= 5
    assert "Chiến sĩ thi đua cơ sở · thành tích năm 2025" in screen
    assert "✅ Đủ điều kiện" in screen
    assert "<b>" not in screen and "<i>" not in screen
    assert "— Điều 23" in screen

    why = await console.press("Vì sao?")
    assert why.startswith("Vì sao? – Chiến sĩ thi đua cơ sở")
    # "Vì sao?" has no buttons of its own: the verdict's letters still work.
    changed = await console.press("Sửa câu trả lời")
    assert "Hoàn thành xuất sắc nhiệm vụ" in changed
    screen = await console.type("3")
    assert "xếp loại" in screen
    screen = await console.press("Hoàn thành nhiệm vụ")
    assert "❌ Chưa đủ điều kiện" in screen


async def test_a_collective_in_the_terminal_takes_typed_member_numbers(
    db: Database, database_url: str
) -> None:
    console = Console(db, database_url)
    await console.type("/xet tap the lao dong tien tien")
    await console.press("Bỏ qua")
    screen = await console.press("2025")
    typed = {"tổng số thành viên": "40", "đạt Lao động tiên tiến": "30"}
    answers = {
        "đang bị xem xét": "Không",
        "có bị kỷ luật không": "Không bị kỷ luật",
        "xếp loại": "Hoàn thành tốt nhiệm vụ",
        "thành viên bị kỷ luật": "Không",
        "của tỉnh nào": "Không rõ",  # the console has no unit: asked, national rules
    }
    for _ in range(20):
        if "Câu " not in screen:
            break
        number = next((n for key, n in typed.items() if key in screen), None)
        if number is not None:
            screen = await console.type(number)
        else:
            label = next((a for k, a in answers.items() if k in screen), "Có")
            screen = await console.press(label)
    assert "Tập thể lao động tiên tiến · thành tích năm 2025" in screen
    assert "✅ Đủ điều kiện" in screen
