"""Imports keep a person's name exactly as written (as on the ID card); only matching folds it."""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlalchemy import select

from bot.db.models import Nominee, Subject
from bot.status.lookup import search_dossiers
from bot.transfer.service import import_kind
from bot.transfer.table import write_table
from e2e.support import knowledge_base
from tests.status.conftest import Province

NAMES = ["H'Hen Niê", "Y-Moan Ênuôl", "Ksor H'Bơ Khắp", "Phạm McKinley"]


def _as_typed_on_a_phone(name: str) -> str:
    """Decomposed accents and doubled spaces, as some keyboards and spreadsheets send them."""
    return unicodedata.normalize("NFD", name).replace(" ", "  ")


async def test_imported_nominee_names_keep_their_capitals_and_are_found_folded(
    province: Province, pinned_now: dt.datetime
) -> None:
    table = write_table(
        "ds.xlsx",
        ["code", "status", "unit", "award", "nominees"],
        [
            {
                "code": "",
                "status": "draft",
                "unit": "SYT",
                "award": "giay_khen",
                "nominees": "; ".join(_as_typed_on_a_phone(n) for n in NAMES),
            }
        ],
    )
    assert await import_kind(
        province.db, "dossiers", "ds.xlsx", table, pinned_now, None, kb=knowledge_base()
    ) == 1
    async with province.db.session() as session:
        stored = (await session.scalars(select(Nominee.name).order_by(Nominee.id))).all()
    assert stored == NAMES
    officer = await province.principal(province.officer)
    for typed in ("y moan enuol", "KSOR H BO KHAP", "pham mckinley"):
        assert await province.db.read(search_dossiers, officer, typed), typed


async def test_imported_people_keep_their_names_and_rows_of_one_person_merge_by_folded_name(
    province: Province, pinned_now: dt.datetime
) -> None:
    rows = [{"full_name": _as_typed_on_a_phone(n), "unit": "SYT"} for n in NAMES]
    rows.append({"full_name": "PHẠM MCKINLEY", "unit": "SYT", "award": "giay_khen", "year": 2025})
    table = write_table("p.xlsx", ["full_name", "unit", "award", "year"], rows)
    assert await import_kind(
        province.db, "people", "p.xlsx", table, pinned_now, None, kb=knowledge_base()
    ) == 5
    async with province.db.session() as session:
        stored = (await session.scalars(select(Subject.name).order_by(Subject.id))).all()
    assert [n for n in stored if n in NAMES] == NAMES
    assert "PHẠM MCKINLEY" not in stored
