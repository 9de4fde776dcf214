"""Draft dossier checking: readers → manifest (contracts §3) → checker → findings → report.

Public API:
- `read_files(files) -> DraftReadResult`, `read_path(path)` — uploads / disk to a draft manifest;
- `load_manifest(path)`, `parse_manifest(data)` — a manifest from `.json`/`.yaml` or a dict;
- `check(manifest, kb, as_of, eligibility, history) -> CheckResult` (`.to_json()` per contracts);
- `check_path(path, award, campaign, received_on) -> CheckResult` — what `tdkt check-dossier` calls;
- `findings_xlsx(result, kb=…)`, `summarize(result)` — outputs; `bot.dossier.blanks` — templates.
"""

from bot.dossier.checker import check
from bot.dossier.errors import UnreadableInput
from bot.dossier.findings import CheckResult, Finding
from bot.dossier.history import CampaignEntry, History, InMemoryHistory
from bot.dossier.manifest import Manifest, ManifestError, load_manifest, parse_manifest
from bot.dossier.readers import DraftReadResult, Limits, read_files, read_path
from bot.dossier.report import Summary, findings_xlsx, summarize
from bot.dossier.service import PathCheck, check_path, inspect_path

__all__ = [
    "CampaignEntry", "CheckResult", "DraftReadResult", "Finding", "History", "InMemoryHistory",
    "Limits", "Manifest", "ManifestError", "PathCheck", "Summary", "UnreadableInput", "check",
    "check_path", "findings_xlsx", "inspect_path", "load_manifest", "parse_manifest",
    "read_files", "read_path", "summarize",
]
