"""docs/knowledge.md, worked examples 2 and 3, followed step by step in a copy of knowledge/.

An award added with the documented steps passes `tdkt knowledge check`, is judged on its cases
and appears on the first screen of the interview; the same award with one step skipped fails the
check with a Vietnamese line naming it. A province pack added the documented way passes the check
and is offered by the interview's province question; an unregistered id is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from eligibility.case_files import CASES_DIR, merge

from bot.chat.journeys import build_router
from bot.config import Settings
from bot.db.session import Database
from bot.eligibility import evaluate
from bot.render import Renderer
from bot.services import Services
from knowledge.loader import KNOWLEDGE_DIR, load_knowledge
from tdkt.cli import main
from tdkt.terminal import TerminalChat

DOCS = Path(__file__).resolve().parents[2] / "docs" / "knowledge.md"
AWARD = "bang_khen_vi_du"
NAME = "Bằng khen ví dụ"
SHORT = "BK ví dụ"
NOW = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội

CATALOGUE_ENTRY = f"""
  - id: {AWARD}
    name: {NAME}
    short_name: {SHORT}
    kinds: [individual, collective, household]
    category: form
    level: co_so
    menus: {{eligibility: 11}}
    rank: 16
    issuers: [thu_truong_co_quan]
    aliases: [bk vi du, bằng khen ví dụ]
    effective_from: 2024-01-01
    citation: {{document: "Luật 06/2022/QH15", article: "75", text: "Điều 75 Luật 06/2022/QH15"}}
    confidence: low
"""


def _section(title: str) -> str:
    text = DOCS.read_text("utf-8")
    start = text.index(title)
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def _steps(title: str) -> list[str]:
    return re.findall(r"^\d+\. \*\*(.+?)\*\*", _section(title), flags=re.MULTILINE)


def _edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n" + text.lstrip("\n"), "utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _catalogue(root: Path) -> None:
    _append(root / "awards" / "catalogue.yaml", CATALOGUE_ENTRY)


def _criteria(root: Path) -> None:
    (root / "criteria" / f"{AWARD}.yaml").write_text(
        f"# The fixture award takes the criteria of Giấy khen.\naward: {AWARD}\n"
        "same_as: giay_khen\n", "utf-8")


def _ladder(root: Path) -> None:
    def add(data: dict[str, Any]) -> None:
        ladder = next(x for x in data["ladders"] if x["id"] == "individual_forms")
        ladder["awards"].insert(1, AWARD)

    _edit_yaml(root / "ladders" / "ladders.yaml", add)


def _dossier(root: Path) -> None:
    _replace(root / "dossier" / "groups.yaml", "forms: &forms [giay_khen,",
             f"forms: &forms [{AWARD}, giay_khen,")
    _replace(root / "dossier" / "vocabulary.yaml", "awards:\n",
             f'awards:\n  {AWARD}: ["{NAME}"]\n')


def _authority(root: Path) -> None:
    def add(data: dict[str, Any]) -> None:
        authority = next(a for a in data["authorities"] if a["id"] == "thu_truong_co_quan")
        for power in authority["powers"]:
            if "giay_khen" in power["awards"] and power.get("effective_to") is None:
                power["awards"].append(AWARD)

    _edit_yaml(root / "authorities" / "authorities.yaml", add)


def _cases(cases: Path) -> None:
    data = yaml.safe_load((cases / "giay_khen.yaml").read_text("utf-8"))
    data["award"] = AWARD
    # Giấy khen's cases outside the Bắc Ninh pack (whose overrides name Giấy khen only).
    data["cases"] = [c for c in data["cases"] if "bac_ninh" not in str(c.get("facts"))]
    (cases / f"{AWARD}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


# Each documented step of "add an award", in order, as done to a copy (step 8 is the run).
AWARD_STEPS = {
    "Catalogue": _catalogue,
    "Criteria": _criteria,
    "Ladder": _ladder,
    "Dossier": _dossier,
    "Time limit": None,  # the default level's limit applies: nothing to write for this award
    "Authority": _authority,
    "Cases": None,  # written to the copy of tests/cases by `_cases`
}


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of knowledge/ beside a copy of tests/cases, where `tdkt knowledge check` looks."""
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copytree(CASES_DIR, tmp_path / "tests" / "cases")
    monkeypatch.setenv("TDKT_KNOWLEDGE_DIR", str(root))
    return root


def _add_award(root: Path, skip: str | None = None) -> None:
    for step, do in AWARD_STEPS.items():
        if do is not None and step != skip:
            do(root)
    if skip != "Cases":
        _cases(root.parent / "tests" / "cases")


def test_the_documented_steps_are_the_ones_this_test_follows() -> None:
    steps = _steps("## Worked example 3 — add an award")
    assert steps == [*AWARD_STEPS, "Run"]
    assert _steps("## Worked example 2 — add a province") == [
        "Check the id", "Write the pack", "Register the decision", "Dossier-side rules",
        "Add cases", "Run"]


