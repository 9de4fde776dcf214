"""Issue 12 items 4 and 6 through the fake Bot API and `tdkt chat`: the facts taken from the
unit's records are shown with their source and can be corrected or marked "Không rõ" for one
interview (the database is not changed); the year proposed is the unit's open campaign's;
"Xét hình thức khác" leaves the verdict in the chat.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import select

from bot.chat.journeys import build_router
from bot.config import Settings
from bot.db.models import AwardRecord, Campaign, CampaignDeadline, CampaignUnit, Rating, Subject
from bot.db.session import Database
from bot.render import Renderer
from bot.services import Services
from e2e.support import BotEnv, knowledge_base, register_officer
from e2e.test_eligibility_chat import (
    CSTD_TINH_ANSWERS,
    EDIT,
    THREE_TITLES,
    answer_questions,
    evaluation_year,
    open_interview,
    pick_default_year,
    proposed_year,
    unit_with_records,
    verdict_lines,
)
from fakebot.client import FakeUser
from tdkt.terminal import TerminalChat

DECISION = "87/QĐ-UBND"


async def with_decision(env: BotEnv, year: int) -> None:
    """The unit entered the decision of Mai's CSTĐ cơ sở of `year`."""
    async with env.db.session() as session, session.begin():
        record = await session.scalar(
            select(AwardRecord).where(AwardRecord.year == year)
        )
        assert record is not None
        record.decision_no = DECISION
        record.decided_on = dt.date(year + 1, 1, 9)


async def records_of(env: BotEnv) -> list[str]:
    async with env.db.session() as session:
        ratings = (await session.execute(select(Rating.subject_id, Rating.year, Rating.rating)))
        awards = await session.execute(
            select(AwardRecord.subject_id, AwardRecord.award, AwardRecord.year,
                   AwardRecord.decision_no, AwardRecord.revoked)
        )
        return sorted(repr(tuple(r)) for r in [*ratings.all(), *awards.all()])


async def mai_interview(env: BotEnv, officer: FakeUser, last_year: int) -> None:
    await open_interview(officer)
    await officer.send("cstd tinh")
    await officer.send("nguyen thi mai")
    await officer.tap("Nguyễn Thị Mai – Điều dưỡng trưởng")
    assert await pick_default_year(officer) == last_year
    await answer_questions(officer, CSTD_TINH_ANSWERS)


def line_with(text: str, *fragments: str) -> str:
    return next(
        line for line in text.splitlines() if all(fragment in line for fragment in fragments)
    )


async def test_recorded_facts_show_their_source_and_a_khong_ro_leaves_the_database_alone(
    bot_env: BotEnv,
) -> None:
    last_year = evaluation_year(bot_env)
    hospital = await unit_with_records(bot_env, last_year)
    await with_decision(bot_env, last_year)
    before = await records_of(bot_env)
    officer = bot_env.server.user(2040, "Hạnh")
    await register_officer(bot_env.services, officer, hospital)
    await mai_interview(bot_env, officer, last_year)
    verdict = officer.last_reply()
    lines = verdict_lines(verdict.text)
    assert any(THREE_TITLES in line and line.startswith("✅") for line in lines)
    # "Vì sao?" names the article and the years the count read (issue 12 item 7).
    await officer.tap("Vì sao?")
    why = officer.last_reply().text
    assert "Căn cứ: Điều" in why, why
    years = f"{last_year - 2}, {last_year - 1}, {last_year}"
    assert f"có danh hiệu năm {years}" in why, why

    await officer.tap(EDIT)
    listing = officer.last_reply().text
    assert "Dữ liệu đã có" in listing
    assert f"nguồn: Quyết định số {DECISION} ngày 09/01/{last_year + 1}" in listing
    assert "nguồn: danh sách khen thưởng của đơn vị (chưa ghi số quyết định)" in listing
    assert "nguồn: kết quả xếp loại hằng năm trong dữ liệu của đơn vị" in listing
    assert "hoan_thanh" not in listing  # ratings by their label, never an id
    record = line_with(listing, f"Năm {last_year - 1}", "Chiến sĩ thi đua cơ sở")
    await officer.tap(record.split(".")[0])
    question = officer.last_reply()
    assert "Dữ liệu đã có ghi: Có" in question.text
    assert {"Có", "Không", "Không rõ"} <= set(question.labels)
    await officer.tap("Không rõ")

    unknown = officer.last_reply().text
    assert "Chưa đủ thông tin để kết luận" in unknown, unknown
    assert not any(line.startswith("❌") for line in verdict_lines(unknown)), unknown
    assert any(
        THREE_TITLES in line and line.startswith("❔") for line in verdict_lines(unknown)
    )
    await officer.tap(EDIT)
    again = officer.last_reply().text
    answered = line_with(again, f"Năm {last_year - 1}", "Chiến sĩ thi đua cơ sở")
    assert "Không rõ" in answered and "thay dữ liệu đã có" in answered
    # The interview corrected its own copy: the unit's records are unchanged.
    assert await records_of(bot_env) == before


