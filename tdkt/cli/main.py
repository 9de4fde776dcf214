"""Entry point of `tdkt`: parse, run one command, turn typed errors into one Vietnamese line.

Exit codes (contracts §1): 0 done, 1 invalid knowledge (`knowledge check`), 2 bad input or an
unusable environment (token, database, knowledge files), 130 interrupted.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from bot.errors import TdktError
from bot.render import Renderer, to_plain
from tdkt.cli import commands
from tdkt.cli.parser import build_parser

HANDLERS = {
    "run": commands.run,
    "chat": commands.chat,
    "eligibility": commands.eligibility,
    "check-dossier": commands.check_dossier,
    "submit": commands.submit,
    "knowledge": commands.knowledge,
    "db": commands.db,
    "seed": commands.seed,
    "invite": commands.invite,
    "import": commands.import_,
    "export": commands.export,
    "reminders": commands.reminders,
    "report": commands.report,
}


def main(argv: Sequence[str] | None = None) -> int:
    renderer = Renderer()
    try:
        args = build_parser(renderer).parse_args(argv)
        return HANDLERS[args.command](args, renderer)
    except TdktError as error:
        print(error_line(renderer, error), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def error_line(renderer: Renderer, error: TdktError) -> str:
    """One plain line naming the problem, from `errors/<key>.j2`."""
    text = to_plain(renderer.render(f"errors/{error.key}.j2", **error.params))
    return " ".join(text.split())


if __name__ == "__main__":
    sys.exit(main())
