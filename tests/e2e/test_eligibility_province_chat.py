"""The unit's province comes from the database (issue 11 item 9): an officer of a unit in tỉnh X
is never asked which province applies, and that province's pack decides; a unit of a province
without a pack gets the national rules and a caveat saying so; a guest is asked, with buttons,
and "Không rõ" means national rules only — said in the answer."""

from __future__ import annotations

import datetime as dt

from bot.db.models import Unit
from e2e.support import BotEnv, register_officer
from e2e.test_eligibility_chat import (
    CLEAN_RECORD,
    UNKNOWN,
    answer_questions,
    open_interview,
    pick_default_year,
)
from fakebot.client import FakeUser

WHICH_PROVINCE = "của tỉnh nào"
GIAY_KHEN_ANSWERS = {
    **CLEAN_RECORD,
    "xếp loại": "Hoàn thành tốt nhiệm vụ",
    "phong trào thi đua": "Có",
    "gần nhất vào năm nào": "Chưa từng được tặng",
}
NOT_LOADED = "chưa có trong dữ liệu"
NO_PROVINCE = "Chưa rõ tỉnh nào"


async def add_unit(env: BotEnv, code: str, name: str, province: str | None) -> int:
    async with env.db.session() as session, session.begin():
        unit = Unit(
            code=code,
            name=name,
            name_folded=name.lower(),
            level="tinh_agency",
            province=province,
            created_at=dt.datetime.now(dt.UTC),
        )
        session.add(unit)
        await session.flush()
        return unit.id


async def giay_khen_interview(user: FakeUser, registered: bool) -> list[str]:
    await open_interview(user)
    await user.send("giay khen")
    if registered:
        await user.tap("Bỏ qua")
    await pick_default_year(user)
    return await answer_questions(user, GIAY_KHEN_ANSWERS)


async def test_an_officer_of_a_bac_ninh_unit_is_not_asked_the_province_and_gets_its_pack(
    bot_env: BotEnv,
) -> None:
    unit = await add_unit(bot_env, "SNV-BN", "Sở Nội vụ tỉnh Bắc Ninh", "bac_ninh")
    officer = bot_env.server.user(3101, "Lan")
    await register_officer(bot_env.services, officer, unit)
    asked = await giay_khen_interview(officer, registered=True)
    assert not any(WHICH_PROVINCE in q for q in asked), asked
    verdict = officer.last_reply().text
    assert "Quyết định 86/2025/QĐ-UBND" in verdict, (asked, verdict)
    assert NOT_LOADED not in verdict and NO_PROVINCE not in verdict


async def test_a_unit_of_a_province_without_a_pack_gets_national_rules_and_the_caveat(
    bot_env: BotEnv,
) -> None:
    unit = await add_unit(bot_env, "SYT-HN", "Sở Y tế Hà Nội", "ha_noi")
    officer = bot_env.server.user(3102, "Minh")
    await register_officer(bot_env.services, officer, unit)
    asked = await giay_khen_interview(officer, registered=True)
    assert not any(WHICH_PROVINCE in q for q in asked), asked
    verdict = officer.last_reply().text
    assert "Quy định riêng của tỉnh về Giấy khen chưa có trong dữ liệu" in verdict, verdict
    assert "Quyết định 86/2025" not in verdict
    assert "Điều 75" in verdict  # the national minimum, cited


async def test_a_guest_is_asked_the_province_with_buttons_and_khong_ro_means_national_rules(
    bot_env: BotEnv,
) -> None:
    guest = bot_env.server.user(3103, "Khách")
    await open_interview(guest)
    await guest.send("giay khen")
    await pick_default_year(guest, province=None)
    question = guest.last_reply()
    assert WHICH_PROVINCE in question.text, question.text
    assert {"Bắc Ninh", UNKNOWN} <= set(question.labels), question.labels
    await guest.tap(UNKNOWN)
    await answer_questions(guest, GIAY_KHEN_ANSWERS)
    verdict = guest.last_reply().text
    assert NO_PROVINCE in verdict, verdict
    assert "Quyết định 86/2025" not in verdict


async def test_a_guest_who_names_bac_ninh_gets_the_pack(bot_env: BotEnv) -> None:
    guest = bot_env.server.user(3104, "Khách")
    await open_interview(guest)
    await guest.send("giay khen")
    await pick_default_year(guest, province="Bắc Ninh")
    await answer_questions(guest, GIAY_KHEN_ANSWERS)
    verdict = guest.last_reply().text
    assert "Quyết định 86/2025/QĐ-UBND" in verdict, verdict
