"""What the user receives: the .xlsx with its documented sheets, a real PNG chart, the chat
journey (/thongke) with access rules, the inspection sample and the CLI's JSON."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import struct
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.chat import common
from bot.chat import reports as journey
from bot.chat.router import Router
from bot.config import Settings
from bot.conversation.turn import Turn
from bot.db.models import AwardRecord, Rating, Subject
from bot.db.models_reports import Inspection
from bot.db.session import Database
from bot.identify import identify
from bot.render import Renderer
from bot.reports.candidates import exemplary_candidates
from bot.reports.errors import ReportError
from bot.reports.inspection import record_inspection
from bot.reports.xlsx import SHEETS
from bot.services import Services
from bot.status.access import resolve
from knowledge.loader import KnowledgeBase
from tdkt.cli.reports_cmd import report_from_cli

from .world import USERS, World, build_world

NOW = dt.datetime(2026, 2, 20, 2, tzinfo=dt.UTC)
ROUTER = Router([common.JOURNEY, journey.JOURNEY], common.not_understood, common.stale_button)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _turn(db: Database, kb: KnowledgeBase, user: int, *, text: str = "", data: str = "") -> Turn:
    services = Services(Settings(database_url="sqlite://"), db, kb, Renderer())
    return Turn(services, user, user, "User", NOW, text=text, data=data)


async def test_a_reviewer_gets_summary_png_chart_and_documented_xlsx(
    db: Database, world: World, kb: KnowledgeBase
) -> None:
    [chooser] = await ROUTER.command("thongke", _turn(db, kb, USERS["reviewer"])) or []
    datas = [b.data for row in chooser.buttons for b in row]
    assert "tk:r:a:0:2025" in datas and "tk:s:2025" in datas
    summary, chart, book = await ROUTER.button(_turn(db, kb, USERS["reviewer"],
                                                     data="tk:r:a:0:2025"))
    assert "năm 2025" in summary.text
    total = sum(1 for d in world.dossiers if d["campaign"])
    assert f"<b>{total}</b>" in summary.text
    assert chart.document is not None and chart.document.content.startswith(PNG_MAGIC)
    width, height = struct.unpack(">II", chart.document.content[16:24])
    assert width >= 400 and height >= 200 and len(chart.document.content) > 5_000
    assert book.document is not None and book.document.filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(book.document.content), read_only=True)
    renderer = Renderer()
    assert workbook.sheetnames == [renderer.label(f"reports.sheet.{k}") for k in SHEETS]
    units = list(workbook[renderer.label("reports.sheet.units")].iter_rows(values_only=True))
    assert units[0][0] == renderer.label("reports.col.unit_code")
    assert {row[0] for row in units[1:]} == {"A", "B", "C"}


async def test_an_officer_is_offered_only_their_unit_and_cannot_open_another(
    db: Database, world: World, kb: KnowledgeBase
) -> None:
    officer = USERS["officer_a"]
    [chooser] = await ROUTER.command("thongke", _turn(db, kb, officer)) or []
    datas = [b.data for row in chooser.buttons for b in row]
    assert f"tk:r:u:{world.units['A']}:2025" in datas
    assert not any(d.startswith(("tk:r:a", "tk:s", "tk:cl")) for d in datas)
    summary, _, _ = await ROUTER.button(_turn(db, kb, officer,
                                              data=f"tk:r:u:{world.units['A']}:2025"))
    assert "Đơn vị A" in summary.text and "Đơn vị B" not in summary.text
    [denied] = await ROUTER.button(_turn(db, kb, officer, data=f"tk:r:u:{world.units['B']}:2025"))
    assert denied.document is None and "không có quyền" in denied.text
    [refused] = await ROUTER.button(_turn(db, kb, officer, data="tk:s:2025"))
    assert "cán bộ thẩm định" in refused.text


async def test_inspection_sample_ranks_units_and_records_findings(
    db: Database, world: World, kb: KnowledgeBase
) -> None:
    reviewer = USERS["reviewer"]
    [sample] = await ROUTER.button(_turn(db, kb, reviewer, data="tk:s:2025"))
    # Three units: 10–15 % rounds up to one unit, the riskiest, with its reasons.
    record = [b.data for row in sample.buttons for b in row if b.data.startswith("tk:i:")]
    assert len(record) == 1
    assert "chưa được kiểm tra lần nào" in sample.text
    [ask] = await ROUTER.button(_turn(db, kb, reviewer, data=record[0]))
    assert "kết luận" in ask.text
    [empty] = await ROUTER.text(_turn(db, kb, reviewer, text="   "))
    assert "không được để trống" in empty.text
    [saved] = await ROUTER.text(_turn(db, kb, reviewer, text="Hồ sơ lưu chưa đầy đủ biên bản."))
    assert "20/02/2026" in saved.text and "20/02/2027" in saved.text
    unit_id = int(record[0].rsplit(":", 1)[1])
    async with db.session() as s:
        found = await s.execute(select(Inspection).where(Inspection.unit_id == unit_id))
        row = found.scalar_one()
    assert row.findings == "Hồ sơ lưu chưa đầy đủ biên bản." and row.inspector == "reviewer"
    async with db.session() as s, s.begin():
        officer = await resolve(s, await identify(_turn(db, kb, USERS["officer_a"])))
        with pytest.raises(ReportError) as error:
            await record_inspection(s, officer, world.units["A"], NOW.date(), "x", "y", NOW,
                                    kb.risk)
    assert error.value.key == "report_inspection_denied"


async def test_exemplary_candidates_come_with_what_is_missing(
    db: Database, world: World, kb: KnowledgeBase
) -> None:
    async with db.session() as s, s.begin():
        named = await s.execute(select(Subject.id).where(Subject.name == "Người A2"))
        person = named.scalar_one()
        for year in (2023, 2024, 2025):
            s.add(Rating(subject_id=person, year=year, rating="hoan_thanh_xuat_sac"))
            s.add(AwardRecord(subject_id=person, award="lao_dong_tien_tien", year=year))
    async with db.session() as s:
        found = await exemplary_candidates(s, kb, frozenset({world.units["A"]}), 2026,
                                           NOW.date())
    assert [c.subject_id for c in found] == [person]
    assert found[0].earliest_year <= 2026 and found[0].needs
    assert kb.awards[found[0].award].rank > kb.awards["lao_dong_tien_tien"].rank


async def test_stale_report_buttons_get_the_friendly_reply(
    db: Database, world: World, kb: KnowledgeBase
) -> None:
    [reply] = await ROUTER.button(_turn(db, kb, USERS["reviewer"], data="tk:r:c:99:2025"))
    assert reply.document is None and "tk:" not in reply.text


def test_cli_json_reports_the_year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"

    async def prepare() -> World:
        database = Database(url)
        await database.upgrade()
        try:
            return await build_world(database, NOW, dossiers=40)
        finally:
            await database.dispose()

    world = asyncio.run(prepare())
    monkeypatch.setenv("DATABASE_URL", url)
    args = argparse.Namespace(year=2025, campaign=None, unit="A", cluster=None,
                              as_of="2026-02-20", json=True, xlsx=None)
    assert report_from_cli(args, Renderer()) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scope"]["unit"] == "A" and data["as_of"] == "2026-02-20"
    expected = sum(1 for d in world.dossiers if d["campaign"] and d["unit"] == "A")
    assert data["totals"]["dossiers"] == expected
    assert {"by_form_status", "by_kind", "leaders", "by_basis", "outcome", "units"} <= set(data)
    target = tmp_path / "bao_cao.xlsx"
    args.json, args.xlsx = False, str(target)
    assert report_from_cli(args, Renderer()) == 0
    assert load_workbook(target, read_only=True).sheetnames[0] == Renderer().label(
        "reports.sheet.summary")
