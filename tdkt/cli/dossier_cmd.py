"""`tdkt check-dossier PATH [--award A] [--campaign C] [--received-on D] [--json]`.

PATH is a manifest (`.json`/`.yaml`), a `.docx`/`.xlsx`/`.zip` file or a folder of them
(contracts §1). Exit 0 once checked, whatever the findings; exit 2 with one Vietnamese line
(raised as a typed error, printed by `tdkt.cli.main`) for unreadable input, a bad manifest, an
unknown award, an unknown campaign or a bad date. `--campaign` takes the campaign's deadline
from the database when the manifest gives none (`tdkt.cli.campaign_lookup`). The received date
defaults to today in the configured time zone: this is the edge, so it may read the clock.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.bootstrap import load_kb
from bot.config import Settings, load_settings
from bot.dossier.engine_hook import eligibility_hook
from bot.dossier.history import History
from bot.dossier.manifest import Manifest
from bot.dossier.present import counts, group_by_severity, result_views
from bot.dossier.readers.fields import Vocab
from bot.dossier.service import PathCheck, apply_overrides, check_input, read_input
from bot.errors import InputError
from bot.reminders.deadlines import ApplicableDeadline
from bot.render import Renderer, to_plain
from knowledge.dossier_schema import DossierKB
from knowledge.loader import KnowledgeBase
from tdkt.cli.campaign_lookup import CampaignChoice, campaign_option
from tdkt.cli.inputs import parse_iso_date


@dataclass(frozen=True)
class CliCheck:
    """PATH read and checked as the command line asked (shared by check-dossier and submit)."""

    checked: PathCheck
    choice: CampaignChoice
    kb: KnowledgeBase

    @property
    def dossier_kb(self) -> DossierKB:
        return self.kb.dossier


def check_path(args: argparse.Namespace, renderer: Renderer, settings: Settings) -> CliCheck:
    """Read PATH and check it with --award, --campaign and --received-on (default: today)."""
    received = parse_iso_date(args.received_on, "--received-on")
    today = dt.datetime.now(settings.tz).date()
    kb = load_kb(settings)
    dossier_kb = kb.dossier
    award = award_of_option(dossier_kb, args.award)
    hook = eligibility_hook(kb, settings.province)
    read, draft = read_input(Path(args.path), kb=dossier_kb)
    choice = campaign_option(settings, args.campaign, award or read.award.code, read, dossier_kb)
    if choice.unreachable is not None:  # a warning on stderr: stdout stays the result (--json)
        warning = renderer.render("cli/campaign_db_unreachable.j2", host=choice.unreachable,
                                  campaign=args.campaign)
        print(to_plain(warning), file=sys.stderr)
    history = None
    if getattr(args, "unit", None):  # `submit --unit U`: the nominees' history in U's records
        prepared = apply_overrides(read, dossier_kb, award, choice.option, received)
        history = asyncio.run(unit_history(settings, args.unit, prepared, kb))
    checked = check_input(read, draft, award, choice.option, received, kb=dossier_kb,
                          eligibility=hook, history=history, default_received_on=today)
    return CliCheck(checked, choice, kb)


async def unit_history(settings: Settings, unit_text: str, manifest: Manifest,
                       kb: KnowledgeBase) -> History:
    """What the check may ask the database about the unit's people (contracts §3)."""
    from bot.bootstrap import open_database
    from bot.dossier.db_history import load_history
    from bot.invites_admin import find_unit

    database = await open_database(settings)
    try:
        unit = await find_unit(database, unit_text)
        return await load_history(database, manifest, unit.id, kb)
    finally:
        await database.dispose()


def check_from_cli(args: argparse.Namespace, renderer: Renderer) -> int:
    cli_check = check_path(args, renderer, load_settings())
    checked, dossier_kb, from_db = cli_check.checked, cli_check.dossier_kb, cli_check.choice.from_db
    result, manifest = checked.result, checked.manifest
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    names = {n.id: n.name for n in manifest.nominees}
    findings = result.to_json()["findings"]
    code = manifest.award.code
    award_label = (dossier_kb.vocabulary.awards.get(code) or [code])[0] if code else ""
    summary = renderer.render(
        "dossier_chat/summary.j2",
        counts=counts(findings),
        nominees=result.nominees,
        received_on=manifest.received_on,
        award_label=award_label,
        campaign=campaign_view(manifest, from_db),
    )
    print(to_plain(summary))
    if findings:
        page = renderer.render(
            "dossier_chat/findings.j2",
            groups=group_by_severity(result_views(result, names)),
            page=1,
            pages=1,
            more=0,
        )
        print(to_plain(page))
    return 0


def campaign_view(manifest: Manifest, from_db: ApplicableDeadline | None) -> dict[str, Any] | None:
    """The campaign line of the summary: the deadline the check used, named when known."""
    campaign = manifest.campaign
    if campaign is None or campaign.deadline is None:
        return None
    name = from_db.name if from_db is not None else ""
    return {"name": name, "code": campaign.code or "", "deadline": campaign.deadline}


def award_of_option(kb: DossierKB, text: str | None) -> str | None:
    """An award id from `--award` (id or Vietnamese name, diacritics optional), else InputError."""
    if not text:
        return None
    if text in kb.vocabulary.awards:
        return text
    code = Vocab(kb).award(text)
    if code is None:
        raise InputError("unknown_award", text=text, candidates=[])
    return code
