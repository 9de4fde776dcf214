"""Argument parsing for `tdkt`, with Vietnamese one-line errors (exit 2) instead of argparse's."""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

from bot.errors import InputError
from bot.render import Renderer

# argparse's English messages → a kind the Vietnamese template words, and what it names.
_ARGPARSE_MESSAGES = (
    ("unrecognized", re.compile(r"unrecognized arguments: (?P<name>.+)")),
    ("required", re.compile(r"the following arguments are required: (?P<name>.+)")),
    ("choice", re.compile(r"argument (?P<name>\S+): invalid choice: (?P<value>\S+)")),
    ("value", re.compile(r"argument (?P<name>\S+): invalid \S+ value: (?P<value>\S+)")),
    ("missing_value", re.compile(r"argument (?P<name>\S+): expected one argument")),
)


class VietnameseArgumentParser(argparse.ArgumentParser):
    """argparse that raises InputError (rendered in Vietnamese) instead of printing usage."""

    def error(self, message: str) -> NoReturn:
        for kind, pattern in _ARGPARSE_MESSAGES:
            match = pattern.search(message)
            if match:
                found = match.groupdict()
                raise InputError(
                    "bad_arguments",
                    kind=kind,
                    name=found["name"],
                    value=found.get("value", ""),
                    prog=self.prog,
                )
        raise InputError("bad_arguments", kind="other", name=message, value="", prog=self.prog)


def build_parser(renderer: Renderer) -> argparse.ArgumentParser:
    h = renderer.label
    parser = VietnameseArgumentParser(prog="tdkt", description=h("cli.description"))
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=VietnameseArgumentParser
    )

    run = sub.add_parser("run", help=h("cli.run"))
    run.add_argument("--webhook", metavar="URL", help=h("cli.webhook"))
    run.add_argument("--port", type=int, default=8443, help=h("cli.port"))
    run.add_argument("--listen", metavar="ADDR", default="127.0.0.1", help=h("cli.listen"))

    chat = sub.add_parser("chat", help=h("cli.chat"))
    chat.add_argument("--as", dest="as_role", choices=("guest", "officer", "reviewer", "admin"),
                      help=h("cli.chat_as"))
    chat.add_argument("--unit", help=h("cli.chat_unit"))

    elig = sub.add_parser("eligibility", help=h("cli.eligibility"))
    elig.add_argument("--award", required=True, help=h("cli.award"))
    elig.add_argument("--facts", required=True, metavar="FILE", help=h("cli.facts"))
    elig.add_argument("--as-of", metavar="YYYY-MM-DD", help=h("cli.as_of"))
    elig.add_argument("--unit", help=h("cli.eligibility_unit"))
    elig.add_argument("--json", action="store_true", help=h("cli.json"))

    check = sub.add_parser("check-dossier", help=h("cli.check_dossier"))
    check.add_argument("path", metavar="PATH", help=h("cli.dossier_path"))
    check.add_argument("--award", help=h("cli.award"))
    check.add_argument("--campaign", help=h("cli.dossier_campaign"))
    check.add_argument("--received-on", metavar="YYYY-MM-DD", help=h("cli.received_on"))
    check.add_argument("--json", action="store_true", help=h("cli.json"))

    submit = sub.add_parser("submit", help=h("cli.submit"))
    submit.add_argument("path", metavar="PATH", help=h("cli.dossier_path"))
    submit.add_argument("--unit", required=True, help=h("cli.invite_unit"))
    submit.add_argument("--campaign", help=h("cli.dossier_campaign"))
    submit.add_argument("--award", help=h("cli.award"))
    submit.add_argument("--received-on", metavar="YYYY-MM-DD", help=h("cli.received_on"))
    submit.add_argument("--force", metavar="REASON", help=h("cli.submit_force"))
    submit.add_argument("--json", action="store_true", help=h("cli.json"))

    know = sub.add_parser("knowledge", help=h("cli.knowledge"))
    know_sub = know.add_subparsers(
        dest="knowledge_command", required=True, parser_class=VietnameseArgumentParser
    )
    know_sub.add_parser("check", help=h("cli.knowledge_check"))
    show = know_sub.add_parser("show", help=h("cli.knowledge_show"))
    show.add_argument("award", nargs="+", help=h("cli.award"))
    show.add_argument("--as-of", metavar="YYYY-MM-DD", help=h("cli.as_of"))
    show.add_argument("--year", type=int, metavar="Y", help=h("cli.calendar_year"))
    show.add_argument("--json", action="store_true", help=h("cli.json"))

    db = sub.add_parser("db", help=h("cli.db"))
    db_sub = db.add_subparsers(
        dest="db_command", required=True, parser_class=VietnameseArgumentParser
    )
    db_sub.add_parser("upgrade", help=h("cli.db_upgrade"))
    prune = db_sub.add_parser("prune", help=h("cli.db_prune"))
    prune.add_argument("--now", metavar="T", help=h("cli.now"))
    prune.add_argument("--dry-run", action="store_true", help=h("cli.prune_dry_run"))
    rollup = db_sub.add_parser("rollup", help=h("cli.db_rollup"))
    rollup.add_argument("--rebuild", action="store_true", help=h("cli.rollup_rebuild"))

    seed = sub.add_parser("seed", help=h("cli.seed"))
    seed.add_argument("--demo", action="store_true", required=True, help=h("cli.seed_demo"))
    seed.add_argument(
        "--size", choices=("small", "large"), default="small", help=h("cli.seed_size")
    )

    transfer_kinds = ("units", "officers", "people", "dossiers", "campaigns")
    imp = sub.add_parser("import", help=h("cli.import"))
    imp.add_argument("kind", choices=transfer_kinds, help=h("cli.transfer_kind"))
    imp.add_argument("file", metavar="FILE", help=h("cli.transfer_file"))
    exp = sub.add_parser("export", help=h("cli.export"))
    exp.add_argument("kind", choices=transfer_kinds, help=h("cli.transfer_kind"))
    exp.add_argument("file", metavar="FILE", help=h("cli.transfer_file"))

    reminders = sub.add_parser("reminders", help=h("cli.reminders"))
    rem_sub = reminders.add_subparsers(
        dest="reminders_command", required=True, parser_class=VietnameseArgumentParser
    )
    tick = rem_sub.add_parser("tick", help=h("cli.reminders_tick"))
    tick.add_argument("--now", metavar="T", help=h("cli.now"))
    tick.add_argument("--dry-run", action="store_true", help=h("cli.dry_run"))

    report = sub.add_parser("report", help=h("cli.report"))
    report.add_argument("--year", type=int, help=h("cli.report_year"))
    report.add_argument("--campaign", help=h("cli.campaign"))
    report.add_argument("--unit", help=h("cli.invite_unit"))
    report.add_argument("--cluster", help=h("cli.report_cluster"))
    report.add_argument("--as-of", metavar="YYYY-MM-DD", help=h("cli.as_of"))
    output = report.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=h("cli.json"))
    output.add_argument("--xlsx", metavar="FILE", help=h("cli.report_xlsx"))

    invite = sub.add_parser("invite", help=h("cli.invite"))
    invite.add_argument("--unit", required=True, help=h("cli.invite_unit"))
    invite.add_argument("--role", choices=("officer", "reviewer", "admin"), default="officer")
    invite.add_argument("--scope", nargs="+", action="extend", metavar="UNIT_OR_CLUSTER",
                        help=h("cli.invite_scope"))
    invite.add_argument("--days", type=int, default=7, help=h("cli.invite_days"))
    return parser
