"""The eligibility interview in Telegram, as an officer lives it: through the fake Bot API.

The Application reads the real clock at the handler edge, so the evaluation year is read from
what the bot proposes. Only records stored before the interview (prefill) need it in advance:
they use last year on the same clock, and the test checks that the bot proposes that year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import pytest

from bot.chat.eligibility import verdicts
from bot.db.models import AwardRecord, Rating, Subject, Unit
from bot.db.session import Database
from bot.text import fold
from e2e.support import BotEnv, make_services, register_officer, start_bot
from fakebot.client import BotMessage, FakeUser
from fakebot.server import FakeTelegram

MENU_BUTTON = "Xét điều kiện"
EDIT = "Sửa câu trả lời"
WHY = "Vì sao?"
UNKNOWN = "Không rõ"
# Question wording (a fragment) → the button to tap, or the number to type.
CLEAN_RECORD = {
    "đang bị xem xét": "Không",
    "có bị kỷ luật không": "Không bị kỷ luật",
}
CSTD_CO_SO_UNSURE = {
    **CLEAN_RECORD,
    "xếp loại": "Hoàn thành xuất sắc nhiệm vụ",
    "tích cực tham gia": UNKNOWN,
    "bao nhiêu tháng": "12",
}
MAX_QUESTIONS = 30
PROVINCE_QUESTION = "của tỉnh nào"
CITATION = re.compile(r"— .*(Điều|Thông tư|Nghị định)")


# ── talking to the bot ──────────────────────────────────────────────────────────────────────


async def open_interview(user: FakeUser) -> None:
    await user.send("/start")
    await user.tap(MENU_BUTTON)
    assert "Anh/chị muốn xét danh hiệu, hình thức nào?" in user.last_reply().text


def proposed_year(text: str) -> int:
    """The year the year question proposes ("thường là năm …")."""
    found = re.search(r"thường là năm (\d{4})", text)
    assert found, f"not the year question: {text!r}"
    return int(found[1])


async def pick_default_year(user: FakeUser, province: str | None = UNKNOWN) -> int:
    """Tap the year the bot proposes and return it. A guest is then asked which province's
    rules apply when a province pack touches the award: tap `province` (None: leave it)."""
    year = proposed_year(user.last_reply().text)
    await user.tap(str(year))
    if province is not None and PROVINCE_QUESTION in user.last_reply().text:
        await user.tap(province)
    return year


def is_question(text: str) -> bool:
    return re.search(r"^Câu \d+$", text, re.MULTILINE) is not None


def question_sentence(text: str) -> str:
    """The question itself: the first line after "Câu N"."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.fullmatch(r"Câu \d+", line))
    return next(line for line in lines[start + 1 :] if line.strip())


async def answer_questions(
    user: FakeUser, answers: Mapping[str, str], default: str = UNKNOWN, until: str | None = None
) -> list[str]:
    """Answer each question the bot asks (by tapping, or typing a number that has no button)
    until it gives a verdict, or until a question contains `until`; returns the questions."""
    asked: list[str] = []
    while is_question(user.last_reply().text):
        assert len(asked) < MAX_QUESTIONS, f"endless interview: {asked}"
        question = user.last_reply()
        if until is not None and until in question.text:
            break
        asked.append(question.text)
        reply = next((a for key, a in answers.items() if key in question.text), default)
        if reply.isdigit() and reply not in question.labels:
            await user.send(reply)
        else:
            await user.tap(reply)
    return asked


async def change_answer(user: FakeUser, fragment: str) -> None:
    """Tap "✏️ Sửa câu trả lời", then the number of the answer whose question has `fragment`."""
    await user.tap(EDIT)
    listing = user.last_reply().text
    line = next(line for line in listing.splitlines() if fragment in line)
    await user.tap(line.split(".", 1)[0])


def verdict_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1] in ("✅", "❌", "❔") and "—" in line]


async def cstd_co_so_until_verdict(user: FakeUser) -> list[str]:
    """A guest asks about Chiến sĩ thi đua cơ sở, typing the name without diacritics."""
    await open_interview(user)
    await user.send("cstd co so")
    assert "Chiến sĩ thi đua cơ sở" in user.last_reply().text
    await pick_default_year(user)
    return await answer_questions(user, CSTD_CO_SO_UNSURE)


# ── journeys ────────────────────────────────────────────────────────────────────────────────


