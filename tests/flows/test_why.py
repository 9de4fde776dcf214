""""Vì sao?" adds what the verdict does not say (issue 12 item 7): the article, how each count
was made, and which answer would change the verdict. The interview is driven from a case file
(`tests/cases`), as an officer holding the full file would answer, and the text is read as
the officer reads it (HTML stripped)."""

from __future__ import annotations

from typing import Any

from eligibility.case_files import case_entries

from bot.interview.replay import replay
from bot.interview.state import Interview
from bot.interview.why import explain
from bot.render import Renderer, to_plain
from knowledge.loader import KnowledgeBase


def case(award: str, name: str) -> tuple[dict[str, Any], str | None]:
    for _, found, entry, facts in case_entries():
        if found == award and entry["name"].startswith(name):
            return facts, entry.get("province")
    raise AssertionError(f"no case {name!r} for {award}")


def why_text(kb: KnowledgeBase, interview: Interview, province: str | None) -> str:
    ex = explain(kb, interview, province)
    html = Renderer().render("eligibility/why.j2", ex=ex, awards=kb.awards, labels=kb.labels)
    return to_plain(html)


def interview_of(kb: KnowledgeBase, award: str, name: str) -> tuple[Interview, str | None]:
    facts, province = case(award, name)
    return replay(kb, award, facts, province=province).interview, province


def test_the_article_and_each_basis_are_quoted(kb: KnowledgeBase) -> None:
    interview, province = interview_of(kb, "bang_khen_thu_tuong", "BK tỉnh then five good years")
    text = why_text(kb, interview, province)
    assert "Căn cứ: Điều 73 Luật 06/2022/QH15" in text
    assert "«Đã được tặng Bằng khen cấp bộ, ngành, tỉnh; sau đó liên tục từ 05 năm" in text


def test_the_counts_name_their_years_titles_and_the_award_they_start_after(
    kb: KnowledgeBase,
) -> None:
    interview, province = interview_of(kb, "bang_khen_thu_tuong", "BK tỉnh then five good years")
    text = why_text(kb, interview, province)
    assert "đã tính: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2019" in text
    run = next(line for line in text.splitlines() if "5 năm liên tục đạt mức" in line)
    assert "tính từ năm 2020" in run
    assert "2021 hoàn thành tốt nhiệm vụ" in run and "2024 hoàn thành xuất sắc nhiệm vụ" in run
    assert "đã đếm các năm 2020–2024: có danh hiệu năm 2020, 2022, 2024" in text


def test_a_not_eligible_verdict_names_the_year_that_broke_the_run_and_the_initiatives(
    kb: KnowledgeBase,
) -> None:
    interview, province = interview_of(kb, "bang_khen_tinh", "Only one excellent year")
    text = why_text(kb, interview, province)
    run = next(line for line in text.splitlines() if "năm liên tục đạt mức" in line)
    assert "2023 hoàn thành tốt nhiệm vụ (dừng chuỗi)" in run
    assert "đã tính: năm 2024: 1 sáng kiến/đề tài; năm 2023: 1 sáng kiến/đề tài" in text


def test_a_not_eligible_verdict_names_the_answers_that_would_change_it(kb: KnowledgeBase) -> None:
    interview, province = interview_of(kb, "bang_khen_tinh", "Only one excellent year")
    ex = explain(kb, interview, province)
    assert ex.verdict.verdict == "not_eligible"
    changed = {c.question.id: (c.given, c.instead, c.verdict) for c in ex.changes}
    assert changed["rating_2023"][:2] == ("hoan_thanh_tot", "hoan_thanh_xuat_sac")
    assert all(verdict != "not_eligible" for _, _, verdict in changed.values())
    text = why_text(kb, interview, province)
    assert "Câu trả lời có thể đổi kết quả:" in text
    assert "đã trả lời «Hoàn thành tốt nhiệm vụ»; nếu là «Hoàn thành xuất sắc nhiệm vụ»" in text


def test_an_open_verdict_names_the_questions_still_missing(kb: KnowledgeBase) -> None:
    facts, province = case("bang_khen_thu_tuong", "BK tỉnh then five good years")
    blank = {"as_of": facts["as_of"], "subject": facts["subject"]}
    interview = replay(kb, "bang_khen_thu_tuong", blank, province=province).interview
    ex = explain(kb, interview, province)
    assert ex.verdict.verdict == "needs_more_info"
    assert ex.missing
    text = why_text(kb, interview, province)
    assert "Câu trả lời còn thiếu, có thể quyết định kết quả:" in text
    assert ex.missing[0].text[1:] in text
    # Only answers that would settle it are named: never a ❌ from flipping a clean record.
    assert all(c.verdict == "eligible" for c in ex.changes)
