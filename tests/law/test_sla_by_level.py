"""Issue 11 item 4, verified by level: from 2025-07-01 the titles decided by a commune chairman or
the head of a unit (CSTĐ cơ sở, LĐTT, TTLĐTT… — ND 129/2025 Art. 59, Law 06/2022 Art. 80) take
the 20 working days of QĐ 638/QĐ-BNV whoever proposes them, while provincial and state awards keep
the 25 days of the ND 98-era card, even when a commune proposes them. The award fixes the level
that decides, so the limit is looked up by award (knowledge/workflow/sla.yaml)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.status.sla import StatusPoint, compute_sla
from e2e.support import knowledge_base
from knowledge.loader import KnowledgeBase

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE, FROM = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
# Decided below the province, but on the commune's Giấy khen/Gia đình văn hóa card (10 days).
COMMUNE_CARD = {"giay_khen", "gia_dinh_van_hoa"}


def _limit(award: str, received: dt.date) -> int | None:
    at = dt.datetime(received.year, received.month, received.day, 9, tzinfo=TZ)
    kb = knowledge_base()
    state = compute_sla([StatusPoint(at, "received")], award, received, TZ,
                        kb.workflow.on(received), kb.calendar, kb.sla)
    return state.limit_days


def _unit_level(kb: KnowledgeBase) -> list[str]:
    return [a.id for a in kb.awards.values() if a.level == "co_so" and a.id not in COMMUNE_CARD]


def _provincial(kb: KnowledgeBase) -> list[str]:
    return [a.id for a in kb.awards.values() if a.level in ("bo_nganh_tinh", "nha_nuoc")]


def test_commune_and_unit_level_titles_take_20_days_from_1_july_2025(kb: KnowledgeBase) -> None:
    awards = _unit_level(kb)
    assert "chien_si_thi_dua_co_so" in awards and "lao_dong_tien_tien" in awards
    for award in awards:
        assert _limit(award, BEFORE) == 25, award
        assert _limit(award, FROM) == 20, award


def test_provincial_and_state_awards_keep_25_days_on_both_sides(kb: KnowledgeBase) -> None:
    awards = _provincial(kb)
    assert "bang_khen_tinh" in awards and "tap_the_lao_dong_xuat_sac" in awards
    for award in awards:
        assert _limit(award, BEFORE) == 25, award
        assert _limit(award, FROM) == 25, award


@pytest.mark.parametrize("award", sorted(COMMUNE_CARD))
def test_the_commune_card_awards_keep_10_days(award: str) -> None:
    assert _limit(award, BEFORE) == 10
    assert _limit(award, FROM) == 10