async def test_a_full_interview_ends_in_a_verdict_with_citations_and_why(bot_env: BotEnv) -> None:
    user = bot_env.server.user(2001, "Mai")
    asked = await cstd_co_so_until_verdict(user)

    assert len(asked) >= 4
    verdict = user.last_reply()
    assert "Chiến sĩ thi đua cơ sở" in verdict.text
    # "Không rõ" about taking part in the emulation movement leaves the verdict open.
    assert "Chưa đủ thông tin để kết luận" in verdict.text
    unknown_lines = [line for line in verdict_lines(verdict.text) if line.startswith("❔")]
    assert any("tham gia phong trào thi đua" in line for line in unknown_lines)
    # Rated excellent already meets one alternative: the others (an initiative…) are not listed.
    assert not any("sáng kiến" in line for line in verdict_lines(verdict.text))
    assert all(CITATION.search(line) for line in verdict_lines(verdict.text))
    assert any(WHY in label for label in verdict.labels)

    await user.tap(WHY)
    why = user.last_reply()
    assert why.message_id != verdict.message_id
    assert why.text.startswith("Vì sao? – Chiến sĩ thi đua cơ sở")
    marks = {line[0] for line in verdict_lines(why.text)}
    assert {"✅", "❔"} <= marks
    assert any(
        "xuất sắc nhiệm vụ" in line and "Điều 23" in line for line in verdict_lines(why.text)
    )


async def test_each_question_offers_buttons_including_khong_ro(bot_env: BotEnv) -> None:
    user = bot_env.server.user(2002, "Lan")
    await open_interview(user)
    await user.send("bang khen tinh")
    await pick_default_year(user, province=None)
    # A guest is asked first which province's rules apply (issue 11 item 9), with buttons.
    question = user.last_reply()
    assert is_question(question.text) and "của tỉnh nào" in question.text
    assert {"Bắc Ninh", UNKNOWN} <= set(question.labels)
    await user.tap(UNKNOWN)
    question = user.last_reply()
    assert is_question(question.text)
    assert UNKNOWN in question.labels
    assert {"Có", "Không"} <= set(question.labels)


async def test_changing_an_earlier_answer_asks_it_again_and_changes_the_verdict(
    bot_env: BotEnv,
) -> None:
    user = bot_env.server.user(2003, "Hoa")
    await cstd_co_so_until_verdict(user)
    assert "Chưa đủ thông tin để kết luận" in user.last_reply().text

    await change_answer(user, "tích cực tham gia")
    again = user.last_reply()
    assert is_question(again.text) and "tích cực tham gia" in again.text
    await user.tap("Có")

    verdict = user.last_reply()
    assert "Đạt theo Luật 2022 và NĐ 152" in verdict.text  # provisional since 2026-10-01
    assert "Chưa đủ thông tin" not in verdict.text
    assert any("tham gia phong trào thi đua" in line for line in verdict_lines(verdict.text))


async def test_an_answer_that_no_longer_decides_anything_can_still_be_changed(
    bot_env: BotEnv,
) -> None:
    user = bot_env.server.user(2004, "Tùng")
    await open_interview(user)
    await user.send("lao dong tien tien")
    await pick_default_year(user)
    await answer_questions(user, {**CLEAN_RECORD, "xếp loại": "Hoàn thành nhiệm vụ"})
    assert "Chưa đạt theo Luật 2022 và NĐ 152" in user.last_reply().text

    await change_answer(user, "đang bị xem xét")
    assert "đang bị xem xét" in user.last_reply().text
    await user.tap("Có")
    await user.tap(EDIT)
    listing = user.last_reply().text
    assert re.search(r"đang bị xem xét.*→ Có$", listing, re.MULTILINE), listing


async def test_an_ambiguous_award_name_offers_the_closest_awards(bot_env: BotEnv) -> None:
    user = bot_env.server.user(2005, "Đức")
    await open_interview(user)
    await user.send("bang khen")
    offer = user.last_reply()
    assert "Ý anh/chị là" in offer.text
    assert {
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "Bằng khen của Thủ tướng Chính phủ",
    } <= set(offer.labels)
    await user.tap("Bằng khen của Thủ tướng")
    assert "Bằng khen của Thủ tướng Chính phủ" in user.last_reply().text
    assert "Xét thành tích của năm nào?" in user.last_reply().text


