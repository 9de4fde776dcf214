"""`tdkt submit PATH --unit U [--campaign C] [--award A] [--received-on D] [--force REASON]`.

`--json` prints `{"code", "status", "findings", …}`.

Checks PATH exactly as `check-dossier` does, then files it for unit U (code or name) with its
files (bytes kept by content hash) and the check report: status `submitted`, the reviewers in
scope pushed through the outbox. While the check has errors it refuses (exit 2, nothing filed)
unless `--force` gives the reason, which is stored with the dossier (contracts §1).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from bot.bootstrap import open_database
from bot.config import Settings, load_settings
from bot.conversation.viewer import Role
from bot.dossier import submit as sub
from bot.dossier.service import MANIFEST_SUFFIXES
from bot.errors import InputError
from bot.invites_admin import find_unit
from bot.render import Renderer
from bot.status.access import Principal
from bot.status.service import NewNominee
from knowledge.loader import KnowledgeBase
from tdkt.cli.dossier_cmd import check_path
from tdkt.cli.output import print_plain

FILE_SUFFIXES = (*MANIFEST_SUFFIXES, ".docx", ".xlsx", ".zip")


def files_of(path: Path) -> list[sub.FiledFile]:
    """The files filed with the dossier: PATH itself, or the dossier files of the folder."""
    paths = [path] if path.is_file() else sorted(
        p for p in path.iterdir() if p.is_file() and p.suffix.lower() in FILE_SUFFIXES
        and not p.name.startswith((".", "~$")))
    out: list[sub.FiledFile] = []
    for p in paths:
        content = p.read_bytes()
        out.append(sub.FiledFile(name=p.name, sha256=hashlib.sha256(content).hexdigest(),
                                 size=len(content), content=content))
    return out


def submit_from_cli(args: argparse.Namespace, renderer: Renderer) -> int:
    settings = load_settings()
    reason = (args.force or "").strip() or None
    if args.force is not None and reason is None:
        raise InputError("submit_reason_empty")
    path = Path(args.path)
    cli_check = check_path(args, renderer, settings)
    checked, choice = cli_check.checked, cli_check.choice
    result, manifest = checked.result, checked.manifest
    report = result.to_json()
    errors = int(report["summary"].get("errors", 0))
    if errors and reason is None:
        raise InputError("submit_has_errors", errors=errors)
    if not manifest.award.code:
        raise InputError("submit_no_award")
    campaign = choice.from_db.code if choice.from_db is not None else (
        manifest.campaign.code if manifest.campaign is not None else None)
    filing = sub.Filing(
        award=manifest.award.code,
        nominees=[NewNominee(n.name, n.kind) for n in manifest.nominees],
        manifest=manifest.model_dump(mode="json"), report=report, files=files_of(path),
        basis=manifest.award.basis, procedure=manifest.award.procedure or "regular",
        campaign_code=campaign, reason=reason)
    renderer.know_awards(cli_check.kb)  # the reviewers' push names the award
    filed = asyncio.run(_file(settings, renderer, args.unit, filing, cli_check.kb))
    if args.json:
        out: dict[str, Any] = {"code": filed.code, "status": sub.SUBMITTED, "findings": report,
                               "files": filed.files, "forced": filed.forced}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print_plain(renderer, "cli/submitted.j2", filed=filed, errors=errors, reason=reason)
    return 0


async def _file(settings: Settings, renderer: Renderer, unit_text: str,
                filing: sub.Filing, kb: KnowledgeBase) -> sub.Filed:
    database = await open_database(settings)
    try:
        unit = await find_unit(database, unit_text)
        # The command line runs on the server: it files for the named unit, as its officer would.
        principal = Principal(Role.ADMIN, None, unit.id, None)
        async with database.session() as session, session.begin():
            return await sub.file_new(session, principal, filing, dt.datetime.now(dt.UTC),
                                      settings.tz, renderer, kb)
    finally:
        await database.dispose()
