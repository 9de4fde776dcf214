"""`tdkt invite --scope`: a reviewer's scope (units or clusters, no diacritics needed) is set with
the invite, the link is printed when the bot's username is known, and a scope on an officer's
invite is refused with a Vietnamese sentence (exit 2, nothing created)."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import select

from bot.db.models import Invite, Unit
from bot.db.session import Database
from bot.text.normalize import fold
from tdkt.cli.main import main

NOW = dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC)
UNITS = [("SNV", "Sở Nội vụ", None), ("THPT-NT", "Trường THPT Nguyễn Trãi", "Khối Giáo dục"),
         ("THPT-CMS", "Trường THPT chuyên Minh Sơn", "Khối Giáo dục"),
         ("SYT", "Sở Y tế", "Khối Y tế")]


@pytest.fixture
def province(database_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TDKT_BOT_USERNAME", "@tdkt_minhson_bot")

    async def prepare() -> dict[str, int]:
        db = Database(database_url)
        await db.upgrade()
        ids: dict[str, int] = {}
        async with db.session() as s, s.begin():
            for code, name, cluster in UNITS:
                unit = Unit(code=code, name=name, name_folded=fold(name), level="tinh_agency",
                            cluster=cluster, created_at=NOW)
                s.add(unit)
                await s.flush()
                ids[code] = unit.id
        await db.dispose()
        return ids

    return asyncio.run(prepare())


def _invites(database_url: str) -> list[Invite]:
    async def read() -> list[Invite]:
        db = Database(database_url)
        async with db.session() as s:
            rows = list((await s.scalars(select(Invite))).all())
        await db.dispose()
        return rows

    return asyncio.run(read())


def test_reviewer_invite_with_a_cluster_and_a_unit_as_scope(
    province: dict[str, int], database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["invite", "--unit", "So Noi vu", "--role", "reviewer",
                 "--scope", "khoi giao duc", "SYT"])
    out = capsys.readouterr().out
    assert code == 0
    [invite] = _invites(database_url)
    assert sorted(invite.scope or []) == sorted(
        [province["THPT-NT"], province["THPT-CMS"], province["SYT"]])
    assert "Phạm vi thẩm định: Khối Giáo dục, Sở Y tế" in out
    assert f"https://t.me/tdkt_minhson_bot?start=inv_{invite.code}" in out


def test_scope_on_an_officer_invite_is_refused(
    province: dict[str, int], database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["invite", "--unit", "SYT", "--scope", "Khối Y tế"])
    err = capsys.readouterr().err
    assert code == 2 and "Chỉ mã mời người thẩm định" in err
    assert _invites(database_url) == []


def test_an_unknown_scope_names_what_was_not_found(
    province: dict[str, int], database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["invite", "--unit", "SNV", "--role", "reviewer", "--scope", "Khoi Van hoa"])
    err = capsys.readouterr().err
    assert code == 2 and "Khoi Van hoa" in err
    assert _invites(database_url) == []
