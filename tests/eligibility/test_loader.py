"""The knowledge loader refuses bad data and names the file and the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.eligibility import check_knowledge
from knowledge.loader import KNOWLEDGE_DIR, KnowledgeBase, KnowledgeError, load_knowledge


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(
        KNOWLEDGE_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__", "dossier")
    )
    return root


def _errors(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    return [str(e) for e in caught.value.errors]


def test_the_shipped_knowledge_loads_and_every_predicate_exists(kb: KnowledgeBase) -> None:
    assert {"lao_dong_tien_tien", "bang_khen_thu_tuong", "co_thi_dua_chinh_phu"} <= set(kb.awards)
    assert check_knowledge(kb) == []


def test_a_missing_citation_names_file_and_criterion(tree: Path) -> None:
    path = tree / "criteria" / "lao_dong_tien_tien.yaml"
    text = path.read_text(encoding="utf-8")
    marker = (
        '        citation: {document: "Luật 06/2022/QH15", article: "24", clause: "1", point: "a"'
    )
    start = text.index(marker)
    end = text.index("\n", start)
    path.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    errors = _errors(tree)
    assert any(
        "criteria/lao_dong_tien_tien.yaml" in e and "[rating_good].citation" in e for e in errors
    )


def test_an_unknown_key_is_refused(tree: Path) -> None:
    path = tree / "awards" / "catalogue.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    rank: 10\n", "    rank: 10\n    rnak: 3\n", 1
        ),
        encoding="utf-8",
    )
    assert any(
        "awards/catalogue.yaml" in e and "rnak" in e and "unknown key" in e for e in _errors(tree)
    )


def test_overlapping_dates_are_refused(tree: Path) -> None:
    path = tree / "rule_sets" / "rule_sets.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "effective_to: 2025-06-30", "effective_to: 2025-07-31"
        ),
        encoding="utf-8",
    )
    assert any("rule_sets" in e and "overlapping dates" in e for e in _errors(tree))


def test_a_yaml_syntax_error_gives_the_line(tree: Path) -> None:
    path = tree / "provinces" / "bac_ninh.yaml"
    path.write_text("province: [unclosed\n", encoding="utf-8")
    assert any("provinces/bac_ninh.yaml: line" in e for e in _errors(tree))


def test_an_override_of_an_unknown_criterion_is_refused(tree: Path) -> None:
    path = tree / "provinces" / "bac_ninh.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "criterion: members_ldtt_ratio", "criterion: nope"
        ),
        encoding="utf-8",
    )
    assert any("unknown criterion 'nope'" in e for e in _errors(tree))
