"""The duplicate check on long look-alike lists: every repeat is still found, nothing is lost."""

from __future__ import annotations

import datetime as dt

from bot.dossier.checks import CheckContext
from bot.dossier.checks.duplicates import FUZZY_WINDOW, check_duplicates
from bot.dossier.manifest import Manifest
from knowledge.dossier_schema import DossierKB


def _duplicates(kb: DossierKB, names: list[str]) -> dict[str, str]:
    manifest = Manifest.model_validate({
        "award": {"code": "lao_dong_tien_tien"},
        "nominees": [{"id": f"N{i + 1}", "name": n} for i, n in enumerate(names)],
    })
    ctx = CheckContext(manifest=manifest, kb=kb, as_of=dt.date(2026, 1, 20))
    return {f.nominee or "": f.extra["other"] for f in check_duplicates(ctx)}


def test_every_repeat_of_a_name_is_flagged_however_long_the_block(kb: DossierKB) -> None:
    # Many distinct look-alike names in one (family, given) block, then the first one again:
    # the repeat is found by its exact key even though it is far outside the fuzzy window.
    middles = [f"Van {chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(FUZZY_WINDOW * 3)]
    names = [f"Nguyễn {m} Long" for m in middles] + ["Nguyen Van aa Long"]
    found = _duplicates(kb, names)
    assert found[f"N{len(names)}"] == "N1"


def test_a_spelling_slip_next_to_the_original_is_flagged(kb: DossierKB) -> None:
    found = _duplicates(kb, ["Trần Thị Thanh Mai", "Lê Văn Bình", "Tran Thi Thanhh Mai"])
    assert found == {"N3": "N1"}
