"""`tdkt reminders tick` and `tdkt import campaigns`, called as the CLI calls them."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.db.models import Campaign, CampaignDeadline, OutboxMessage
from bot.db.session import Database
from bot.errors import InputError
from bot.render import Renderer
from tdkt.cli import main
from tdkt.cli.main import error_line
from tdkt.cli.reminders_cmd import tick

from .support import small_province


@pytest.fixture
def cli_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TDKT_BOT_TOKEN", raising=False)

    async def prepare() -> None:
        db = Database(database_url)
        await db.upgrade()
        await small_province(db)
        await db.dispose()

    asyncio.run(prepare())
    return database_url


async def _count(url: str, model: type) -> int:
    db = Database(url)
    async with db.session() as s:
        n = (await s.scalar(select(func.count()).select_from(model))) or 0
    await db.dispose()
    return n


def test_dry_run_lists_who_would_be_reminded_and_writes_nothing(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = tick(argparse.Namespace(now="2026-01-24T08:05+07:00", dry_run=True), Renderer())
    out = capsys.readouterr().out
    assert code == 0
    assert "Chạy thử lúc 24/01/2026 08:05" in out
    assert out.count("[reminder]") == 3 and out.count("[digest]") == 1
    assert "chat 1001" in out and "Nhắc hạn nộp hồ sơ" in out
    assert asyncio.run(_count(cli_db, OutboxMessage)) == 0


def test_tick_without_token_plans_and_says_it_did_not_send(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tick(argparse.Namespace(now="2026-01-24T08:05", dry_run=False), Renderer()) == 0
    assert "Chưa có TDKT_BOT_TOKEN" in capsys.readouterr().out
    assert asyncio.run(_count(cli_db, OutboxMessage)) == 4


def test_a_bad_now_is_a_clear_error(cli_db: str) -> None:
    with pytest.raises(InputError) as info:
        tick(argparse.Namespace(now="hôm qua", dry_run=True), Renderer())
    assert "--now" in error_line(Renderer(), info.value)


CSV_OK = """code,name,kind,source_document,award_group,deadline,units,reminder_plan
TKN-2026,Tổng kết năm 2026,year_end,CV 12/SNV,Bằng khen UBND tỉnh,31/01/2027,SYT;SGD,"10,3,0@08:30"
TKN-2026,,,,Cấp Nhà nước,2027-03-31,,
CD-2026,Chuyên đề chuyển đổi số,thematic,,Giấy khen,15/12/2026,Khối Văn hoá - Xã hội,
"""


def test_import_creates_campaigns_with_their_deadlines(cli_db: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "campaigns.csv"
    path.write_text(CSV_OK, encoding="utf-8")
    assert main(["import", "campaigns", str(path)]) == 0
    assert "3" in capsys.readouterr().out
    assert asyncio.run(_count(cli_db, Campaign)) == 3  # two imported + the fixture's one
    assert asyncio.run(_count(cli_db, CampaignDeadline)) == 4


def test_a_bad_import_names_each_row_and_writes_nothing(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = CSV_OK.replace("SYT;SGD", "SYT;XYZ").replace("2027-03-31", "31/02/2027")
    path = tmp_path / "campaigns.csv"
    path.write_text(bad, encoding="utf-8")
    assert main(["import", "campaigns", str(path)]) == 2
    err = capsys.readouterr().err
    assert "chưa có dòng nào được ghi" in err
    assert "Dòng 2, cột «units»" in err and "Dòng 3, cột «deadline»" in err
    assert asyncio.run(_count(cli_db, Campaign)) == 1


def test_importing_the_same_campaign_twice_is_refused(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "campaigns.csv"
    path.write_text(CSV_OK, encoding="utf-8")
    assert main(["import", "campaigns", str(path)]) == 0
    assert main(["import", "campaigns", str(path)]) == 2
    assert "lặp lại" in capsys.readouterr().err
