"""Schema of the inspection-sample policy (`knowledge/risk/risk.yaml`), read by `load_risk_dir`.

How many units a reviewer is proposed to inspect each year and how each risk signal weighs
(`bot.reports.inspection`). Policy, not law: provinces edit the numbers, never the code.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import Field, ValidationError

from knowledge.common import Citation, Confidence, Strict

RISK_FILE = "risk.yaml"


class RiskError(ValueError):
    """The risk policy file is missing or invalid."""


class Share(Strict):
    min: float = Field(gt=0, le=1)
    max: float = Field(gt=0, le=1)


class Weights(Strict):
    late: float = Field(ge=0)
    returned: float = Field(ge=0)
    leaders: float = Field(ge=0)
    quota: float = Field(ge=0)
    inspection_age: float = Field(ge=0)


class RiskPolicy(Strict):
    sample_share: Share
    citation: Citation
    confidence: Confidence
    weights: Weights
    stale_after_years: int = Field(ge=1)
    next_due_years: int = Field(ge=1)


def load_risk_dir(directory: Path) -> RiskPolicy:
    path = directory / RISK_FILE
    try:
        return RiskPolicy.model_validate(yaml.safe_load(path.read_text("utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise RiskError(f"{path.name}: {error}") from error
