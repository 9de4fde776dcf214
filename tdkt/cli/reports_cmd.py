"""`tdkt report --year Y [--campaign C] [--unit U] [--cluster K] [--json | --xlsx FILE]`.

The command line is the province's own console: it reports on every unit (admin scope).
Without `--json`/`--xlsx` it prints the summary as plain text. `--as-of` (default today, local)
is the day "overdue" is measured on.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
from pathlib import Path

from bot.config import load_settings
from bot.conversation.viewer import Role
from bot.errors import InputError
from bot.render import Renderer, to_plain
from bot.reports.figures import Figures, compute_figures
from bot.reports.present import build_package, summary_text
from bot.reports.scope import resolve_scope
from bot.status.access import Principal
from tdkt.cli.inputs import parse_iso_date
from tdkt.cli.output import print_plain

CONSOLE = Principal(Role.ADMIN, None, None, None)


def report_from_cli(args: argparse.Namespace, renderer: Renderer) -> int:
    from bot.bootstrap import load_kb, open_database

    if getattr(args, "json", False) and getattr(args, "xlsx", None):
        raise InputError("report_json_and_xlsx")
    settings = load_settings()
    kb = load_kb(settings)
    as_of = (
        parse_iso_date(getattr(args, "as_of", None), "--as-of")
        or dt.datetime.now(settings.tz).date()
    )

    async def go() -> Figures:
        database = await open_database(settings)
        try:
            async with database.session() as session:
                scope = await resolve_scope(
                    session,
                    CONSOLE,
                    args.year,
                    settings.tz,
                    campaign_code=getattr(args, "campaign", None),
                    unit_code=getattr(args, "unit", None),
                    cluster=getattr(args, "cluster", None),
                )
                return await compute_figures(session, scope, as_of, kb)
        finally:
            await database.dispose()

    figures = asyncio.run(go())
    if getattr(args, "json", False):
        print(json.dumps(figures.to_json(), ensure_ascii=False, indent=2, default=str))
        return 0
    target = getattr(args, "xlsx", None)
    if target:
        package = build_package(figures, renderer, kb)
        path = Path(target)
        try:
            path.write_bytes(package.xlsx)
        except OSError as exc:
            raise InputError("file_unreadable", path=str(path), detail=type(exc).__name__) from None
        print_plain(
            renderer, "reports/xlsx_written.j2", path=str(path), sheets=package.xlsx_caption
        )
        return 0
    print(to_plain(summary_text(figures, renderer, kb)))
    return 0