async def test_an_unknown_award_name_is_explained_with_buttons(bot_env: BotEnv) -> None:
    user = bot_env.server.user(2006, "Quân")
    await open_interview(user)
    await user.send("xyz")
    reply = user.last_reply()
    assert 'không nhận ra danh hiệu, hình thức "xyz"' in reply.text
    assert "Giấy khen" in reply.labels
    await user.send("giay khen")
    assert "Giấy khen" in user.last_reply().text
    assert "Xét thành tích của năm nào?" in user.last_reply().text


async def test_impossible_answers_get_a_clear_message_and_the_same_question(
    bot_env: BotEnv,
) -> None:
    user = bot_env.server.user(2007, "Sơn")
    await open_interview(user)
    await user.send("lao dong tien tien")
    await user.send("2099")
    assert "Năm xét phải từ" in user.last_reply().text
    assert "Xét thành tích của năm nào?" in user.last_reply().text
    await pick_default_year(user)

    good = {**CLEAN_RECORD, "xếp loại": "Hoàn thành tốt nhiệm vụ", "tích cực": "Có"}
    await answer_questions(user, good, until="bao nhiêu tháng")
    for typed, message in (
        ("14", "Số phải từ 0 đến 12"),
        ("-3", "Số phải từ 0 đến 12"),
        ("abc", "vui lòng nhập một số"),
    ):
        await user.send(typed)
        reply = user.last_reply()
        assert message in reply.text
        assert "bao nhiêu tháng" in reply.text and is_question(reply.text)
    await user.send("12")
    assert "Đạt theo Luật 2022 và NĐ 152" in user.last_reply().text


async def test_an_interview_resumes_on_a_new_instance_after_a_restart(
    fake_server: FakeTelegram, db: Database, database_url: str
) -> None:
    async with start_bot(fake_server, make_services(fake_server, db, database_url)):
        user = fake_server.user(2008, "Yến")
        await open_interview(user)
        await user.send("cstd co so")
        await pick_default_year(user)
        await user.tap("Không")  # nothing under review
        assert "có bị kỷ luật không" in user.last_reply().text

    # Another process: a new Application and a new connection pool on the same database.
    second_db = Database(database_url)
    try:
        async with start_bot(fake_server, make_services(fake_server, second_db, database_url)):
            await user.tap("Không bị kỷ luật")
            resumed = user.last_reply()
            assert is_question(resumed.text) and "Câu 3" in resumed.text
            assert "xếp loại" in resumed.text
            await answer_questions(user, CSTD_CO_SO_UNSURE)
            assert "Chiến sĩ thi đua cơ sở" in user.last_reply().text
            await user.tap(EDIT)
            assert "→ Không bị kỷ luật" in user.last_reply().text
    finally:
        await second_db.dispose()


async def test_a_typed_answer_after_a_restart_continues_the_interview(
    fake_server: FakeTelegram, db: Database, database_url: str
) -> None:
    async with start_bot(fake_server, make_services(fake_server, db, database_url)):
        user = fake_server.user(2009, "Vân")
        await open_interview(user)
        await user.send("lao dong tien tien")
        usual = proposed_year(user.last_reply().text)
    async with start_bot(fake_server, make_services(fake_server, db, database_url)):
        await user.send(str(usual - 1))
        assert f"Lao động tiên tiến · năm {usual - 1}" in user.last_reply().text
        assert is_question(user.last_reply().text)


async def test_a_button_from_an_older_screen_is_stale_and_changes_nothing(
    bot_env: BotEnv,
) -> None:
    user = bot_env.server.user(2010, "Khánh")
    await open_interview(user)
    await user.send("lao dong tien tien")
    await pick_default_year(user)
    good = {**CLEAN_RECORD, "xếp loại": "Hoàn thành tốt nhiệm vụ", "tích cực": "Có"}
    await answer_questions(user, good, until="bao nhiêu tháng")
    months_screen = user.last_reply()
    await user.send("10")  # typed: the screen with the number buttons stays in the chat
    verdict = user.last_reply()
    assert "Đạt theo Luật 2022 và NĐ 152" in verdict.text  # provisional since 2026-10-01

    await user.tap(UNKNOWN, message_id=months_screen.message_id)
    assert "Nút này đã cũ" in user.last_reply().text
    await user.tap(EDIT, message_id=verdict.message_id)
    listing = user.last_reply().text
    assert re.search(r"bao nhiêu tháng.*→ 10$", listing, re.MULTILINE), listing


