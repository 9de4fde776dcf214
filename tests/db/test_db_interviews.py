"""An interview survives between updates and two instances cannot silently overwrite each other."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.db import interviews
from bot.db.errors import StaleVersion
from bot.db.interviews import InterviewValues
from bot.db.session import Database

KEY = {"chat_id": 42, "user_id": 42, "flow": "eligibility"}


async def _save(db: Database, answers: dict[str, object], version: int, now: dt.datetime) -> int:
    async with db.session() as session, session.begin():
        values = InterviewValues(**KEY, answers=answers, as_of=dt.date(2026, 1, 15))
        return await interviews.save_interview(session, values, version, now)


async def _load(db: Database) -> interviews.InterviewSession | None:
    async with db.session() as session:
        return await interviews.load_interview(session, **KEY)


async def test_answers_are_kept_and_versioned(db: Database, pinned_now: dt.datetime) -> None:
    assert await _save(db, {"award": "lao_dong_tien_tien"}, interviews.NEW, pinned_now) == 1
    assert await _save(db, {"award": "lao_dong_tien_tien", "rating": "htxs"}, 1, pinned_now) == 2
    row = await _load(db)
    assert row is not None
    assert (row.answers, row.version, row.as_of) == (
        {"award": "lao_dong_tien_tien", "rating": "htxs"},
        2,
        dt.date(2026, 1, 15),
    )


async def test_two_writers_from_the_same_version_one_loses(
    db: Database, second_db: Database, pinned_now: dt.datetime
) -> None:
    await _save(db, {"award": "giay_khen"}, interviews.NEW, pinned_now)
    results = await asyncio.gather(
        _save(db, {"award": "giay_khen", "q": "a"}, 1, pinned_now),
        _save(second_db, {"award": "giay_khen", "q": "b"}, 1, pinned_now),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["StaleVersion", "int"]
    row = await _load(db)
    winner = "a" if results[0] == 2 else "b"
    assert row is not None and row.answers["q"] == winner and row.version == 2


async def test_two_first_saves_one_loses(db: Database, pinned_now: dt.datetime) -> None:
    await _save(db, {"award": "giay_khen"}, interviews.NEW, pinned_now)
    with pytest.raises(StaleVersion):
        await _save(db, {"award": "bang_khen_tinh"}, interviews.NEW, pinned_now)


async def test_saving_a_loaded_row_and_deleting(db: Database, pinned_now: dt.datetime) -> None:
    await _save(db, {"award": "giay_khen"}, interviews.NEW, pinned_now)
    async with db.session() as session, session.begin():
        row = await interviews.load_interview(session, **KEY)
        assert row is not None
        row_version = row.version
        assert await interviews.save_interview(session, row, row_version, pinned_now) == 2
        assert await interviews.delete_interview(session, **KEY) is True
    assert await _load(db) is None
