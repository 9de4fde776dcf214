"""Benchmark: read and check nominee lists of 1,000 and 10,000 rows (.xlsx + tờ trình).

Prints wall time, CPU time and peak traced memory per size (target: 10,000 rows ≤ 1 s, issue
13); the list is read by the streaming sheet reader (`readers/xlsx_stream.py`). Three modes:
`plain` (no eligibility engine, as before), `engine` (the engine hook, no history: the list
carries no facts) and `engine+db` (every nominee has a history from the unit's records, as in
chat — ratings and titles of three years drawn from a few realistic patterns, so identical fact
sets repeat and the engine runs once per distinct set). The `engine runs` column counts them.
Run: .venv/bin/python bench/dossier.py [plain|engine|engine+db …]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
import tracemalloc
from typing import Any

from bot.dossier import InMemoryHistory, check, read_files
from bot.dossier.blanks import BlankContext, BlankNominee, nominee_list_xlsx, to_trinh_docx
from bot.dossier.engine_hook import eligibility_hook
from bot.dossier.manifest import Manifest
from bot.text.normalize import fold
from knowledge.loader import load_knowledge

KB = load_knowledge()  # the shipped law and policy

RATINGS = ["hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh_tot", "hoan_thanh"]
MODES = ("plain", "engine", "engine+db")

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân", "Thu"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai",
         "Nam", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"]
POSITIONS = ["Chuyên viên", "Giáo viên", "Trưởng phòng", "Nhân viên", "Phó Giám đốc", "Kế toán"]


def make_files(rows: int) -> list[tuple[str, bytes]]:
    rng = random.Random(rows)
    nominees = tuple(
        BlankNominee(
            name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(MIDDLE)} "
                 f"{rng.choice(GIVEN)}",
            position=rng.choice(POSITIONS), unit=f"Phòng {rng.randint(1, 40)}",
            birth_date=dt.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28)),
            period="Năm 2025", initiatives=(f"Sáng kiến {i}",) if (i := rng.randint(0, 9)) else (),
            votes_agree=rng.randint(6, 11),
        )
        for _ in range(rows)
    )
    ctx = BlankContext(unit="Sở Giáo dục và Đào tạo", superior="UBND tỉnh Lào Cai",
                       award="lao_dong_tien_tien", dated=dt.date(2026, 1, 15),
                       signer="Nguyễn Văn Bình", nominees=nominees)
    return [("to_trinh.docx", to_trinh_docx(ctx, kb=KB.dossier)),
            ("danh_sach.xlsx", nominee_list_xlsx(ctx, kb=KB.dossier))]


def unit_records(manifest: Manifest, seed: int) -> InMemoryHistory:
    """Every nominee's history as the database gives it (`facts_of`: ratings and titles)."""
    rng = random.Random(seed)
    facts: dict[str, dict[str, Any]] = {}
    for nominee in manifest.nominees:
        years = {}
        for year in (2023, 2024, 2025):
            rating = rng.choice(RATINGS)
            titles = [{"award": "lao_dong_tien_tien"}] if rating != "hoan_thanh" else []
            years[str(year)] = {"rating": rating, "titles": titles}
        facts[fold(nominee.name)] = {"subject": {"kind": "individual", "name": nominee.name},
                                     "years": years, "awards": []}
    return InMemoryHistory(facts=facts)


def main() -> None:
    kb = KB.dossier
    modes = [m for m in sys.argv[1:] if m in MODES] or list(MODES)
    engine_kb = KB if any(m != "plain" for m in modes) else None
    print("mode       rows  read_s  check_s  total_s  cpu_s  check_cpu_s  peak_MiB  findings"
          "  engine_runs")
    for rows in (1_000, 10_000):
        files = make_files(rows)
        for mode in modes:
            run(kb, engine_kb, files, rows, mode)


def run(kb: Any, engine_kb: Any, files: list[tuple[str, bytes]], rows: int, mode: str) -> None:
    day = dt.date(2026, 1, 20)
    hook = eligibility_hook(engine_kb) if mode != "plain" else None
    cpu = time.process_time()
    start = time.perf_counter()
    draft = read_files(files, kb=kb)
    middle = time.perf_counter()
    history = unit_records(draft.manifest, rows) if mode == "engine+db" else None
    checked = time.perf_counter()  # building the history stands for the (batched) query
    check_cpu = time.process_time()
    result = check(draft.manifest, kb, as_of=day, eligibility=hook, history=history)
    end = time.perf_counter()
    check_cpu = time.process_time() - check_cpu
    cpu = time.process_time() - cpu
    tracemalloc.start()  # second, untimed pass: tracemalloc slows allocation-heavy code
    again = read_files(files, kb=kb).manifest
    check(again, kb, as_of=day, eligibility=eligibility_hook(engine_kb) if hook else None,
          history=history)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(draft.manifest.nominees) == rows
    runs = getattr(hook, "evaluations", 0)
    print(f"{mode:<9} {rows:>6} {middle - start:7.2f} {end - checked:8.2f} "
          f"{middle - start + end - checked:8.2f} {cpu:6.2f} {check_cpu:12.2f} {peak / 2**20:9.1f} "
          f"{len(result.findings):9d} {runs:12d}")


if __name__ == "__main__":
    main()
