"""A large import does not block the live bot: while 20,000 people are imported, another
connection (the bot) keeps writing and reading without "database is locked"; the import stays
all or nothing."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import func, select, text

from bot.db.models import AwardRecord, Subject
from bot.db.session import Database
from bot.transfer.service import ImportRejected, import_kind
from bot.transfer.table import write_table
from e2e.support import knowledge_base
from tests.status.conftest import Province

ROWS = 20_000
COLUMNS = ["external_ref", "full_name", "unit", "birth_year", "award", "year"]


def _people(rows: int, last_unit: str = "SYT") -> bytes:
    data = [
        {"external_ref": f"R-{i:06d}", "full_name": f"Nguyễn Văn Thử {i}", "unit": "SYT",
         "birth_year": 1980 + i % 30, "award": "lao_dong_tien_tien", "year": 2024}
        for i in range(rows)
    ]
    data[-1]["unit"] = last_unit
    return write_table("people.csv", COLUMNS, data)


async def _live_bot(url: str, stop: asyncio.Event, errors: list[str]) -> int:
    """What every incoming update does: one short write (the update id), one read."""
    bot = Database(url)
    done = 0
    try:
        while not stop.is_set():
            done += 1
            try:
                async with bot.session() as session, session.begin():
                    await session.execute(
                        text("INSERT INTO processed_updates (update_id, at) VALUES (:u, :at)"),
                        {"u": 10**9 + done, "at": dt.datetime.now(dt.UTC)},
                    )
                async with bot.session() as session:
                    await session.scalar(select(func.count()).select_from(Subject))
            except Exception as error:  # the user would get the apology
                errors.append(f"{type(error).__name__}: {error}")
            await asyncio.sleep(0.05)
    finally:
        await bot.dispose()
    return done


async def _counts(db: Database) -> tuple[int, int]:
    async with db.session() as session:
        subjects = await session.scalar(select(func.count()).select_from(Subject))
        awards = await session.scalar(select(func.count()).select_from(AwardRecord))
    return int(subjects or 0), int(awards or 0)


async def test_a_large_import_never_locks_out_the_live_bot(
    province: Province, database_url: str, pinned_now: dt.datetime
) -> None:
    db = province.db
    before = await _counts(db)
    stop = asyncio.Event()
    errors: list[str] = []
    bot = asyncio.create_task(_live_bot(database_url, stop, errors))
    try:
        await asyncio.sleep(0.2)
        # A file whose last row is wrong: checked whole, nothing written.
        try:
            await import_kind(
                db, "people", "p.csv", _people(ROWS, "NOPE"), pinned_now, None, kb=knowledge_base()
            )
        except ImportRejected as rejected:
            assert [e.row for e in rejected.errors] == [ROWS + 1]
        assert await _counts(db) == before
        count = await import_kind(
            db, "people", "p.csv", _people(ROWS), pinned_now, None, kb=knowledge_base()
        )
        await asyncio.sleep(0.2)
    finally:
        stop.set()
        probes = await bot
    assert count == ROWS
    assert await _counts(db) == (before[0] + ROWS, before[1] + ROWS)
    assert probes > 5
    assert errors == []
