"""`tdkt knowledge check`, `tdkt knowledge show A` and `tdkt knowledge show calendar --year Y`."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from bot.errors import InputError
from bot.render import Renderer
from knowledge.calendar_schema import WorkCalendar
from knowledge.loader import KnowledgeError, load_knowledge
from tdkt.cli.output import print_plain

CALENDAR_WORDS = frozenset({"calendar", "lich"})  # compared after folding diacritics


def check_knowledge(renderer: Renderer) -> int:
    """Validate every knowledge file; list every problem with its file and key (exit 1).
    Warnings (next year's calendar missing or estimated, sunsets) are printed but keep exit 0."""
    from bot.config import load_settings
    from bot.eligibility import check_knowledge as check_predicates
    from knowledge.crosscheck import MIN_CASES, cross_check, season_warnings

    settings = load_settings()
    try:
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as error:
        print_plain(renderer, "cli/knowledge_errors.j2", issues=error.errors, min_cases=MIN_CASES)
        return 1
    today = dt.datetime.now(settings.tz).date()
    # The YAML may name predicates the engine does not have: that is invalid knowledge too.
    issues = check_predicates(kb) + cross_check(kb, today=today)
    if issues:
        print_plain(renderer, "cli/knowledge_errors.j2", issues=issues, min_cases=MIN_CASES)
        return 1
    print_plain(renderer, "cli/knowledge_ok.j2", awards=len(kb.awards),
                warnings=season_warnings(kb, today))
    return 0


def show(args: argparse.Namespace, renderer: Renderer) -> int:
    from bot.text.normalize import fold

    if fold(" ".join(args.award)) in CALENDAR_WORDS:
        return show_calendar(args, renderer)
    return show_award(args, renderer)


def show_award(args: argparse.Namespace, renderer: Renderer) -> int:
    from bot.bootstrap import load_kb
    from bot.config import load_settings
    from bot.eligibility import EligibilityError, describe_award
    from tdkt.cli.eligibility_cmd import award_from_text
    from tdkt.cli.inputs import parse_iso_date

    settings = load_settings()
    kb = load_kb(settings)
    as_of = parse_iso_date(args.as_of, "--as-of") or dt.datetime.now(settings.tz).date()
    award_id = award_from_text(kb, " ".join(args.award))
    try:
        description = describe_award(kb, award_id, as_of, province=settings.province)
    except EligibilityError as error:
        name = kb.awards[award_id].name if award_id in kb.awards else award_id
        params = {**error.params, "award": name, "day": as_of.strftime("%d/%m/%Y")}
        raise InputError(f"eligibility_{error.key}", **params) from None
    print_plain(
        renderer, "cli/award_description.j2", d=description, as_of=as_of,
        authorities=kb.authorities_for(award_id, as_of),
    )
    return 0


def show_calendar(args: argparse.Namespace, renderer: Renderer) -> int:
    """The working-day calendar of one year (contracts §1); exit 2 for a year with no data."""
    from bot.bootstrap import load_kb
    from bot.config import load_settings

    if args.year is None:
        raise InputError("calendar_year_required")
    calendar = load_kb(load_settings()).calendar
    data = calendar_json(calendar, args.year)
    if data is None:
        raise InputError("calendar_unknown_year", year=args.year)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        year = calendar.year(args.year)
        print_plain(renderer, "cli/calendar.j2", c=data, year=year)
    return 0


def calendar_json(calendar: WorkCalendar, year_number: int) -> dict[str, object] | None:
    """`{"year", "days_off", "working_saturdays", "confidence", "sources"}`, weekends not listed
    (a holiday on a Sunday is carried by its compensatory weekday)."""
    year = calendar.year(year_number)
    if year is None:
        return None
    return {
        "year": year.year,
        "days_off": sorted(
            d.date.isoformat() for d in year.days_off
            if d.date.isoweekday() not in calendar.weekend
        ),
        "working_saturdays": sorted(w.date.isoformat() for w in year.working_saturdays),
        "confidence": year.confidence.value,
        "sources": year.sources(),
        "uncertain": [
            {"from": p.from_.isoformat(), "to": p.to.isoformat(), "text": p.text}
            for p in year.uncertain
        ],
    }
