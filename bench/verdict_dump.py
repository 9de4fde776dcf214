"""Every verdict as one JSON line, to prove an engine change keeps them byte-identical.

Writes, for the law cases of tests/cases/ (evaluate with and without the path, evaluate_all,
questions_for), for N varied synthetic histories × every award (unknown bases, award histories,
discipline, pending proceedings, initiatives of every kind, provinces, receipt dates…) and for
the histories of bench/eligibility.py: the full `to_json()` plus asks, every criterion's missing
facts, bases and notices. Run it on two trees and compare the files:

    PYTHONPATH=/path/to/base .venv/bin/python bench/verdict_dump.py /tmp/base.txt
    .venv/bin/python bench/verdict_dump.py /tmp/branch.txt && cmp /tmp/base.txt /tmp/branch.txt

Arguments: OUT [SEED=11] [N=600]. Prints the number of lines written; asserts nothing.
"""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bot
from bot.eligibility import (
    EligibilityError,
    FactsError,
    evaluate,
    evaluate_all,
    next_awards,
    questions_for,
)
from knowledge.loader import load_knowledge

TREE = Path(bot.__file__).resolve().parents[1]
sys.path.insert(0, str(TREE / "tests"))

from eligibility.case_files import case_entries  # noqa: E402

RATINGS = ["hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh", None]
DAYS = ["2025-01-15", "2024-06-01", "2026-03-10", "2026-07-15", "2026-12-07", "2023-12-20"]


def as_json(value: Any) -> Any:
    if hasattr(value, "to_json"):
        data = value.to_json()
        if hasattr(value, "asks"):  # a Verdict: what to_json leaves out
            data["_asks"] = list(value.asks)
            data["_missing"] = [[m.fact, m.ask] for c in value.criteria for m in c.missing]
            data["_bases"] = [[b.id, b.met, b.text] for b in value.bases]
            data["_other_notices"] = list(value.other_notices)
            data["_extra"] = [value.based_on, value.unchecked, value.rule_set_notice]
            data["_unverified"] = [c.unverified for c in value.criteria]
        return data
    if hasattr(value, "__dict__"):
        return {k: repr(v) for k, v in vars(value).items()}
    return repr(value)


