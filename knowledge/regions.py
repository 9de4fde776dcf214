"""The registered province and sector ids (`knowledge/regions/`), for checking input.

A province in the facts (`subject.province`), the deployment default (`TDKT_PROVINCE`) or a sector
(`subject.sector`) that names nothing registered is bad input, never a guess and never silently
ignored (issue 11, "Bad input"). Provinces are the 34 units after Nghị quyết 202/2025/QH15 plus the
29 merged into them (still known, for files about earlier years); a province is found by its id,
its name or its name without "Tỉnh"/"Thành phố", diacritics and case ignored.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError

from knowledge.common import Citation, Confidence, Strict

_PREFIXES = ("tinh ", "thanh pho ", "tp ", "tp. ")


class RegionsError(ValueError):
    """A regions file is missing or malformed."""


class Province(Strict):
    id: str
    name: str
    kind: str
    formed_from: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)


class FormerProvince(Strict):
    id: str
    name: str
    merged_into: str
    until: dt.date


class ProvinceFile(Strict):
    citation: Citation
    confidence: Confidence
    effective_from: dt.date
    provinces: list[Province]
    former: list[FormerProvince] = Field(default_factory=list)


class Sector(Strict):
    id: str
    name: str


class SectorFile(Strict):
    sectors: list[Sector]


class Regions:
    """Look-ups over the registered ids."""

    def __init__(self, provinces: ProvinceFile, sectors: SectorFile) -> None:
        self.provinces = provinces
        self.sectors = {s.id: s for s in sectors.sectors}
        self._names: dict[str, str] = {}
        self._display: dict[str, str] = {}
        self._successor = {former.id: former.merged_into for former in provinces.former}
        self._sector_names = {
            _key(label): sector.id
            for sector in sectors.sectors
            for label in (sector.id, sector.id.replace("_", " "), sector.name)
        }
        for item in provinces.provinces:
            self._add(item.id, item.name, item.aliases)
        for former in provinces.former:
            self._add(former.id, former.name, [])

    def _add(self, province_id: str, name: str, aliases: list[str]) -> None:
        self._display[province_id] = name
        for label in (province_id, province_id.replace("_", " "), name, *aliases):
            self._names[_key(label)] = province_id

    def province_id(self, text: str) -> str | None:
        """The registered id that `text` names (id, name, short name), or None."""
        return self._names.get(_key(text))

    def current_province_id(self, text: str) -> str | None:
        """`province_id`, with a province merged in 2025 read as the one it became part of."""
        found = self.province_id(text)
        return self._successor.get(found, found) if found is not None else None

    def province_labels(self) -> dict[str, list[str]]:
        """Each current province id with its name and aliases (for suggesting a near name)."""
        return {p.id: [p.name, *p.aliases] for p in self.provinces.provinces}

    def sector_id(self, text: str) -> str | None:
        """The registered sector id that `text` names (id or name), or None."""
        return self._sector_names.get(_key(text))

    def province_name(self, province_id: str) -> str | None:
        return self._display.get(province_id)

    def sector_known(self, sector: str) -> bool:
        return sector in self.sectors


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    plain = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    plain = " ".join(plain.replace("_", " ").replace("-", " ").split())
    for prefix in _PREFIXES:
        if plain.startswith(prefix):
            return plain[len(prefix):]
    return plain


def load_regions_dir(directory: Path) -> Regions:
    """Read `provinces.yaml` and `sectors.yaml`; raise `RegionsError` naming the problem."""
    provinces = _read(directory / "provinces.yaml", ProvinceFile)
    sectors = _read(directory / "sectors.yaml", SectorFile)
    current = {p.id for p in provinces.provinces}
    problems = [f"former[{f.id}].merged_into: unknown province {f.merged_into!r}"
                for f in provinces.former if f.merged_into not in current]
    ids = [p.id for p in provinces.provinces] + [f.id for f in provinces.former]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    problems += [f"duplicate province id {i!r}" for i in twice]
    if problems:
        raise RegionsError("provinces.yaml: " + "; ".join(problems))
    return Regions(provinces, sectors)


def _read(path: Path, model: Any) -> Any:
    try:
        return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise RegionsError(f"{path.name}: {error}") from error
