"""Which blank form /mau sends for a component (`knowledge/dossier/forms.yaml`, issue 13.5).

The tờ trình and the báo cáo thành tích depend on the award, the nominee kind (individual /
collective) and the basis (công trạng / chuyên đề / đột xuất); the choice is data: the first
entry of forms.yaml whose filters match wins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from knowledge.common import Citation, Confidence, Strict
from knowledge.dossier_schema import BASES, DOSSIER_DIR, DossierKnowledgeError

FORMS_FILE = DOSSIER_DIR / "forms.yaml"
Kind = Literal["individual", "collective"]


class BlankForm(Strict):
    key: str
    component: Literal["to_trinh", "bao_cao_thanh_tich"]
    awards: list[str] = Field(default_factory=list)
    kinds: list[Kind] = Field(default_factory=list)
    bases: list[str] = Field(default_factory=list)
    template: Literal["to_trinh", "bao_cao_thanh_tich"]
    variant: str
    form: str | None
    citation: Citation
    confidence: Confidence

    @model_validator(mode="after")
    def _known_bases(self) -> BlankForm:
        unknown = set(self.bases) - set(BASES)
        if unknown:
            raise ValueError(f"{self.key}: unknown bases {sorted(unknown)}")
        return self

    @property
    def collective(self) -> bool:
        return self.variant in ("tap_the", "tap_the_co")


class BlankForms(Strict):
    forms: list[BlankForm]

    def choose(self, component: str, award: str | None, kind: str | None, basis: str | None,
               expand: Callable[[Iterable[str]], set[str]] | None = None) -> BlankForm:
        """The first form for `component` whose awards, kinds and bases admit the proposal.

        `expand` turns an entry's award names (`@group` included) into award ids (the
        DossierKB's `expand`); a kind not known is taken as individual; an unknown award or
        basis matches only the entries that do not filter on it.
        """
        kind = kind or "individual"
        for entry in self.forms:
            if entry.component != component:
                continue
            if entry.awards and award not in (expand(entry.awards) if expand
                                              else set(entry.awards)):
                continue
            if entry.kinds and kind not in entry.kinds:
                continue
            if entry.bases and basis not in entry.bases:
                continue
            return entry
        raise LookupError(component)


def load_forms(path: Path = FORMS_FILE) -> BlankForms:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        forms = BlankForms.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DossierKnowledgeError(path.name, str(exc)) from None
    for component in ("to_trinh", "bao_cao_thanh_tich"):
        for kind in ("individual", "collective"):
            for basis in (*BASES, None):
                try:
                    forms.choose(component, None, kind, basis)
                except LookupError:
                    raise DossierKnowledgeError(
                        path.name, f"no {component} form for a {kind} nominee, basis {basis}"
                    ) from None
    return forms


@cache
def default_forms() -> BlankForms:
    return load_forms()
