"""Name search finds the person the way people actually type: the words in another order, one
typo anywhere (the first letter too), and a common near name never crowds the person out."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.status import search_vocab
from bot.status.search import search_names
from tests.status.conftest import Province


async def _names(province: Province, query: str, limit: int = 3) -> list[str]:
    hits = await province.db.read(search_names, query, None, limit=limit)
    return [hit.folded for hit in hits]


@pytest.fixture
async def people(province: Province, pinned_now: dt.datetime) -> Province:
    await province.dossier(
        province.own,
        [
            "Nguyễn Văn Tâm",
            "Nguyễn Văn Tân",
            "Nguyễn Thị Thu Hằng",
            "Phạm Đức Phát",
            "Phan Thắng",
            "Lê Hữu Nghĩa",
        ],
        pinned_now,
    )
    await province.dossier(province.other, ["Nguyễn Văn Tám", "Trần Văn Tâm"], pinned_now)
    return province


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tam nguyen van", "nguyen van tam"),  # given name first
        ("van tam nguyen", "nguyen van tam"),  # family name last
        ("Tâm Nguyễn Văn", "nguyen van tam"),
        ("thu hang nguyen thi", "nguyen thi thu hang"),
        ("thi thu hang nguyen", "nguyen thi thu hang"),
        ("thang phan", "phan thang"),
        ("nguyen van tma", "nguyen van tam"),  # two letters swapped
        ("nguyen van tm", "nguyen van tam"),  # a letter dropped
        ("gnuyen van tam", "nguyen van tam"),  # the first letters swapped
        ("xguyen van tam", "nguyen van tam"),  # the first letter wrong
        ("nguyen vam tam", "nguyen van tam"),  # a wrong letter in the middle name
        ("nguyen thi thu hagn", "nguyen thi thu hang"),
        ("pham duc phta", "pham duc phat"),
        ("phat pham duc", "pham duc phat"),
        ("nghia le huu", "le huu nghia"),
        ("nguyenvan tam", "nguyen van tam"),  # a space left out
        ("nguyen thithu hang", "nguyen thi thu hang"),
        ("thuhang nguyen thi", "nguyen thi thu hang"),
        ("l huu nghia", "le huu nghia"),  # a two-letter family name lost a letter
    ],
)
async def test_reordered_or_mistyped_names_find_the_person(
    people: Province, query: str, expected: str
) -> None:
    assert (await _names(people, query))[0] == expected


async def test_a_name_typed_exactly_lists_all_its_namesakes_first(people: Province) -> None:
    # Nguyễn Văn Tâm and Nguyễn Văn Tám fold alike; Nguyễn Văn Tân is one letter away.
    assert (await _names(people, "nguyen van tam"))[:2] == ["nguyen van tam", "nguyen van tam"]


async def test_many_namesakes_of_a_near_name_leave_room_for_the_others(
    province: Province, pinned_now: dt.datetime
) -> None:
    # "ang" is one typo from "an", "anh" and "hang": each name gets a place before a second
    # Nguyễn Thu An does.
    crowd = ["Nguyễn Thu An"] * 8 + ["Nguyễn Thu Anh"] * 8
    await province.dossier(province.own, [*crowd, "Nguyễn Thu Hằng"], pinned_now)
    found = await _names(province, "nguyen thu ang")
    assert set(found) == {"nguyen thu an", "nguyen thu anh", "nguyen thu hang"}


async def test_a_name_added_here_is_found_with_a_typo_at_once(
    people: Province, pinned_now: dt.datetime
) -> None:
    assert await _names(people, "trinh cong sno") == []  # the vocabulary is now held in memory
    await people.dossier(people.own, ["Trịnh Công Sơn"], pinned_now)
    assert (await _names(people, "trinh cong son"))[0] == "trinh cong son"
    assert (await _names(people, "trinh cong sno"))[0] == "trinh cong son"
    assert (await _names(people, "son trinh cong"))[0] == "trinh cong son"


async def test_a_name_another_instance_added_is_found_before_the_memory_is_refreshed(
    people: Province, pinned_now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await _names(people, "trinh cong sno") == []
    # Another process indexes the name: this one's copy of the vocabulary is not told.
    monkeypatch.setattr(search_vocab.vocabularies, "learn", lambda entries: None)
    await people.dossier(people.own, ["Trịnh Công Sơn"], pinned_now)
    assert (await _names(people, "trinh cong sno"))[0] == "trinh cong son"
