"""The chat draft asks only what matters: no vote question for an award whose ballot is not
checked (Bằng khen tỉnh), but one for an award that has a vote threshold (CSTĐ cơ sở)."""

from __future__ import annotations

import datetime as dt

from bot.dossier import draft as dr
from bot.dossier.readers import read_upload
from e2e.support import dossier_kb
from knowledge.dossier_schema import DossierKB
from tests.dossier.corpus.generate import CORPUS


def _questions(kb: DossierKB, files: list[str]) -> set[str]:
    data: dict[str, object] = {}
    for name in files:
        data = dr.add_upload(data, read_upload(name, CORPUS[name](), kb=dossier_kb()))
    built = dr.build(kb, data, {}, dt.date(2026, 1, 20))
    return {q.key for q in built.questions}


def test_no_vote_question_when_the_award_has_no_ballot_rule(kb: DossierKB) -> None:
    asked = _questions(kb, ["tt_truong_thpt_bk_tinh.docx", "bb_khong_doc_duoc_phieu.docx"])
    assert "council.votes" not in asked and "council.total_members" in asked


def test_vote_question_when_the_ballot_is_checked(kb: DossierKB) -> None:
    asked = _questions(kb, ["tt_benh_vien_cstdcs.docx", "bb_khong_doc_duoc_phieu.docx"])
    assert "council.votes" in asked
