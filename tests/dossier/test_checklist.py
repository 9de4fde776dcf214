"""The guided checklist node by node: which question comes next, typed answers, the manifest."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.dossier import check
from bot.dossier import checklist as cl
from knowledge.dossier_schema import DossierKB


def answered(kb: DossierKB, *pairs: tuple[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for step_id, value in pairs:
        step = cl.next_checklist_step(kb, answers)
        assert step is not None and step.id == step_id, (step, step_id)
        answers = cl.with_answer(answers, step_id, value)
    return answers


BASE = (("award", "chien_si_thi_dua_co_so"), ("procedure", "regular"),
        ("received", "2026-01-20"), ("name:0", "Nguyễn Thị Hoa"), ("leader:0", False),
        ("more:0", False))


def test_opening_questions_come_in_order(kb: DossierKB) -> None:
    assert [s.id for s in [cl.next_checklist_step(kb, {})]] == ["award"]
    answers = answered(kb, *BASE)
    step = cl.next_checklist_step(kb, answers)
    assert step is not None and step.id == "has:to_trinh"


def test_components_asked_are_those_the_award_needs_on_the_date(kb: DossierKB) -> None:
    cstd = [c for c, _ in cl.needed_components(kb, answered(kb, *BASE))]
    assert "chung_nhan_sang_kien" in cstd
    giay_khen = answered(kb, ("award", "giay_khen"), ("procedure", "simplified"),
                         ("received", "2026-01-20"))
    assert [c for c, _ in cl.needed_components(kb, giay_khen)] == [
        "to_trinh", "bao_cao_tom_tat_thanh_tich"]


def test_signatures_only_for_present_components_and_ballot_only_where_required(
        kb: DossierKB) -> None:
    answers = answered(kb, *BASE, ("has:to_trinh", True), ("has:bao_cao_thanh_tich", False),
                       ("has:bien_ban_binh_xet", False), ("has:chung_nhan_sang_kien", False))
    step = cl.next_checklist_step(kb, answers)
    assert step is not None and step.id == "sig:to_trinh:signed"
    answers = cl.with_answer(answers, step.id, True)
    assert [cl.next_checklist_step(kb, answers).id] == ["council:total_members"]  # type: ignore[union-attr]
    lao_dong = answered(kb, ("award", "giay_khen"), ("procedure", "regular"),
                        ("received", "2026-01-20"), ("name:0", "A B"), ("leader:0", None),
                        ("more:0", False))
    assert not cl.ballot_applies(kb, lao_dong)


def test_several_nominees_and_undo(kb: DossierKB) -> None:
    answers = answered(kb, *BASE[:5], ("more:0", True), ("name:1", "Lê Văn Long"),
                       ("leader:1", True), ("more:1", False))
    assert cl.nominee_names(answers) == ["Nguyễn Thị Hoa", "Lê Văn Long"]
    undone = cl.undo(answers)
    step = cl.next_checklist_step(kb, undone)
    assert step is not None and step.id == "more:1"


@pytest.mark.parametrize("kind, text, key", [
    ("date", "31/02/2026", "date_no_such_day"), ("date", "hom qua", "date_format"),
    ("number", "mười", "number"), ("text", "1234", "name"), ("award", "giai xyz", "award"),
])
def test_bad_typed_answers_are_explained_not_crashes(kb: DossierKB, kind: str, text: str,
                                                     key: str) -> None:
    with pytest.raises(cl.ChecklistAnswerError) as bad:
        cl.parse_typed(cl.ChecklistStep("x", kind), text, kb)
    assert bad.value.key == key


def test_typed_answers_are_normalised(kb: DossierKB) -> None:
    assert cl.parse_typed(cl.ChecklistStep("received", "date"), " 5/1/2026 ", kb) == "2026-01-05"
    assert cl.parse_typed(cl.ChecklistStep("award", "award"), "chien si thi dua co so", kb) == (
        "chien_si_thi_dua_co_so")
    assert cl.parse_button(cl.ChecklistStep("received", "date"), "today", kb,
                           dt.date(2026, 1, 15)) == "2026-01-15"


def test_the_checklist_manifest_is_checked_like_files(kb: DossierKB) -> None:
    answers = answered(kb, *BASE, ("has:to_trinh", True), ("has:bao_cao_thanh_tich", True),
                       ("has:bien_ban_binh_xet", True), ("has:chung_nhan_sang_kien", False))
    while (step := cl.next_checklist_step(kb, answers)) is not None and step.id.startswith("sig:"):
        answers = cl.with_answer(answers, step.id, True)
    for step_id, value in (("council:total_members", 11), ("council:present", 9),
                           ("council:written_opinions_from_absent", 2), ("vote:0", 8)):
        answers = cl.with_answer(answers, step_id, value)
    assert cl.next_checklist_step(kb, answers) is None
    from bot.dossier.manifest import parse_manifest

    manifest = parse_manifest(cl.to_manifest(kb, answers))
    findings = check(manifest, kb, dt.date(2026, 1, 20)).findings
    kinds = {(f.kind, f.nominee) for f in findings if f.severity.value != "info"}
    # No initiative certificate: a question, not an error — by the HTXS route none is needed (B15).
    assert ("missing_component", "N1") not in kinds
    assert any("Giấy chứng nhận" in f.message for f in findings if f.nominee == "N1")
    assert any(k == "vote_below_threshold" for k, _ in kinds)  # 8/11 < 80 %
