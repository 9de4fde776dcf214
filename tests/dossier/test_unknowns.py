"""Contracts §3: a `null` in a manifest is unknown (asked, never refused, never an error), and
one problem is one finding."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.dossier import check
from bot.dossier.manifest import parse_manifest
from knowledge.dossier_schema import DossierKB, Severity
from tests.dossier.builders import RECEIVED, valid_dict


def test_null_votes_are_accepted_and_only_asked_about(kb: DossierKB) -> None:
    data = valid_dict()
    data["council"]["votes"] = None
    manifest = parse_manifest(data)
    assert "council.votes" in manifest.unknown
    result = check(manifest, kb, RECEIVED)
    votes = [f for f in result.findings if f.kind == "vote_results_missing"]
    assert votes and all(f.severity is Severity.INFO for f in votes)
    assert result.summary["errors"] == 0


def test_null_fields_anywhere_are_unknown_not_refusals(kb: DossierKB) -> None:
    data = valid_dict()
    data["nominees"][0]["kind"] = None
    data["campaign"]["applies_to"] = None
    data["council"]["votes"]["N2"] = None
    manifest = parse_manifest(data)
    assert {"nominees.0.kind", "campaign.applies_to", "council.votes.N2"} <= set(
        manifest.unknown)
    assert check(manifest, kb, RECEIVED).summary["errors"] == 0


def test_null_components_list_gives_questions_not_missing_errors(kb: DossierKB) -> None:
    data = valid_dict()
    data["components"] = None
    result = check(parse_manifest(data), kb, RECEIVED)
    missing = [f for f in result.findings if f.kind == "missing_component"]
    assert missing and all(f.severity is Severity.INFO for f in missing)


def _engine(award: str, facts: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    return {"verdict": "not_eligible",
            "criteria": [{"id": "no_discipline", "met": False, "text": "Không bị kỷ luật"}]}


def test_a_discipline_is_one_finding_not_also_a_failed_criterion(kb: DossierKB) -> None:
    data = valid_dict()
    data["nominees"][0]["facts"] = {"pending": [{"type": "inspection", "concluded": False}]}
    result = check(parse_manifest(data), kb, RECEIVED, eligibility=_engine)
    about_n1 = [f.kind for f in result.findings if f.nominee == "N1"
                and f.severity is not Severity.INFO]
    assert about_n1.count("discipline") == 1
    assert "criteria_not_met" not in about_n1
