"""`tdkt eligibility --award A --facts FILE [--as-of D] [--unit U] [--json]` (contracts §1–2).

`--unit` (a unit code or name in the database) applies the province of that unit (issue 11
item 9); `subject.province` in the facts still wins, TDKT_PROVINCE is the last default."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json

from bot.config import Settings, load_settings
from bot.eligibility import Ambiguous, EligibilityError, FactsError, evaluate, resolve_award
from bot.errors import InputError
from bot.province import unit_province
from bot.render import Renderer
from knowledge.loader import KnowledgeBase
from tdkt.cli.inputs import parse_iso_date, read_json_input
from tdkt.cli.output import print_plain


def evaluate_from_cli(args: argparse.Namespace, renderer: Renderer) -> int:
    from bot.bootstrap import load_kb

    settings = load_settings()
    kb = load_kb(settings)
    award_id = award_from_text(kb, args.award)
    facts = read_json_input(args.facts)
    if not isinstance(facts, dict):
        raise InputError("facts_not_object", path=args.facts)
    as_of = parse_iso_date(args.as_of, "--as-of") or _as_of_in(facts) or _today(settings.tz)
    province = settings.province
    if getattr(args, "unit", None):
        province = asyncio.run(_unit_province(settings, args.unit)) or province
    try:
        verdict = evaluate(kb, award_id, facts, as_of, province=province)
    except FactsError as error:
        first = error.issues[0]
        raise InputError("bad_facts", field=first.field, detail=first.message) from None
    except EligibilityError as error:
        raise InputError(f"eligibility_{error.key}", award=award_id, **error.params) from None
    if args.json:
        print(json.dumps(verdict.to_json(), ensure_ascii=False, indent=2))
    else:
        print_plain(
            renderer, "eligibility/result.j2", v=verdict, awards=kb.awards, subject_name=None
        )
    return 0


async def _unit_province(settings: Settings, unit_text: str) -> str | None:
    """The province of the unit `unit_text` names; an unknown unit is an InputError (exit 2)."""
    from bot.bootstrap import open_database
    from bot.invites_admin import find_unit

    database = await open_database(settings)
    try:
        unit = await find_unit(database, unit_text)
        async with database.session() as session:
            return await unit_province(session, unit.id)
    finally:
        await database.dispose()


def award_from_text(kb: KnowledgeBase, text: str) -> str:
    """An award id from an id or a Vietnamese name; ambiguous text is an error naming choices."""
    found = resolve_award(kb, text)
    if isinstance(found, Ambiguous):
        raise InputError("unknown_award", text=text, candidates=[c.name for c in found.candidates])
    return found.award_id


def _as_of_in(facts: dict[str, object]) -> dt.date | None:
    value = facts.get("as_of")
    return parse_iso_date(value, "as_of") if isinstance(value, str) else None


def _today(tz: dt.tzinfo) -> dt.date:
    return dt.datetime.now(tz).date()
