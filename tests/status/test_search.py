"""Fuzzy nominee-name search: names typed without diacritics, with a typo, without the middle
name, run together or as an initial, still find the nominee; the scan cap never hides the
nominee whose typed middle name matches; scope rules hold on every path."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.conversation.viewer import Role
from bot.status import search
from bot.status.access import Principal
from bot.status.lookup import reviewer_queue
from bot.status.search import name_key, search_names
from e2e.support import knowledge_base
from tests.status.conftest import Province

ADMIN = None  # search_names(units=None): every unit, the keyed path


def test_the_key_has_family_middle_and_given_name() -> None:
    key = name_key("Nguyễn Thị Thu  Hằng")
    assert key is not None
    assert (key.family, key.middle, key.given) == ("nguyen", "thi thu", "hang")
    one = name_key("Mai")
    assert one is not None and (one.family, one.middle, one.given) == ("mai", "", "mai")
    assert name_key("  ") is None


async def _names(province: Province, query: str, units: frozenset[int] | None = ADMIN) -> list[str]:
    hits = await province.db.read(search_names, query, units, limit=3)
    return [hit.folded for hit in hits]


@pytest.fixture
async def people(province: Province, pinned_now: dt.datetime) -> Province:
    await province.dossier(
        province.own,
        ["Nguyễn Văn Tâm", "Nguyễn Thị Tâm", "Phan Thành Nam", "Trần Thị Mai", "Lê Hữu Nghĩa"],
        pinned_now,
    )
    await province.dossier(province.other, ["Nguyễn Văn Tân", "Nguyễn Văn Tám"], pinned_now)
    return province


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van tam", "nguyen van tam"),  # no diacritics
        ("Nguyễn Văn Tâm", "nguyen van tam"),
        ("nguyen vn tam", "nguyen van tam"),  # typo in the middle name
        ("ngyen van tam", "nguyen van tam"),  # typo in the family name
        ("nguyenvan tam", "nguyen van tam"),  # two words run together
        ("nguyen vantam", "nguyen van tam"),
        ("phan thanh n", "phan thanh nam"),  # an initial for the given name
        ("le huu ngha", "le huu nghia"),  # a typo that is also a name ("ha") stays a typo
        ("mai tran", "tran thi mai"),  # given name first, middle name left out
        ("nghia", "le huu nghia"),  # the given name alone
    ],
)
async def test_name_variants_find_the_nominee(people: Province, query: str, expected: str) -> None:
    assert (await _names(people, query))[0] == expected


async def test_a_left_out_middle_name_still_finds_the_nominees(people: Province) -> None:
    found = await _names(people, "nguyen tam")
    assert {"nguyen van tam", "nguyen thi tam"} <= set(found)


async def test_family_and_middle_name_list_the_people_who_share_them(people: Province) -> None:
    found = await _names(people, "nguyen thi")  # the given name left out
    assert found[0] == "nguyen thi tam"
    assert "tran thi mai" not in found


async def test_scope_applies_to_every_path(
    people: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = await people.principal(people.officer)
    assert officer.units is not None
    assert "nguyen van tan" not in await _names(people, "nguyen van tan", officer.units)
    assert await _names(people, "nguyen van tan", frozenset()) == []
    # The keyed path (a scope too big to read whole) filters by unit as well.
    monkeypatch.setattr(search, "SMALL_SCOPE", 0)
    found = await _names(people, "nguyen van tan", officer.units)
    assert found and "nguyen van tan" not in found


async def test_the_scan_cap_never_hides_the_matching_middle_name(
    province: Province, pinned_now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    crowd = [f"Nguyễn {m} Tâm" for m in ("Thị", "Thanh", "Ngọc", "Minh") for _ in range(15)]
    await province.dossier(province.own, [*crowd, "Nguyễn Hữu Tâm"], pinned_now)
    monkeypatch.setattr(search, "MAX_SCAN", 10)  # far fewer rows than "Nguyễn … Tâm" has
    assert (await _names(province, "nguyen hu tam"))[0] == "nguyen huu tam"
    assert (await _names(province, "nguyen huutam"))[0] == "nguyen huu tam"


async def test_a_reviewer_whose_own_unit_is_outside_the_scope_gets_the_queue(
    province: Province, pinned_now: dt.datetime
) -> None:
    code = await province.dossier(province.sub, ["Đỗ Minh Khoa"], pinned_now, status="submitted")
    reviewer = await province.principal(province.reviewer)
    assert reviewer.unit_id == province.other  # scope: `own` and below, not their own unit
    queue = await province.db.read(reviewer_queue, reviewer, knowledge_base())
    assert [s.code for s in queue] == [code]
    officer = Principal(Role.OFFICER, None, province.own, frozenset({province.own}))
    with pytest.raises(Exception, match="access_denied"):
        await province.db.read(reviewer_queue, officer, knowledge_base())
