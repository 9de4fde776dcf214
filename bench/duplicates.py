"""Benchmark: the duplicate-nominee check on 20,000 look-alike names and 10,000 distinct names.

"Look-alike" is the hostile case from the reliability review (H1): every name in one
(family, given) block — same family and given name, middle names and typos varying, some exact
repeats. "Distinct" is a realistic big list. Prints wall time and the number of findings per
case, with the load average (target: 20,000 look-alike names ≤ 2 s).
Run: .venv/bin/python bench/duplicates.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import string
import time

from bot.dossier.checks import CheckContext
from bot.dossier.checks.duplicates import check_duplicates
from bot.dossier.manifest import Manifest
from knowledge.loader import load_knowledge

KB = load_knowledge()  # the shipped law and policy

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân", "Thu"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai",
         "Nam", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"]


def look_alike(count: int) -> list[str]:
    """One block: "Nguyễn <middle> <middle> Long" with a random letter slipped into a middle."""
    rng = random.Random(count)
    names = []
    for _ in range(count):
        middle = f"{rng.choice(MIDDLE)} {rng.choice(MIDDLE)}"
        if rng.random() < 0.7:
            at = rng.randrange(len(middle))
            middle = middle[:at] + rng.choice(string.ascii_lowercase) + middle[at:]
        names.append(f"Nguyễn {middle} Long")
    return names


def distinct(count: int) -> list[str]:
    rng = random.Random(count)
    return [f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            f"{'' if rng.random() < 0.5 else ' ' + rng.choice(string.ascii_uppercase)}"
            for _ in range(count)]


def measure(label: str, names: list[str]) -> None:
    kb = KB.dossier
    manifest = Manifest.model_validate({
        "award": {"code": "lao_dong_tien_tien"},
        "nominees": [{"id": f"N{i + 1}", "name": n} for i, n in enumerate(names)],
    })
    ctx = CheckContext(manifest=manifest, kb=kb, as_of=dt.date(2026, 1, 20))
    cpu = time.process_time()
    start = time.perf_counter()
    found = sum(1 for _ in check_duplicates(ctx))
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    print(f"{label:<24} {len(names):>7,} names  wall {elapsed:5.2f} s  cpu {cpu:5.2f} s  "
          f"{found:>6,} findings")


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    measure("look-alike (one block)", look_alike(20_000))
    measure("distinct", distinct(10_000))


if __name__ == "__main__":
    main()