def history(rng: random.Random) -> dict[str, Any]:
    """A varied individual's history (some impossible: those lines hold the FactsError)."""
    as_of = rng.choice(DAYS)
    last = int(as_of[:4])
    years: dict[str, Any] = {}
    for year in range(rng.choice([2018, 2020, 2022]), last + 1):
        if rng.random() < 0.1:
            continue
        facts: dict[str, Any] = {}
        if rng.random() < 0.85:
            facts["rating"] = rng.choice(RATINGS)
        if rng.random() < 0.6:
            facts["months_worked"] = rng.choice([12, 12, 5, 7, 10])
        if rng.random() < 0.6:
            facts["active_in_emulation"] = rng.choice([True, True, False])
        if rng.random() < 0.7:
            facts["discipline"] = (
                "none"
                if rng.random() < 0.85
                else {
                    "form": rng.choice(["khien_trach", "canh_cao"]),
                    **({"decided_on": f"{year}-03-01"} if rng.random() < 0.7 else {}),
                }
            )
        if rng.random() < 0.7:
            titles: list[Any] = []
            if rng.random() < 0.8:
                titles.append("lao_dong_tien_tien")
            if rng.random() < 0.4:
                route = rng.choice(["htxs", "initiative", "research"])
                stated = {"route": route} if rng.random() < 0.5 else {}
                titles.append({"award": "chien_si_thi_dua_co_so", **stated})
            if rng.random() < 0.05:
                titles.append(rng.choice(["bang_khen_tinh", "chien_si_thi_dua_bo_nganh_tinh"]))
            facts["titles"] = titles
        elif rng.random() < 0.2:
            facts["not_titles"] = [rng.choice(["chien_si_thi_dua_co_so", "lao_dong_tien_tien"])]
        if rng.random() < 0.2:
            facts["initiatives"] = [
                {
                    "kind": rng.choice(["sang_kien", "de_tai"]),
                    "scope": rng.choice(["co_so", "bo_nganh_tinh", None]),
                    "recognized": rng.choice([True, None]),
                    **({"applied": rng.choice([True, False, None])} if rng.random() < 0.5 else {}),
                }
            ]
        years[str(year)] = facts
    subject: dict[str, Any] = {"kind": "individual"}
    data: dict[str, Any] = {"as_of": as_of, "subject": subject, "years": years}
    if rng.random() < 0.4:
        subject["category"] = rng.choice(
            ["cong_chuc", "vien_chuc", "cong_nhan", "nha_khoa_hoc", "luc_luong_vu_trang"]
        )
    if rng.random() < 0.15:
        subject["armed_forces"] = rng.choice([True, False])
    if rng.random() < 0.15:
        subject["service_start"] = f"{rng.randint(2015, 2023)}-0{rng.randint(1, 9)}-16"
    if rng.random() < 0.15:
        subject["province"] = rng.choice(["bac_ninh", "ha_noi"])
    if rng.random() < 0.8:
        data["pending"] = (
            []
            if rng.random() < 0.8
            else [
                {
                    "type": "dieu_tra",
                    **({"concluded": rng.choice([True, False])} if rng.random() < 0.6 else {}),
                }
            ]
        )
    if rng.random() < 0.7:
        data["initiatives"] = [
            {
                "year": rng.randint(2018, last),
                "kind": rng.choice(["sang_kien", "de_tai", "de_an"]),
                "scope": rng.choice(["co_so", "bo_nganh_tinh", "toan_quoc"]),
                "recognized": rng.choice([True, True, None]),
                **(
                    {"used_for": rng.choice(["chien_si_thi_dua_co_so", "bang_khen_tinh"])}
                    if rng.random() < 0.15
                    else {}
                ),
                **({"applied": True} if rng.random() < 0.5 else {}),
            }
            for _ in range(rng.randint(0, 4))
        ]
    if rng.random() < 0.75:
        data["awards"] = [
            {
                "award": rng.choice(
                    [
                        "bang_khen_tinh",
                        "bang_khen_bo_nganh",
                        "bang_khen_thu_tuong",
                        "giay_khen",
                        "chien_si_thi_dua_bo_nganh_tinh",
                        "huan_chuong_lao_dong_hang_ba",
                    ]
                ),
                "year": rng.randint(2014, 2025),
                **(
                    {"basis": rng.choice(["cong_trang", "chuyen_de", "dot_xuat"])}
                    if rng.random() < 0.6
                    else {}
                ),
                **({"revoked": True} if rng.random() < 0.05 else {}),
            }
            for _ in range(rng.randint(0, 3))
        ]
    elif rng.random() < 0.5:
        award = rng.choice(["bang_khen_tinh", "bang_khen_thu_tuong", "bang_khen_bo_nganh"])
        data["award_history"] = {
            award: rng.choice(
                [
                    [],
                    [2019],
                    [{"year": 2020, "basis": "chuyen_de", "earlier_known": False}],
                    [{"year": 2021}],
                ]
            )
        }
    if rng.random() < 0.6:
        claimed = rng.sample(["phong_trao", "dot_xuat", "dong_gop", "qua_trinh_cong_hien"],
                             rng.randint(1, 3))
        data["other_achievements"] = {k: rng.choice([True, False]) for k in claimed}
    if rng.random() < 0.1:
        data["received_on"] = rng.choice(["2026-06-20", "2025-11-01"])
    if rng.random() < 0.1:
        data["evaluation_year"] = rng.choice([2023, 2024, 2025])
    if rng.random() < 0.05:
        data["issuer"] = rng.choice(["chu_tich_ubnd_tinh", "thu_tuong"])
    if rng.random() < 0.05:
        data["interview"] = {"initiative_kinds": rng.choice(["sang_kien", "nghien_cuu", "ca_hai"])}
    return data


def main() -> None:
    out_path = Path(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 11
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 600
    kb = load_knowledge()
    lines = 0
    with out_path.open("w", encoding="utf-8") as out:

        def dump(tag: str, run: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
            nonlocal lines
            lines += 1
            try:
                result = run(kb, *args, **kwargs)
            except (EligibilityError, FactsError) as error:
                out.write(f"{tag}\tERR {type(error).__name__} {error}\n")
                return
            value = [as_json(x) for x in result] if isinstance(result, list) else as_json(result)
            text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
            out.write(f"{tag}\t{text}\n")

        every = [a.id for a in kb.awards.values()]
        individual = [
            a.id for a in kb.awards.values() if "individual" in [k.value for k in a.kinds]
        ]
        for i, (_, award, case, facts) in enumerate(case_entries()):
            province = case.get("province")
            dump(f"case{i} ev", evaluate, award, facts, province=province)
            dump(f"case{i} evn", evaluate, award, facts, province=province, with_next=False)
            dump(f"case{i} all", evaluate_all, facts, province=province)
            dump(f"case{i} q", questions_for, award, facts, province=province)
        rng = random.Random(seed)
        for h in range(n):
            facts = history(rng)
            for award in every if h % 5 == 0 else individual:
                dump(f"syn{h} {award}", evaluate, award, facts, with_next=h % 4 == 0)
            if h % 3 == 0:
                province = "bac_ninh" if h % 2 else None
                dump(f"syn{h} all", evaluate_all, facts, province=province)
            if h % 7 == 0:
                dump(f"syn{h} q", questions_for, "bang_khen_thu_tuong", facts)
                dump(f"syn{h} na", next_awards, facts)
        spec = importlib.util.spec_from_file_location("bench_eligibility",
                                                      TREE / "bench" / "eligibility.py")
        assert spec is not None and spec.loader is not None
        bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench)
        rng = random.Random(7)
        for h in range(300):
            facts = bench.synthetic(rng)
            for award in individual:
                dump(f"bench{h} {award}", evaluate, award, facts, with_next=False)
    print(f"{lines} verdicts written to {out_path}")


if __name__ == "__main__":
    main()