async def test_a_stale_tap_leaves_the_stored_answers_alone(bot_env: BotEnv) -> None:
    user = bot_env.server.user(2011, "Phúc")
    await open_interview(user)
    await user.send("lao dong tien tien")
    await pick_default_year(user)
    first_question = user.last_reply()
    await user.send("khong")  # typed "không" (no diacritics) answers the yes/no question
    second = user.last_reply()
    # Câu 1 was the province ("Không rõ", tapped by pick_default_year).
    assert "có bị kỷ luật không" in second.text and "Câu 3" in second.text

    await user.tap("Có", message_id=first_question.message_id)
    assert "Nút này đã cũ" in user.last_reply().text

    await user.tap("Không bị kỷ luật", message_id=second.message_id)
    assert "Câu 4" in user.last_reply().text
    await user.tap(EDIT, message_id=second.message_id)
    listing = user.last_reply().text
    assert re.search(r"đang bị xem xét.*→ Không$", listing, re.MULTILINE), listing


async def test_a_collective_interview_with_typed_member_numbers(bot_env: BotEnv) -> None:
    user = bot_env.server.user(2012, "Thảo")
    await open_interview(user)
    await user.send("tập thể lao động tiên tiến")
    await pick_default_year(user)
    collective = {
        **CLEAN_RECORD,
        "xếp loại": "Hoàn thành tốt nhiệm vụ",
        "tích cực": "Có",
        "tổng số thành viên": "30",
        "đạt Lao động tiên tiến": "25",
        "thành viên bị kỷ luật": "Không",
        "nội bộ đoàn kết": "Có",
    }
    asked = await answer_questions(user, collective)
    assert any("tổng số thành viên" in q for q in asked)
    assert all("người này" not in q for q in asked)
    verdict = user.last_reply()
    assert "Tập thể lao động tiên tiến" in verdict.text
    assert "Đạt theo Luật 2022 và NĐ 152" in verdict.text  # provisional since 2026-10-01
    assert any("70%" in line and line.startswith("✅") for line in verdict_lines(verdict.text))

    # 20 of 30 is under 70%: the verdict turns.
    await change_answer(user, "đạt Lao động tiên tiến")
    await user.send("20")
    verdict = user.last_reply()
    assert "Chưa đạt theo Luật 2022 và NĐ 152" in verdict.text
    assert any("70%" in line and line.startswith("❌") for line in verdict_lines(verdict.text))


async def test_more_titled_members_than_members_is_refused(bot_env: BotEnv) -> None:
    user = bot_env.server.user(2013, "Nga")
    await open_interview(user)
    await user.send("tap the lao dong tien tien")
    await pick_default_year(user)
    collective = {
        **CLEAN_RECORD,
        "xếp loại": "Hoàn thành tốt nhiệm vụ",
        "tích cực": "Có",
        "tổng số thành viên": "30",
    }
    await answer_questions(user, collective, until="đạt Lao động tiên tiến")
    await user.send("35")
    refused = user.last_reply()
    assert "Số phải từ 0 đến 30" in refused.text
    assert "đạt Lao động tiên tiến" in refused.text and is_question(refused.text)


# ── a registered officer and the unit's records ──────────────────────────────────────────────

CSTD_TINH_ANSWERS = {
    **CLEAN_RECORD,
    "gần nhất vào năm nào": "Chưa từng được tặng",
    "sáng kiến": "1 – Cấp bộ, ngành, tỉnh",
    "có được tặng danh hiệu Chiến sĩ thi đua cơ sở": "Có",
}
THREE_TITLES = "3 lần liên tục được tặng danh hiệu Chiến sĩ thi đua cơ sở"


def evaluation_year(env: BotEnv) -> int:
    """The year the bot will propose on the Application's (real) clock: last year, or this
    year in December (the year-end review)."""
    today = dt.datetime.now(env.services.settings.tz).date()
    return today.year if today.month == 12 else today.year - 1


