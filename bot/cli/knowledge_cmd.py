"""`tdkt knowledge check` and `tdkt knowledge show A`."""

from __future__ import annotations

import argparse
import datetime as dt

from bot.cli.output import print_plain
from bot.render import Renderer
from knowledge.loader import KnowledgeError, load_knowledge


def check_knowledge(renderer: Renderer) -> int:
    """Validate every knowledge file; list every problem with its file and key (exit 1)."""
    from bot.config import load_settings
    from bot.eligibility import check_knowledge as check_predicates

    settings = load_settings()
    try:
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as error:
        print_plain(renderer, "cli/knowledge_errors.j2", issues=error.errors)
        return 1
    # The YAML may name predicates the engine does not have: that is invalid knowledge too.
    issues = check_predicates(kb)
    if issues:
        print_plain(renderer, "cli/knowledge_errors.j2", issues=issues)
        return 1
    print_plain(renderer, "cli/knowledge_ok.j2", awards=len(kb.awards))
    return 0


def show_award(args: argparse.Namespace, renderer: Renderer) -> int:
    from bot.bootstrap import load_kb
    from bot.cli.commands import parse_iso_date
    from bot.cli.eligibility_cmd import award_from_text
    from bot.config import load_settings
    from bot.eligibility import describe_award

    settings = load_settings()
    kb = load_kb(settings)
    as_of = parse_iso_date(args.as_of, "--as-of") or dt.datetime.now(settings.tz).date()
    award_id = award_from_text(kb, " ".join(args.award))
    description = describe_award(kb, award_id, as_of, province=settings.province)
    print_plain(renderer, "cli/award_description.j2", d=description, as_of=as_of)
    return 0
