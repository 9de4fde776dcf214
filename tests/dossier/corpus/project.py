"""What of a read manifest the corpus compares: the fields a check depends on, by name.

A projection is plain data (names, not N1/N2 ids) so that `expected.yaml` reads like the
documents: the component and its signature fields, the award, the nominees, the council.
"""

from __future__ import annotations

from typing import Any

from bot.dossier.manifest import Manifest

COMPONENT_FIELDS = ("signed", "signed_by_nominee", "certified_by_proposing_level",
                    "signed_chair", "signed_secretary", "dated", "has_nominee_list", "scan")


def project(manifest: Manifest) -> dict[str, Any]:
    names = {n.id: n.name for n in manifest.nominees}
    out: dict[str, Any] = {}
    components = []
    for component in manifest.components:
        data = component.model_dump(mode="json", by_alias=True, exclude_unset=True)
        item: dict[str, Any] = {"type": component.type}
        for key in COMPONENT_FIELDS:
            if key in data:
                item[key] = data[key]
        if component.nominee:
            item["nominee"] = names.get(component.nominee, component.nominee)
        components.append(item)
    out["components"] = components
    award = manifest.award.model_dump(mode="json", exclude_none=True)
    if award.get("procedure") == "regular":
        award.pop("procedure")
    out["award"] = award
    out["nominees"] = [
        {k: v for k, v in (("name", n.name), ("kind", n.kind), ("award", n.award)) if v}
        for n in manifest.nominees]
    council = manifest.council
    if council is not None:
        counts = {"total_members": council.total_members, "present": council.present}
        out["council"] = {
            **{k: v for k, v in counts.items() if v is not None},
            "votes": {names.get(k, k): v.agree for k, v in council.votes.items()},
        }
    if manifest.proposing_body is not None and manifest.proposing_body.level:
        out["level"] = manifest.proposing_body.level
    return out


def leaves(value: Any, path: str = "") -> dict[str, Any]:
    """Flatten to dotted paths (lists by index) so fields can be counted and compared."""
    if isinstance(value, dict):
        found: dict[str, Any] = {}
        for key, inner in value.items():
            found.update(leaves(inner, f"{path}.{key}" if path else str(key)))
        return found
    if isinstance(value, list):
        found = {}
        for index, inner in enumerate(value):
            found.update(leaves(inner, f"{path}[{index}]"))
        return found or {path: []}
    return {path: value}