async def unit_with_records(env: BotEnv, last_year: int) -> int:
    """A hospital with Nguyễn Thị Mai (three CSTĐ cơ sở in a row, rated excellent) and a namesake
    in another unit; returns the hospital's id."""
    now = dt.datetime.now(dt.UTC)
    async with env.db.session() as session, session.begin():
        hospital = Unit(
            code="BVT",
            name="Bệnh viện tỉnh",
            name_folded="benh vien tinh",
            level="tinh_agency",
            created_at=now,
        )
        school = Unit(
            code="THPT",
            name="Trường THPT Chuyên",
            name_folded="truong thpt chuyen",
            level="tinh_agency",
            created_at=now,
        )
        session.add_all([hospital, school])
        await session.flush()
        mai = _person(hospital, "Nguyễn Thị Mai", "Điều dưỡng trưởng")
        session.add_all(
            [
                mai,
                _person(hospital, "Trần Văn Long", "Bác sĩ"),
                _person(school, "Nguyễn Thị Mai", "Giáo viên"),
            ]
        )
        await session.flush()
        for year in (last_year - 2, last_year - 1, last_year):
            session.add(Rating(subject_id=mai.id, year=year, rating="hoan_thanh_xuat_sac"))
            session.add(AwardRecord(subject_id=mai.id, award="chien_si_thi_dua_co_so", year=year))
        return hospital.id


def _person(unit: Unit, name: str, position: str) -> Subject:
    return Subject(
        unit_id=unit.id, kind="individual", name=name, name_folded=fold(name), position=position
    )


async def test_a_known_person_is_prefilled_from_the_unit_records(bot_env: BotEnv) -> None:
    last_year = evaluation_year(bot_env)
    hospital = await unit_with_records(bot_env, last_year)
    officer = bot_env.server.user(2020, "Hạnh")
    await register_officer(bot_env.services, officer, hospital)

    await open_interview(officer)
    await officer.send("cstd tinh")
    assert "Người được xét tên là gì?" in officer.last_reply().text
    await officer.send("nguyen thi mai")
    found = officer.last_reply()
    assert "Nguyễn Thị Mai – Điều dưỡng trưởng" in found.labels
    assert not any("Giáo viên" in label for label in found.labels)  # another unit's namesake
    await officer.tap("Nguyễn Thị Mai")
    assert "Nguyễn Thị Mai" in officer.last_reply().text
    assert await pick_default_year(officer) == last_year
    prefilled = await answer_questions(officer, CSTD_TINH_ANSWERS)

    verdict = officer.last_reply()
    assert "Chiến sĩ thi đua bộ, ban, ngành, tỉnh – Nguyễn Thị Mai" in verdict.text
    assert "Đạt theo Luật 2022 và NĐ 152" in verdict.text  # provisional since 2026-10-01
    assert any(
        THREE_TITLES in line and line.startswith("✅") for line in verdict_lines(verdict.text)
    )
    assert not any("Chiến sĩ thi đua cơ sở không" in q for q in prefilled)

    # B4: the facts from the records are visible and can be corrected for this interview.
    await officer.tap("✏️ Sửa câu trả lời")
    listing = officer.last_reply()
    assert "Dữ liệu đã có" in listing.text
    record_line = next(
        line
        for line in listing.text.splitlines()
        if f"Năm {last_year - 1}" in line and "Chiến sĩ thi đua cơ sở" in line
    )
    assert record_line.endswith("Có")
    await officer.tap(record_line.split(".")[0])
    assert f"Năm {last_year - 1}" in officer.last_reply().text
    await officer.tap("Không")
    corrected = officer.last_reply()
    assert "Chưa đạt theo Luật 2022 và NĐ 152" in corrected.text, corrected.text

    # The same award asked by hand: the titles have to be asked one year at a time.
    guest = bot_env.server.user(2021, "Khách")
    await open_interview(guest)
    await guest.send("cstd tinh")
    await pick_default_year(guest)
    by_hand = await answer_questions(guest, CSTD_TINH_ANSWERS)
    assert sum("Chiến sĩ thi đua cơ sở không" in q for q in by_hand) == 3
    assert len(prefilled) < len(by_hand)


async def test_a_name_not_in_the_unit_can_be_retyped_or_skipped(bot_env: BotEnv) -> None:
    hospital = await unit_with_records(bot_env, evaluation_year(bot_env))
    officer = bot_env.server.user(2022, "Bình")
    await register_officer(bot_env.services, officer, hospital)
    await open_interview(officer)
    await officer.send("lao dong tien tien")
    await officer.send("Lê Văn Tám")
    reply = officer.last_reply()
    assert 'Không tìm thấy "Lê Văn Tám"' in reply.text
    await officer.tap("Bỏ qua")
    assert "Xét thành tích của năm nào?" in officer.last_reply().text


