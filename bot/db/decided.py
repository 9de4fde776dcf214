"""The decision day of a dossier (`dossiers.decided_on`): the local date of the reviewing body's
first decision — approved, not approved, or forwarded up (a forwarded dossier's later decision is
the level above's). Stored on the dossier when its status becomes one of these, so the yearly
report's processing time needs no join over the events (issue 16, target 6).

Dates are local to the deployment (`TDKT_TIMEZONE`, Asia/Ho_Chi_Minh by default): the same
calendar the report counts working days in.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DECISIONS = ("approved", "not_approved", "forwarded_up")
DEFAULT_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def is_decision(from_status: str | None, to_status: str) -> bool:
    """Whether moving `from_status` → `to_status` is the reviewing body's decision."""
    return to_status in DECISIONS and from_status != "forwarded_up"


def decision_day(
    from_status: str | None,
    to_status: str,
    now: dt.datetime,
    already: dt.date | None,
    tz: ZoneInfo = DEFAULT_TZ,
) -> dt.date | None:
    """The dossier's `decided_on` after this move: kept when already set (the first decision
    counts), today's local date when this move is a decision, else None."""
    if already is not None:
        return already
    return now.astimezone(tz).date() if is_decision(from_status, to_status) else None
