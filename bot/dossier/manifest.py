"""The dossier manifest (contracts §3): what the guided checklist and the file readers produce.

Every field is optional where the source may not know it: `None` means unknown (the checker turns
unknowns into `info` findings), `False` means the manifest shows it is absent. Unknown fields are
kept (`extra="allow"`) so provincial tools can add their own. `unknown` lists dotted paths that a
reader saw but could not read (e.g. `council.votes`), so the checker asks instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.errors import TdktError

__all__ = [
    "AwardRef",
    "Component",
    "Council",
    "Manifest",
    "ManifestCampaign",
    "ManifestError",
    "ManifestNominee",
    "Period",
    "PriorAward",
    "ProposingBody",
    "Vote",
    "load_manifest",
    "parse_manifest",
]


class ManifestError(TdktError):
    """A manifest file cannot be used; `where` names the line or field at fault."""

    def __init__(self, file: str, where: str, detail: str) -> None:
        super().__init__("manifest_invalid", file=file, where=where, detail=detail)
        self.file = file
        self.where = where
        self.detail = detail


class _Open(BaseModel):
    """Keeps unknown fields; validates assignments so readers cannot store nonsense."""

    model_config = ConfigDict(extra="allow", validate_assignment=True, populate_by_name=True)


class AwardRef(_Open):
    code: str | None = None
    basis: str | None = None
    procedure: str | None = None


class ManifestCampaign(_Open):
    """The campaign as the manifest states it; the stored one is `bot.db.models.Campaign`."""

    code: str | None = None
    deadline: dt.date | None = None
    applies_to: list[str] = Field(default_factory=list)


class ProposingBody(_Open):
    name: str | None = None
    level: str | None = None
    province: str | None = None
    sector: str | None = None


class Component(_Open):
    type: str
    nominee: str | None = None
    file: str | None = None
    signed: bool | None = None
    dated: dt.date | None = None
    has_nominee_list: bool | None = None
    legal_basis: list[str] | None = None
    signed_by_nominee: bool | None = None
    certified_by_proposing_level: bool | None = None
    signed_chair: bool | None = None
    signed_secretary: bool | None = None


class Vote(_Open):
    agree: int | None = Field(default=None, ge=0)
    disagree: int | None = Field(default=None, ge=0)


class Council(_Open):
    total_members: int | None = Field(default=None, ge=0)
    present: int | None = Field(default=None, ge=0)
    written_opinions_from_absent: int | None = Field(default=None, ge=0)
    votes: dict[str, Vote] = Field(default_factory=dict)


def _year_day(value: Any, month: int, day: int) -> Any:
    """`value` as a day of its year when it is a year (an int, or four digits), else as it is."""
    is_year_text = isinstance(value, str) and value.isdigit() and len(value) == 4
    if isinstance(value, int) or is_year_text:
        return dt.date(int(value), month, day)
    return value


class Period(_Open):
    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None

    # "2024" or 2024 means the whole calendar year. One validator per field, without pydantic's
    # `info` argument: it is built for every call otherwise (a 10,000-row list has 20,000).
    @field_validator("from_", mode="before")
    @classmethod
    def _year_starts_a_period(cls, value: Any) -> Any:
        return value if type(value) is dt.date else _year_day(value, 1, 1)

    @field_validator("to", mode="before")
    @classmethod
    def _year_ends_a_period(cls, value: Any) -> Any:
        return value if type(value) is dt.date else _year_day(value, 12, 31)

    def overlaps(self, other: Period) -> bool | None:
        if None in (self.from_, self.to, other.from_, other.to):
            return None
        assert self.from_ and self.to and other.from_ and other.to
        return self.from_ <= other.to and other.from_ <= self.to


class PriorAward(_Open):
    award: str | None = None
    label: str | None = None
    year: int | None = None
    decision: str | None = None
    basis: str | None = None
    achievement_period: Period | None = None
    revoked: bool | None = None


class ManifestNominee(_Open):
    """A person or collective the dossier proposes; the stored one is `bot.db.models.Nominee`."""

    id: str
    name: str
    kind: str = "individual"
    is_leader: bool | None = None
    position: str | None = None
    unit: str | None = None
    birth_date: dt.date | None = None
    award: str | None = None
    achievement_period: Period | None = None
    initiatives: list[str] | None = None
    prior_awards: list[PriorAward] | None = None
    based_on: list[PriorAward] | None = None
    report_text: str | None = None
    facts: dict[str, Any] | None = None


def _nullable(annotation: Any) -> bool:
    if annotation is None or annotation is type(None) or annotation is Any:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return type(None) in typing.get_args(annotation)
    return False


def _model_of(annotation: Any) -> tuple[str, type[BaseModel]] | None:
    """("one" | "list" | "dict", model) for a field holding models, else None."""
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return "one", arg
        origin = typing.get_origin(arg)
        args = typing.get_args(arg)
        if origin is list and args and isinstance(args[0], type) and issubclass(
                args[0], BaseModel):
            return "list", args[0]
        if origin is dict and len(args) == 2 and isinstance(args[1], type) and issubclass(
                args[1], BaseModel):
            return "dict", args[1]
    return None


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, bool, tuple[str, type[BaseModel]] | None],
                                           ...]:
    """Per field of `model`: (key, droppable when null, nested models), computed once."""
    return tuple(
        (info.alias or name, not _nullable(info.annotation) and not info.is_required(),
         _model_of(info.annotation))
        for name, info in model.model_fields.items())


def drop_nulls(model: type[BaseModel], data: Any, path: str = "") -> tuple[Any, list[str]]:
    """`data` without the `null`s the model has no room for, and their dotted paths.

    Contracts §3: a `null` is unknown, never a reason to refuse a manifest; the paths go into
    the manifest's `unknown` so the checker asks about them instead of assuming "no".
    """
    if not isinstance(data, dict):
        return data, []
    out: dict[str, Any] | None = None
    dropped: list[str] = []
    for key, droppable, nested in _plan(model):
        if key not in data:
            continue
        value = data[key]
        where = f"{path}.{key}" if path else key
        if value is None:
            if droppable:
                out = dict(data) if out is None else out
                del out[key]
                dropped.append(where)
            continue
        if nested is None:
            continue
        shape, inner = nested
        new: Any = value
        found: list[str] = []
        if shape == "one":
            new, found = drop_nulls(inner, value, where)
        elif shape == "list" and isinstance(value, list):
            items = []
            for index, item in enumerate(value):
                cleaned, more = drop_nulls(inner, item, f"{where}.{index}")
                items.append(cleaned)
                found += more
            new = items if found else value
        elif shape == "dict" and isinstance(value, dict):
            entries = {}
            for entry_key, item in value.items():
                if item is None:
                    found.append(f"{where}.{entry_key}")
                    continue
                entries[entry_key], more = drop_nulls(inner, item, f"{where}.{entry_key}")
                found += more
            new = entries if found else value
        if found:
            out = dict(data) if out is None else out
            out[key] = new
            dropped += found
    return (data if out is None else out), dropped


class Manifest(_Open):
    received_on: dt.date | None = None
    award: AwardRef = Field(default_factory=AwardRef)
    campaign: ManifestCampaign | None = None
    proposing_body: ProposingBody | None = None
    unit_stats: dict[str, int] | None = None
    components: list[Component] = Field(default_factory=list)
    council: Council | None = None
    nominees: list[ManifestNominee] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list)

    def nominee_award(self, nominee: ManifestNominee) -> str | None:
        return nominee.award or self.award.code

    def scopes(self) -> list[str]:
        """Override scopes for rule packs, most specific first."""
        body = self.proposing_body
        if body is None:
            return []
        return [s for s in (
            f"province:{body.province}" if body.province else None,
            f"sector:{body.sector}" if body.sector else None,
        ) if s]

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def nulls_as_unknown(data: dict[str, Any]) -> dict[str, Any]:
    """The manifest without the `null`s its fields have no room for, listed in `unknown`."""
    cleaned, dropped = drop_nulls(Manifest, data)
    if dropped:
        known = cleaned.get("unknown")
        cleaned["unknown"] = [*(known if isinstance(known, list) else []),
                              *(p for p in dropped if p != "unknown")]
    return cleaned


def parse_manifest(data: Any, source: str = "manifest", nulls: bool = True) -> Manifest:
    """Validate a decoded manifest; errors name the field path. A `null` is unknown (contracts
    §3); readers, which never write one where it has no room, pass `nulls=False`."""
    if not isinstance(data, dict):
        raise ManifestError(source, "(root)", "expected a mapping")
    if nulls:
        data = nulls_as_unknown(data)
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise ManifestError(source, where, first["msg"]) from None


def load_manifest(path: Path) -> Manifest:
    """Read a `.json` or `.yaml`/`.yml` manifest; a syntax error names its line."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(name, "(file)", type(exc).__name__) from None
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ManifestError(name, f"line {exc.lineno}", exc.msg) from None
    elif suffix in {".yaml", ".yml"}:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else "(file)"
            raise ManifestError(name, where, str(getattr(exc, "problem", exc))) from None
    else:
        raise ManifestError(name, "(file)", f"unsupported extension {suffix}")
    return parse_manifest(data, name)
