"""The one entry point the CLI and the chat call: a path (manifest, file or folder) → result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from bot.dossier.checker import check
from bot.dossier.checks import EligibilityFn
from bot.dossier.errors import UnreadableInput
from bot.dossier.findings import CheckResult
from bot.dossier.history import History
from bot.dossier.manifest import Manifest, ManifestCampaign, load_manifest
from bot.dossier.readers import DraftReadResult, Limits, read_path
from bot.dossier.readers.fields import Vocab
from knowledge.dossier_schema import DossierKB

MANIFEST_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class PathCheck:
    """The check result plus what the readers saw (None for a manifest file)."""

    result: CheckResult
    manifest: Manifest
    draft: DraftReadResult | None


def check_path(
    path: Path,
    award: str | None = None,
    campaign: str | ManifestCampaign | None = None,
    received_on: dt.date | None = None,
    *,
    kb: DossierKB,
    eligibility: EligibilityFn | None = None,
    history: History | None = None,
    limits: Limits | None = None,
) -> CheckResult:
    """Check a manifest / file / folder. UnreadableInput when nothing at `path` can be read."""
    return inspect_path(path, award, campaign, received_on, kb=kb, eligibility=eligibility,
                        history=history, limits=limits).result


def inspect_path(
    path: Path,
    award: str | None = None,
    campaign: str | ManifestCampaign | None = None,
    received_on: dt.date | None = None,
    *,
    kb: DossierKB,
    eligibility: EligibilityFn | None = None,
    history: History | None = None,
    limits: Limits | None = None,
    default_received_on: dt.date | None = None,
) -> PathCheck:
    """Like `check_path`, also returning the manifest and the readers' notes and questions.

    `default_received_on` (the CLI passes today) applies when neither `received_on` nor the
    manifest gives the date. Raises `UnreadableInput` (nothing readable at `path`) or
    `ManifestError` (a manifest file that is not valid, naming the line or field)."""
    manifest, draft = read_input(path, kb=kb, limits=limits)
    return check_input(manifest, draft, award, campaign, received_on, kb=kb,
                       eligibility=eligibility, history=history,
                       default_received_on=default_received_on)


def read_input(path: Path, *, kb: DossierKB,
               limits: Limits | None = None) -> tuple[Manifest, DraftReadResult | None]:
    """The manifest at `path` and, for files, what the readers saw. Raises `UnreadableInput`
    or `ManifestError` like `inspect_path`."""
    if path.suffix.lower() in MANIFEST_SUFFIXES:
        if not path.is_file():
            raise UnreadableInput(str(path), "not_found")
        return load_manifest(path), None  # ManifestError names the line or field
    draft = read_path(path, limits=limits, kb=kb)
    return draft.manifest, draft


def check_input(
    manifest: Manifest,
    draft: DraftReadResult | None,
    award: str | None = None,
    campaign: str | ManifestCampaign | None = None,
    received_on: dt.date | None = None,
    *,
    kb: DossierKB,
    eligibility: EligibilityFn | None = None,
    history: History | None = None,
    default_received_on: dt.date | None = None,
) -> PathCheck:
    """The second half of `inspect_path`: apply the choices and check what `read_input` read."""
    if received_on is None and manifest.received_on is None:
        received_on = default_received_on
    manifest = apply_overrides(manifest, kb, award, campaign, received_on)
    result = check(manifest, kb, received_on or manifest.received_on, eligibility, history)
    if draft is not None:
        result = result.with_findings(draft.findings)
    return PathCheck(result, manifest, draft)


def apply_overrides(
    manifest: Manifest,
    kb: DossierKB,
    award: str | None = None,
    campaign: str | ManifestCampaign | None = None,
    received_on: dt.date | None = None,
) -> Manifest:
    """Command-line / chat choices win over what the files say. `award` may be a Vietnamese name."""
    updated = manifest.model_copy(deep=True)
    if award:
        code = award if award in kb.vocabulary.awards else Vocab(kb).award(award)
        updated.award.code = code or award
    if isinstance(campaign, ManifestCampaign):
        updated.campaign = campaign
    elif campaign:
        current = updated.campaign or ManifestCampaign()
        current.code = campaign
        updated.campaign = current
    if received_on:
        updated.received_on = received_on
    return updated
