"""Everything that is law or policy comes from one knowledge base, loaded from one folder.

- The dossier checker and the eligibility engine name the same regime on every day (one
  rule-set registry, `knowledge/rule_sets/`): a dossier received under the old law says so.
- A broken policy file (workflow, SLA, calendar, risk weights, blank forms, required legal bases,
  the source register) is refused by `tdkt knowledge check` naming the file, and the bot refuses
  to start with it — it is no longer found on a user's first tap.
- The folder `TDKT_KNOWLEDGE_DIR` names is the one every feature reads (the calendar, the dossier
  rules), not the package's own copy.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from dossier.builders import manifest_of, valid_dict

from bot.bootstrap import load_kb
from bot.config import Settings
from bot.dossier import check
from bot.errors import ConfigError
from knowledge.loader import KNOWLEDGE_DIR, KnowledgeBase
from tdkt.cli import main


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of knowledge/ that `tdkt` reads (`TDKT_KNOWLEDGE_DIR`)."""
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setenv("TDKT_KNOWLEDGE_DIR", str(root))
    return root


@pytest.mark.parametrize("day", [
    dt.date(2023, 11, 20), dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2025, 6, 30),
    dt.date(2025, 7, 1), dt.date(2026, 9, 30), dt.date(2026, 10, 1), dt.date(2026, 12, 7),
])
def test_the_dossier_check_and_the_engine_name_the_same_regime(
    kb: KnowledgeBase, day: dt.date
) -> None:
    rule_set = kb.rule_set_on(day)
    assert rule_set is not None
    assert check(manifest_of(valid_dict()), kb.dossier, day).rule_set == rule_set.id


def test_a_dossier_received_under_the_2003_law_names_that_regime(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "ho_so.json"
    manifest.write_text(json.dumps(valid_dict()), "utf-8")
    assert main(["check-dossier", str(manifest), "--received-on", "2023-11-20", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rule_set"] == "luat-tdkt-2003+nd-91-2017"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n" + text, "utf-8")


BROKEN = {
    "workflow/status.yaml": "surprise: 1\n",
    "workflow/sla.yaml": "surprise: 1\n",
    "risk/risk.yaml": "surprise: 1\n",
    "calendar/vn.yaml": "surprise: 1\n",
    "dossier/forms.yaml": "surprise: 1\n",
    "dossier/required_bases.yaml": "- key: surprise\n",
    "sources.yaml": "surprise: 1\n",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_policy_file_is_refused_naming_it(
    copy: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    _append(copy / name, BROKEN[name])
    assert main(["knowledge", "check"]) == 1
    out = capsys.readouterr().out
    assert "Dữ liệu quy định có" in out and Path(name).name in out, out
    with pytest.raises(ConfigError) as refused:  # the bot does not start with it either
        load_kb(Settings(knowledge_dir=copy))
    assert refused.value.key == "knowledge_invalid"


def test_the_calendar_shown_is_the_configured_folders(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy / "calendar" / "vn.yaml"
    text = path.read_text("utf-8")
    anchor = '      - {date: 2024-09-02, name: "Quốc khánh", kind: holiday}\n'
    assert anchor in text
    path.write_text(text.replace(
        anchor, anchor + '      - {date: 2024-09-04, name: "Ngày nghỉ thử", kind: holiday}\n', 1),
        "utf-8")
    assert main(["knowledge", "show", "calendar", "--year", "2024", "--json"]) == 0
    assert "2024-09-04" in json.loads(capsys.readouterr().out)["days_off"]


def test_the_dossier_check_reads_the_configured_folders_rules(
    copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(copy / "dossier" / "required_bases.yaml", """\
- key: nghi_dinh_thu
  label: "Nghị định thử 01/2026"
  patterns: ['nghi dinh thu 01 2026']
  effective_from: 2026-01-01
  severity: warning
  citation: {document: "Luật 06/2022/QH15", text: "Luật 06/2022/QH15 (quy định thử)"}
  confidence: medium
""")
    manifest = tmp_path / "ho_so.json"
    manifest.write_text(json.dumps(valid_dict()), "utf-8")
    assert main(["check-dossier", str(manifest), "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["kind"] for f in findings if "thử" in f["message"]] == ["missing_legal_basis"]
