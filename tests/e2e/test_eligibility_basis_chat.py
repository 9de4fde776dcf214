"""Issue 12 item 3 through the fake Bot API: after the year of an earlier Bằng khen Thủ tướng the
bot asks its basis (Công trạng / Chuyên đề / Đột xuất / Không rõ). A chuyên đề one does not
ground the Huân chương Lao động hạng Ba (Decree 152/2025 Art. 4.3); "Không rõ" leaves the verdict
open with the question named, never ❌."""

from __future__ import annotations

from e2e.support import BotEnv
from e2e.test_eligibility_chat import (
    UNKNOWN,
    WHY,
    answer_questions,
    is_question,
    open_interview,
    pick_default_year,
    verdict_lines,
)
from fakebot.client import FakeUser

PRIOR_BKTT = "Bằng khen của Thủ tướng Chính phủ gần nhất"
BASIS = "được khen theo loại nào"
MERIT_BEFORE = "theo công trạng gần nhất"
BKTT_LINE = "Đã được tặng Bằng khen của Thủ tướng Chính phủ"
ANSWERS = {
    "đang bị xem xét": "Không",
    "có bị kỷ luật không": "Không bị kỷ luật",
    "Huân chương Lao động hạng Ba gần nhất": "Chưa từng được tặng",
    "thành tích đột xuất": "Không",
    "quá trình cống hiến": "Không",
}


async def up_to_the_basis(user: FakeUser) -> int:
    """Ask for the Labour Order, answer up to the Bằng khen Thủ tướng, type its year (three
    years before the evaluation year) and stop at the basis question; returns that year."""
    await open_interview(user)
    await user.send("huan chuong lao dong hang ba")
    year = await pick_default_year(user)
    await answer_questions(user, ANSWERS, until=PRIOR_BKTT)
    await user.send(str(year - 3))
    question = user.last_reply()
    assert BASIS in question.text and f"năm {year - 3}" in question.text, question.text
    assert {"Công trạng", "Chuyên đề", "Đột xuất", UNKNOWN} <= set(question.labels)
    return year


async def test_a_chuyen_de_bang_khen_thu_tuong_grounds_no_labour_order(bot_env: BotEnv) -> None:
    user = bot_env.server.user(2301, "Lan")
    year = await up_to_the_basis(user)
    await user.tap("Chuyên đề")
    assert MERIT_BEFORE in user.last_reply().text
    await user.tap("Chưa từng được tặng theo công trạng")
    await answer_questions(user, ANSWERS)

    verdict = user.last_reply()
    assert "Chưa đạt" in verdict.text, verdict.text
    assert any(line.startswith("❌") and BKTT_LINE in line for line in verdict_lines(verdict.text))
    await user.tap(WHY)
    why = user.last_reply().text
    assert f"không tính: Bằng khen của Thủ tướng Chính phủ năm {year - 3} (khen chuyên đề" in why
    # The answer that would change the verdict is named.
    assert "đã trả lời «Chuyên đề»; nếu là «Công trạng»" in why


async def test_khong_ro_to_the_basis_leaves_the_verdict_open(bot_env: BotEnv) -> None:
    user = bot_env.server.user(2302, "Tùng")
    await up_to_the_basis(user)
    await user.send("khong ro")  # typed, as the button reads
    assert is_question(user.last_reply().text)
    assert BASIS not in user.last_reply().text
    await answer_questions(user, ANSWERS)

    verdict = user.last_reply()
    assert "Chưa đủ thông tin để kết luận" in verdict.text, verdict.text
    lines = verdict_lines(verdict.text)
    assert any(line.startswith("❔") and BKTT_LINE in line for line in lines)
    assert not any(line.startswith("❌") and BKTT_LINE in line for line in lines)
    await user.tap(WHY)
    why = user.last_reply().text
    assert why.startswith("Vì sao? – Huân chương Lao động hạng Ba")
    assert "là khen công trạng hay chuyên đề, đột xuất" in why


async def test_a_typed_cong_trang_is_the_button(bot_env: BotEnv) -> None:
    user = bot_env.server.user(2303, "Hải")
    await up_to_the_basis(user)
    await user.send("cong trang")
    # Công trạng three years ago: the five years after it cannot be complete, and the bot does
    # not ask which kind of award came before it.
    assert MERIT_BEFORE not in user.last_reply().text
    await answer_questions(user, ANSWERS)
    verdict = user.last_reply()
    assert not any(BKTT_LINE in line for line in verdict_lines(verdict.text)
                   if line[0] in "❌❔"), verdict.text
    await user.tap(WHY)
    assert any(line.startswith("✅") and BKTT_LINE in line
               for line in verdict_lines(user.last_reply().text))
