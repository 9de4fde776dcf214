"""Pure generators of demo people: Vietnamese names, positions, yearly ratings, award history.

Everything is drawn from a seeded `Random` and the word lists in `seed_data/province.yaml`, so
the same seed gives the same province. No database access here; `tdkt.seed` writes the rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from random import Random
from typing import Any

from bot.text.normalize import fold

RATING_ORDER = ("hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh")
GOOD = ("hoan_thanh_xuat_sac", "hoan_thanh_tot")


@dataclass(frozen=True)
class UnitInfo:
    """What generators need to know about a unit."""

    id: int
    code: str
    level: str
    sector: str | None


def weighted(rng: Random, table: dict[str, int]) -> str:
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def person_name(rng: Random, names: dict[str, Any]) -> tuple[str, bool]:
    """A full name and whether the person is female."""
    female = rng.random() < 0.55
    family = weighted(rng, names["families"])
    middle = rng.choice(names["middle_female" if female else "middle_male"])
    given = rng.choice(names["given_female" if female else "given_male"])
    return f"{family} {middle} {given}", female


def person_row(
    rng: Random, data: dict[str, Any], unit: UnitInfo, ref: str, now: dt.datetime
) -> dict[str, Any]:
    """One `subjects` row (kind individual) for `unit`."""
    name, female = person_name(rng, data["names"])
    sector = unit.sector or ("xa" if unit.level == "xa" else "default")
    positions = data["positions"].get(sector) or data["positions"]["default"]
    position = rng.choices(positions, weights=[p["weight"] for p in positions])[0]
    birth_year = rng.randint(1966, 2000)
    start_year = min(birth_year + rng.randint(22, 30), now.year - 2)
    return {
        "unit_id": unit.id,
        "kind": "individual",
        "name": name,
        "name_folded": fold(name),
        "birth_year": birth_year,
        "female": female,
        "position": position["name"],
        "is_leader": bool(position.get("leader", False)),
        "category": data["categories"].get(unit.level, "vien_chuc"),
        "service_start": dt.date(start_year, rng.choice((1, 8, 9)), 1),
        "external_ref": ref,
        "active": True,
    }


def history(
    rng: Random, data: dict[str, Any], subject_id: int, service_start: dt.date, now: dt.datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Ratings for 3–6 recent years and the awards they plausibly earned (rows for two tables)."""
    last = now.year - 1
    span = rng.randint(3, 6)
    first = max(service_start.year + 1, last - span + 1)
    talent = rng.random()  # some people are consistently stronger
    weights = dict(data["ratings"])
    weights["hoan_thanh_xuat_sac"] = int(weights["hoan_thanh_xuat_sac"] * (0.4 + 2 * talent))
    ratings: list[dict[str, Any]] = []
    awards: list[dict[str, Any]] = []
    cstd_years: list[int] = []
    for year in range(first, last + 1):
        rating = weighted(rng, weights)
        ratings.append({"subject_id": subject_id, "year": year, "rating": rating})
        if rating not in GOOD:
            continue
        awards.append(
            _award(rng, data, subject_id, "lao_dong_tien_tien", year, "thu_truong_co_quan")
        )
        if rating == "hoan_thanh_xuat_sac" and rng.random() < 0.5:
            route = "htxs" if rng.random() < 0.6 else "initiative"
            awards.append(
                _award(
                    rng,
                    data,
                    subject_id,
                    "chien_si_thi_dua_co_so",
                    year,
                    "thu_truong_co_quan",
                    route,
                )
            )
            cstd_years.append(year)
            if len(cstd_years) >= 2 and cstd_years[-2] == year - 1 and rng.random() < 0.5:
                awards.append(
                    _award(
                        rng,
                        data,
                        subject_id,
                        "bang_khen_tinh",
                        year,
                        "chu_tich_ubnd_tinh",
                        period=2,
                    )
                )
        elif rng.random() < 0.08:
            awards.append(_award(rng, data, subject_id, "giay_khen", year, "thu_truong_co_quan"))
    return ratings, awards


def _award(
    rng: Random,
    data: dict[str, Any],
    subject_id: int,
    award: str,
    year: int,
    issuer: str,
    route: str | None = None,
    period: int = 1,
) -> dict[str, Any]:
    month = 1 if issuer == "thu_truong_co_quan" else rng.randint(3, 5)
    abbreviation = data["issuer_abbreviations"].get(issuer, "UBND")
    return {
        "subject_id": subject_id,
        "award": award,
        "year": year,
        "decided_on": dt.date(year + 1, month, rng.randint(5, 28)),
        "decision_no": data["decision_no"].format(n=rng.randint(12, 2400), issuer=abbreviation),
        "issuer": issuer,
        "achievement_from": year - period + 1,
        "achievement_to": year,
        "basis": "cong_trang",
        "route": route,
        "revoked": False,
    }
