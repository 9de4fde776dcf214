"""One function per `tdkt` command. Each reads settings, does its job, returns an exit code."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
from typing import Any

from bot.bootstrap import load_kb, open_database
from bot.config import load_settings
from bot.errors import InputError
from bot.render import Renderer
from tdkt.cli.inputs import parse_iso_date, read_input_bytes, read_json_input
from tdkt.cli.output import print_plain


def run(args: argparse.Namespace, renderer: Renderer) -> int:
    """The Telegram bot; without a token, explain how to get one and open the terminal chat."""
    settings = load_settings()
    if settings.token() is None:
        print_plain(renderer, "cli/no_token.j2")
        return chat(args, renderer)
    from tdkt.runner import run_bot

    run_bot(settings, renderer, webhook_url=args.webhook, port=args.port, listen=args.listen)
    return 0


def chat(args: argparse.Namespace, renderer: Renderer) -> int:
    from tdkt.terminal import run_terminal_chat

    settings = load_settings()
    role = getattr(args, "as_role", None)
    unit = getattr(args, "unit", None) if role is not None else None
    return asyncio.run(run_terminal_chat(settings, renderer, role=role, unit=unit))


def eligibility(args: argparse.Namespace, renderer: Renderer) -> int:
    from tdkt.cli.eligibility_cmd import evaluate_from_cli

    return evaluate_from_cli(args, renderer)


def submit(args: argparse.Namespace, renderer: Renderer) -> int:
    from tdkt.cli.submit_cmd import submit_from_cli

    return submit_from_cli(args, renderer)


def check_dossier(args: argparse.Namespace, renderer: Renderer) -> int:
    from tdkt.cli.dossier_cmd import check_from_cli

    return check_from_cli(args, renderer)


def knowledge(args: argparse.Namespace, renderer: Renderer) -> int:
    from tdkt.cli.knowledge_cmd import check_knowledge, show

    if args.knowledge_command == "check":
        return check_knowledge(renderer)
    return show(args, renderer)


def db(args: argparse.Namespace, renderer: Renderer) -> int:
    if args.db_command == "prune":
        from tdkt.cli.db_cmd import prune

        return prune(args, renderer)
    if args.db_command == "rollup":
        from tdkt.cli.db_cmd import rollup

        return rollup(args, renderer)
    settings = load_settings()

    async def upgrade() -> None:
        database = await open_database(settings)
        await database.dispose()

    asyncio.run(upgrade())
    print_plain(renderer, "cli/db_upgraded.j2")
    return 0


def seed(args: argparse.Namespace, renderer: Renderer) -> int:
    from tdkt.seed import seed_demo

    settings = load_settings()

    async def go() -> Any:
        database = await open_database(settings)
        try:
            return await seed_demo(
                database, now=dt.datetime.now(dt.UTC), size=args.size, province=settings.province
            )
        finally:
            await database.dispose()

    report = asyncio.run(go())
    print_plain(renderer, "cli/seeded.j2", report=report)
    return 0


def invite(args: argparse.Namespace, renderer: Renderer) -> int:
    """Create a single-use invite for a unit (by code or name) and print the deep link."""
    from bot.invites_admin import create_invite_for_unit

    settings = load_settings()
    if not 1 <= args.days <= 90:
        raise InputError("bad_invite_days", value=args.days)

    async def go() -> Any:
        database = await open_database(settings)
        try:
            return await create_invite_for_unit(
                database,
                args.unit,
                args.role,
                dt.timedelta(days=args.days),
                dt.datetime.now(dt.UTC),
                scope=args.scope,
                bot_username=settings.bot_username,
            )
        finally:
            await database.dispose()

    created = asyncio.run(go())
    print_plain(renderer, "cli/invite_created.j2", invite=created)
    return 0


def import_(args: argparse.Namespace, renderer: Renderer) -> int:
    """All-or-nothing import of units, officers, people, dossiers or campaigns."""
    import bot.reminders.campaign_kind  # noqa: F401  (registers the "campaigns" kind)
    from tdkt.cli.status_cmd import import_cmd

    return import_cmd(args, renderer)


def export(args: argparse.Namespace, renderer: Renderer) -> int:
    import bot.reminders.campaign_kind  # noqa: F401  (registers the "campaigns" kind)
    from tdkt.cli.status_cmd import export_cmd

    return export_cmd(args, renderer)


def reminders(args: argparse.Namespace, renderer: Renderer) -> int:
    from tdkt.cli.reminders_cmd import tick

    return tick(args, renderer)


def report(args: argparse.Namespace, renderer: Renderer) -> int:
    from tdkt.cli.reports_cmd import report_from_cli

    return report_from_cli(args, renderer)


__all__ = ["load_kb", "parse_iso_date", "read_input_bytes", "read_json_input"]