async def test_the_proposed_year_is_the_unit_open_campaign_year(bot_env: BotEnv) -> None:
    """A campaign still open for the achievements of the year before the usual one: that year
    is proposed, and the year buttons run latest first."""
    usual = evaluation_year(bot_env)
    hospital = await unit_with_records(bot_env, usual)
    today = dt.datetime.now(bot_env.services.settings.tz).date()
    async with bot_env.db.session() as session, session.begin():
        campaign = Campaign(
            code="TKN-LATE", name="Đợt xét bổ sung", year=usual - 1, kind="year_end",
            active=True, created_at=dt.datetime.now(dt.UTC),
        )
        session.add(campaign)
        await session.flush()
        session.add(CampaignDeadline(campaign_id=campaign.id, award_group="danh_hieu_thi_dua",
                                     deadline=today + dt.timedelta(days=20)))
        session.add(CampaignUnit(campaign_id=campaign.id, unit_id=hospital))
    officer = bot_env.server.user(2041, "Tú")
    await register_officer(bot_env.services, officer, hospital)
    await open_interview(officer)
    await officer.send("lao dong tien tien")
    await officer.tap("Bỏ qua")
    asked = officer.last_reply()
    assert proposed_year(asked.text) == usual - 1
    assert "đợt xét đang mở" in asked.text
    years = [int(label) for label in asked.labels if label.isdigit()]
    assert years == sorted(years, reverse=True) and usual - 1 in years and usual in years

    guest = bot_env.server.user(2042, "Khách")
    await open_interview(guest)
    await guest.send("lao dong tien tien")
    assert proposed_year(guest.last_reply().text) == usual  # no unit, no campaign


async def test_another_award_sends_a_new_message_and_the_verdict_stays(bot_env: BotEnv) -> None:
    """B19: "Xét hình thức khác" leaves the verdict in the chat history."""
    last_year = evaluation_year(bot_env)
    hospital = await unit_with_records(bot_env, last_year)
    officer = bot_env.server.user(2043, "Vân")
    await register_officer(bot_env.services, officer, hospital)
    await mai_interview(bot_env, officer, last_year)
    verdict = officer.last_reply()
    await officer.tap("Xét hình thức khác")
    menu = officer.last_reply()
    assert "Anh/chị muốn xét danh hiệu, hình thức nào?" in menu.text
    assert menu.message_id != verdict.message_id
    kept = next(m for m in officer.replies() if m.message_id == verdict.message_id)
    assert kept.text == verdict.text


# ── the same in the terminal ────────────────────────────────────────────────────────────────

NOW = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)


