"""Benchmark: read and check nominee lists of 1,000 and 10,000 rows (.xlsx + tờ trình).

Prints wall time, CPU time and peak traced memory per size (target: 10,000 rows ≤ 2 s on 2
cores); the list is read by the streaming sheet reader (`readers/xlsx_stream.py`).
Run: .venv/bin/python bench/dossier.py
"""

from __future__ import annotations

import datetime as dt
import random
import time
import tracemalloc

from bot.dossier import check, read_files
from bot.dossier.blanks import BlankContext, BlankNominee, nominee_list_xlsx, to_trinh_docx
from knowledge.dossier_schema import default_dossier_kb

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
    return [("to_trinh.docx", to_trinh_docx(ctx)), ("danh_sach.xlsx", nominee_list_xlsx(ctx))]


def main() -> None:
    kb = default_dossier_kb()
    print("rows   read_s  check_s  total_s  cpu_s  peak_MiB  findings")
    for rows in (1_000, 10_000):
        files = make_files(rows)
        cpu = time.process_time()
        start = time.perf_counter()
        draft = read_files(files, kb=kb)
        middle = time.perf_counter()
        result = check(draft.manifest, kb, as_of=dt.date(2026, 1, 20))
        end = time.perf_counter()
        cpu = time.process_time() - cpu
        tracemalloc.start()  # second, untimed pass: tracemalloc slows allocation-heavy code
        check(read_files(files, kb=kb).manifest, kb, as_of=dt.date(2026, 1, 20))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert len(draft.manifest.nominees) == rows
        print(f"{rows:>6} {middle - start:7.2f} {end - middle:8.2f} {end - start:8.2f} "
              f"{cpu:6.2f} {peak / 2**20:9.1f} {len(result.findings):9d}")


if __name__ == "__main__":
    main()
