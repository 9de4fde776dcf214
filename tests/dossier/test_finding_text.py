"""Finding texts from the per-kind cache are the very texts the templates render.

`render_finding_text` renders a kind's template once with placeholders for the names of people
and files, then fills them in (bot/dossier/text.py); an officer must read exactly what the
template says for their nominee, whatever the name holds (double spaces, tabs, braces).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from typing import Any

import pytest

import bot.dossier.findings as findings_module
from bot.dossier import check, read_files
from bot.dossier.blanks import BlankContext, BlankNominee, nominee_list_xlsx, to_trinh_docx
from bot.dossier.findings import Finding, FindingStamp, build_finding, finding
from bot.dossier.text import TextStamp, render_finding_jinja, render_finding_text
from knowledge.common import Citation, Confidence
from knowledge.dossier_schema import DossierKB, Severity

ODD_NAMES = ["Nguyễn Văn An", "  Trần  Thị\tBình ", "Lê\u00a0Văn Châu", "Phạm {{ x }} Dũng",
             "Hoàng Văn %s Giang", "Vũ Thị Hà\n", "X"]


@pytest.mark.parametrize("who", ODD_NAMES)
@pytest.mark.parametrize(("kind", "context"), [
    ("missing_component", {"component_label": "Báo cáo thành tích",
                           "award_label": "Lao động tiên tiến", "alternatives": ["A", "B"]}),
    ("missing_component", {"component_label": "Tờ trình", "award_label": "",
                           "alternatives": []}),
    ("criteria_unknown", {"variant": "needs_more_info", "award_label": "Lao động tiên tiến",
                          "missing": ["số năm", "xếp loại"], "questions": False,
                          "evidence": ""}),
    ("criteria_unknown", {"variant": "no_engine", "award_label": "Chiến sĩ thi đua cơ sở",
                          "missing": [], "questions": True, "evidence": "giấy chứng nhận"}),
    ("duplicate_nominee", {"variant": "dossier", "other": "Nguyễn  Văn An",
                           "other_ref": "N1"}),
    ("vote_below_threshold", {"award_label": "Lao động tiên tiến", "agree": 5,
                              "base_count": 11, "ratio": 0.455, "min_ratio": 0.5,
                              "base": "present"}),
])
def test_cached_text_equals_the_template(who: str, kind: str, context: dict[str, Any]) -> None:
    for _ in range(2):  # the first call fills the cache, the second reads it
        assert render_finding_text(kind, who=who, **context) == render_finding_jinja(
            kind, {"variant": "", "who": who, **context})


def test_every_finding_of_a_checked_list_reads_as_the_template_renders(
        kb: DossierKB, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read and check a list with odd names: each finding's text, built through the cache, is
    compared with a fresh Jinja render of the same context."""
    compared: list[str] = []

    def both(kind: str, **context: Any) -> tuple[str, str]:
        fast = render_finding_text(kind, **dict(context))
        slow = render_finding_jinja(kind, {"variant": "", **context})
        assert fast == slow, (kind, context)
        compared.append(kind)
        return fast

    class Checked(TextStamp):
        def __call__(self, value: Any) -> tuple[str, str]:
            fast = super().__call__(value)
            assert fast == render_finding_jinja(self.kind, {**self.context, self.name: value})
            compared.append(self.kind)
            return fast

    monkeypatch.setattr(findings_module, "render_finding_text", both)
    monkeypatch.setattr(findings_module, "TextStamp", Checked)
    names = [*ODD_NAMES[:6], "Nguyễn Văn An", "Nguyen Van An", "Trần Thị Bình"]
    nominees = tuple(BlankNominee(name=name, position="Giáo viên", unit="Tổ Toán",
                                  period="Năm 2025", votes_agree=4 + i)
                     for i, name in enumerate(names))
    ctx = BlankContext(unit="Trường THPT Chu Văn An", superior="UBND tỉnh Lào Cai",
                       award="lao_dong_tien_tien", dated=dt.date(2026, 1, 15),
                       signer="Nguyễn Văn Bình", nominees=nominees)
    files = [("to_trinh.docx", to_trinh_docx(ctx, kb=kb)),
             ("danh_sach.xlsx", nominee_list_xlsx(ctx, kb=kb))]
    draft = read_files(files, kb=kb)
    result = check(draft.manifest, kb, as_of=dt.date(2026, 1, 20))
    assert len(result.findings) >= len(names)
    assert {"missing_component", "criteria_unknown", "duplicate_nominee"} <= set(compared)


STAMPED = [
    ("missing_component", {"component_label": "Báo cáo thành tích",
                           "award_label": "Lao động tiên tiến", "alternatives": ["A", "B"]}),
    ("criteria_unknown", {"variant": "needs_more_info", "award_label": "Lao động tiên tiến",
                          "missing": ["số năm", "xếp loại"], "questions": False,
                          "evidence": ""}),
    ("criteria_unknown", {"variant": "no_engine", "award_label": "Chiến sĩ thi đua cơ sở",
                          "missing": [], "questions": True, "evidence": "giấy chứng nhận"}),
]


@pytest.mark.parametrize(("kind", "context"), STAMPED)
def test_a_stamped_finding_is_the_finding_built_one_by_one(kind: str,
                                                           context: dict[str, Any]) -> None:
    """`FindingStamp` (texts built once per rule) gives what `finding` gives for each nominee,
    whatever the name: odd spacing, the placeholder itself, empty."""
    citation = Citation(document="luat_06_2022", text="Điều 24 Luật Thi đua, khen thưởng")
    stamp = FindingStamp(kind, Severity.ERROR, component="bao_cao_thanh_tich",
                         citation=citation, confidence=Confidence.HIGH, rule="r1", **context)
    for index, who in enumerate([*ODD_NAMES, "", "\x00who\x00", "Lê \x00 Văn"]):
        for extra in (None, {"missing": ["x"]}, {"rule": "shadowed"}):
            one = finding(kind, Severity.ERROR, nominee=f"N{index}",
                          component="bao_cao_thanh_tich", citation=citation,
                          confidence=Confidence.HIGH, rule="r1", extra=extra, who=who,
                          **context)
            got = stamp(f"N{index}", who, extra)
            assert got == one
            assert got.to_json() == one.to_json()
            assert list(got.to_json()) == list(one.to_json())


def test_a_built_finding_is_the_dataclass() -> None:
    args = ("missing_component", Severity.INFO, "m", "f", None, "N1", "to_trinh", {"rule": "x"})
    built, plain = build_finding(*args), Finding(*args)
    assert built == plain
    assert dataclasses.astuple(built) == dataclasses.astuple(plain)
    assert pickle.loads(pickle.dumps(built)) == plain
    with pytest.raises(AttributeError):
        built.kind = "other"  # type: ignore[misc]