async def test_in_the_terminal_a_recorded_title_can_be_marked_unknown(
    db: Database, database_url: str
) -> None:
    services = Services(Settings(database_url=database_url), db, knowledge_base(), Renderer())
    async with db.session() as session, session.begin():
        from bot.db.models import Unit

        unit = Unit(code="BV", name="Bệnh viện", name_folded="benh vien", level="tinh_agency",
                    province="ha_noi", created_at=NOW)
        session.add(unit)
        await session.flush()
        mai = Subject(unit_id=unit.id, kind="individual", name="Nguyễn Thị Mai",
                      name_folded="nguyen thi mai", position="Điều dưỡng")
        session.add(mai)
        await session.flush()
        for year in (2023, 2024, 2025):
            session.add(Rating(subject_id=mai.id, year=year, rating="hoan_thanh_xuat_sac"))
            session.add(AwardRecord(subject_id=mai.id, award="chien_si_thi_dua_co_so", year=year,
                                    decision_no=f"{year}/QĐ-BV", decided_on=dt.date(year, 12, 20)))
    out = io.StringIO()
    chat = TerminalChat(services, build_router(), out, clock=lambda: NOW)

    async def type_(line: str) -> str:
        start = len(out.getvalue())
        chat.show(await chat.handle_line(line))
        return out.getvalue()[start:]

    def letter(label: str) -> str:
        index = next(i for i, b in enumerate(chat.buttons) if b.label.startswith(label))
        return chr(ord("a") + index)

    await type_("/xet cstd tinh")
    await type_("nguyen thi mai")
    await type_(letter("Nguyễn Thị Mai"))
    screen = await type_(letter("2025"))
    answers = {**CSTD_TINH_ANSWERS, "của tỉnh nào": "Không rõ"}
    for _ in range(20):
        if "Câu " not in screen:
            break
        label = next((a for key, a in answers.items() if key in screen), "Không rõ")
        screen = await type_(letter(label))
    assert "Chiến sĩ thi đua bộ, ban, ngành, tỉnh" in screen
    listing = await type_(letter("✏️ Sửa"))
    assert "nguồn: Quyết định số 2024/QĐ-BV ngày 20/12/2024" in listing
    record = line_with(listing, "Năm 2024", "Chiến sĩ thi đua cơ sở")
    screen = await type_(record.split(".")[0].strip())
    assert "Dữ liệu đã có ghi: Có" in screen
    screen = await type_(letter("Không rõ"))
    assert "Chưa đủ thông tin để kết luận" in screen
    async with db.session() as session:
        kept = (await session.scalars(select(AwardRecord.year))).all()
    assert sorted(kept) == [2023, 2024, 2025]


async def test_each_tapped_answer_computes_the_next_step_once(
    bot_env: BotEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Buttons as well as typed answers: one engine routing per update (issue 12 performance)."""
    from bot.chat.eligibility import steps as journey

    user = bot_env.server.user(2044, "Nga")
    await open_interview(user)
    await user.send("bang khen thu tuong")
    await pick_default_year(user)
    calls: list[object] = []
    real = journey.next_screen

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(journey, "next_screen", counting)
    taps = 0
    while "Câu " in user.last_reply().text and taps < 30:
        calls.clear()
        labels = user.last_reply().labels
        await user.tap("Không" if "Không" in labels else "Không rõ")
        assert len(calls) == 1, len(calls)
        taps += 1
    assert taps >= 5


async def test_what_can_this_person_get_after_a_collective_starts_clean(bot_env: BotEnv) -> None:
    """B20 in the chat: after a collective's verdict, "Xét hình thức khác" → "Người này có thể
    được khen gì?" → "Cá nhân" asks from question 1: none of the collective's answers is kept."""
    user = bot_env.server.user(2045, "Quân")
    await open_interview(user)
    await user.send("tap the lao dong tien tien")
    await pick_default_year(user)
    collective = await answer_questions(user, {"đang bị xem xét": "Không"})
    assert len(collective) >= 2
    await user.tap("Xét hình thức khác")
    await user.tap("Người này có thể được khen gì?")
    await user.tap("Cá nhân")
    first = user.last_reply().text  # the year is kept; the answers are not
    assert "\nCâu 1\n" in first, first