async def test_what_can_this_person_get_lists_several_awards(bot_env: BotEnv) -> None:
    user = bot_env.server.user(2023, "Trang")
    await open_interview(user)
    await user.tap("Người này có thể được khen gì?")
    assert "cá nhân hay tập thể" in user.last_reply().text
    await user.tap("Cá nhân")
    await pick_default_year(user)
    asked = await answer_questions(
        user,
        {
            **CLEAN_RECORD,
            "xếp loại": "Hoàn thành xuất sắc nhiệm vụ",
            "tích cực": "Có",
            "bao nhiêu tháng": "12",
        },
    )
    assert any("gần nhất vào năm nào" in q for q in asked)
    assert all(question_sentence(q)[0].isupper() for q in asked), asked
    result = user.last_reply()
    assert "Có thể được khen gì?" in result.text
    lines = [line for line in result.text.splitlines() if line[:1] in ("✅", "❌", "❔")]
    assert len(lines) >= 5
    assert "✅* Lao động tiên tiến" in lines  # * = provisional (amending law unread)
    assert "✅* Chiến sĩ thi đua cơ sở" in lines
    assert not any("Tập thể" in line for line in lines)  # individual awards only


async def test_typed_answers_are_taken_and_each_update_runs_the_flow_once(
    bot_env: BotEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B21: the exact label typed without diacritics, "12 tháng" for months; and the interview
    computes its next step once per update (the answer applies to the question on screen), and
    the verdict screen shows the verdict that step judged (not judged a second time)."""
    from bot.chat.eligibility import steps as journey
    from bot.chat.eligibility import verdicts

    user = bot_env.server.user(2031, "Hà")
    await open_interview(user)
    await user.send("lao dong tien tien")
    await pick_default_year(user)
    calls: list[object] = []
    real = journey.next_screen

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(journey, "next_screen", counting)
    judged_again: list[object] = []
    real_evaluate = verdicts.evaluate

    def evaluating(*args: object, **kwargs: object) -> object:
        judged_again.append(args)
        return real_evaluate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(verdicts, "evaluate", evaluating)
    for _ in range(8):
        text = user.last_reply().text
        if not is_question(text):
            break
        calls.clear()
        if "kỷ luật" in text and "xem xét" not in text:
            await user.send("khong bi ky luat")
        elif "bao nhiêu tháng" in text:
            await user.send("12 tháng")
        elif "xếp loại" in text:
            await user.send("hoan thanh tot nhiem vu")
        else:
            await user.send("khong" if "xem xét" in text else "co")
        assert "chưa hợp lệ" not in user.last_reply().text, user.last_reply().text
        assert len(calls) == 1, len(calls)
    assert "Đạt theo Luật 2022 và NĐ 152" in user.last_reply().text  # provisional since 2026-10-01
    assert judged_again == []  # the verdict screen showed the verdict the routing judged


async def test_officers_with_the_same_answers_share_a_path_and_others_get_their_own(
    bot_env: BotEnv,
) -> None:
    """The lộ trình is remembered per facts (bot.chat.eligibility.verdicts): the second officer
    with the same answers gets the very screen the first one got, one rated otherwise gets the
    path of their own history."""
    verdicts._NEXT.clear()

    async def lao_dong_tien_tien(user: FakeUser, rating: str) -> BotMessage:
        await open_interview(user)
        await user.send("lao dong tien tien")
        await pick_default_year(user)
        await answer_questions(user, {**CLEAN_RECORD, "xếp loại": rating, "tích cực": "Có",
                                      "bao nhiêu tháng": "12"})
        return user.last_reply()

    first = await lao_dong_tien_tien(bot_env.server.user(2101, "Nga"), "Hoàn thành tốt nhiệm vụ")
    assert verdicts._NEXT  # the path was judged and remembered
    excellent = await lao_dong_tien_tien(bot_env.server.user(2102, "Bình"),
                                         "Hoàn thành xuất sắc nhiệm vụ")
    second = await lao_dong_tien_tien(bot_env.server.user(2103, "Hải"), "Hoàn thành tốt nhiệm vụ")

    assert "Lộ trình:" in first.text and "sáng kiến" in first.text
    assert (second.text, second.buttons) == (first.text, first.buttons)
    assert "Lộ trình:" in excellent.text and "sáng kiến" not in excellent.text