async def test_an_award_added_as_documented_passes_and_is_offered(
    copy: Path, capsys: pytest.CaptureFixture[str], db: Database, database_url: str
) -> None:
    _add_award(copy)
    assert main(["knowledge", "check"]) == 0, capsys.readouterr().out
    assert "hợp lệ (20 danh hiệu" in capsys.readouterr().out

    kb = load_knowledge(copy)
    cases = yaml.safe_load((copy.parent / "tests" / "cases" / f"{AWARD}.yaml").read_text("utf-8"))
    for case in cases["cases"]:
        facts = merge({} if case.get("without_base") else cases["base"], case.get("facts") or {})
        assert evaluate(kb, AWARD, facts).verdict == case["verdict"], case["name"]

    services = Services(Settings(database_url=database_url), db, kb, Renderer())
    out = io.StringIO()
    chat = TerminalChat(services, build_router(), out, clock=lambda: NOW)
    chat.show(await chat.handle_line("/xet"))
    assert f"] {SHORT}" in out.getvalue()  # a button on the first screen (menus.eligibility)
    chat.show(await chat.handle_line("bk vi du"))  # typed, as an officer would
    assert "Người được xét tên là gì?" in out.getvalue()


@pytest.mark.parametrize(("skip", "line"), [
    ("Criteria", f"awards[{AWARD}]: chưa có tiêu chuẩn (thêm knowledge/criteria/{AWARD}.yaml)."),
    ("Ladder", f"awards[{AWARD}]: chưa nằm trong lộ trình nào (knowledge/ladders/ladders.yaml)."),
    ("Dossier", f"awards[{AWARD}]: chưa thuộc nhóm hồ sơ nào (knowledge/dossier/groups.yaml)."),
    ("Cases", f"awards[{AWARD}]: mới có 0 tình huống kiểm thử, cần ít nhất 5 "
              f"(tests/cases/{AWARD}.yaml)."),
])
def test_a_skipped_step_fails_the_check_naming_it(
    copy: Path, capsys: pytest.CaptureFixture[str], skip: str, line: str
) -> None:
    _add_award(copy, skip=skip)
    assert main(["knowledge", "check"]) == 1
    out = capsys.readouterr().out
    assert "Dữ liệu quy định có 1 lỗi" in out and line in out, out


def test_an_award_without_a_time_limit_today_is_named(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_award(copy)

    def no_limit_today(data: dict[str, Any]) -> None:
        data["awards_by_level"]["vi_du"] = [AWARD]  # a level whose only limit ended in 2020
        data["limits"].append({
            "level": "vi_du", "working_days": 10,
            "effective_from": dt.date(2019, 1, 1), "effective_to": dt.date(2020, 12, 31),
            "citation": {"document": "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2005, 2013)",
                         "text": "Luật Thi đua, khen thưởng 2003"},
            "confidence": "low",
        })

    _edit_yaml(copy / "workflow" / "sla.yaml", no_limit_today)
    assert main(["knowledge", "check"]) == 1
    out = capsys.readouterr().out
    assert (f"awards[{AWARD}]: chưa có thời hạn giải quyết áp dụng hôm nay "
            "(knowledge/workflow/sla.yaml).") in out


def test_two_awards_at_one_menu_position_are_refused(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_award(copy)
    _replace(copy / "awards" / "catalogue.yaml", "menus: {eligibility: 11}",
             "menus: {eligibility: 1}")
    assert main(["knowledge", "check"]) == 1
    assert (f"awards[{AWARD}].menus.eligibility: position 1 is also 'lao_dong_tien_tien'"
            in capsys.readouterr().out)


PACK = """\
province: quang_ninh
name: Quảng Ninh
aliases: [quang ninh]
citation: {document: "Luật 06/2022/QH15", text: "Luật 06/2022/QH15 (quy định của tỉnh: ví dụ)"}
confidence: low
overrides:
  - award: tap_the_lao_dong_tien_tien
    criterion: members_ldtt_ratio
    params: {min_ratio: 0.8}
    effective_from: 2026-01-01
    citation: {document: "Luật 06/2022/QH15", article: "27", text: "Điều 27 Luật 06/2022/QH15"}
    confidence: low
"""


def test_a_province_added_as_documented_passes_and_is_offered(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (copy / "provinces" / "quang_ninh.yaml").write_text(PACK, "utf-8")
    assert main(["knowledge", "check"]) == 0, capsys.readouterr().out
    options = load_knowledge(copy).questions["province"].options
    assert list(options) == ["bac_ninh", "quang_ninh", "khac"]
    assert options["quang_ninh"] == "Quảng Ninh"


def test_a_province_pack_with_an_unregistered_id_is_refused(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (copy / "provinces" / "vinh_yen.yaml").write_text(
        PACK.replace("quang_ninh", "vinh_yen"), "utf-8")
    assert main(["knowledge", "check"]) == 1
    assert ("provinces[vinh_yen]: mã tỉnh chưa đăng ký trong knowledge/regions/provinces.yaml"
            in capsys.readouterr().out)
