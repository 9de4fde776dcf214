"""A campaign's reminder plan (days before each deadline, local send time) and quiet hours.

Pure values and arithmetic: nothing here reads the clock or the database. All datetimes going in
and out are timezone-aware; local times are interpreted in the plan's time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_OFFSETS: tuple[int, ...] = (14, 7, 3, 1, 0)
DEFAULT_SEND_AT = dt.time(8, 0)
QUIET_FROM = dt.time(21, 0)
QUIET_TO = dt.time(7, 0)
MAX_OFFSET_DAYS = 90
_PLAN_TEXT = re.compile(r"^\s*\d{1,2}(\s*[,;\s]\s*\d{1,2})*\s*(@\s*\d{1,2}:\d{2})?\s*$")


class BadPlan(ValueError):
    """A plan string that cannot be read (e.g. "14,7,x" or a send time inside quiet hours)."""


@dataclass(frozen=True)
class QuietHours:
    """A nightly window (start > end crosses midnight) when nothing is sent."""

    start: dt.time = QUIET_FROM
    end: dt.time = QUIET_TO

    def contains(self, local: dt.time) -> bool:
        if self.start > self.end:
            return local >= self.start or local < self.end
        return self.start <= local < self.end

    def next_allowed(self, at: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
        """`at` itself when outside the window, else the window's end (the next morning)."""
        local = at.astimezone(tz)
        if not self.contains(local.time().replace(tzinfo=None)):
            return at
        day = local.date()
        if self.start > self.end and local.time().replace(tzinfo=None) >= self.start:
            day += dt.timedelta(days=1)
        return dt.datetime.combine(day, self.end, tzinfo=tz).astimezone(dt.UTC)


@dataclass(frozen=True)
class ReminderPlan:
    """Send at `send_at` local time, `offsets` days before each deadline (0 = on the day)."""

    offsets: tuple[int, ...] = DEFAULT_OFFSETS
    send_at: dt.time = DEFAULT_SEND_AT
    timezone: str = DEFAULT_TIMEZONE

    def __post_init__(self) -> None:
        if not self.offsets:
            raise BadPlan("empty")
        if any(not 0 <= o <= MAX_OFFSET_DAYS for o in self.offsets):
            raise BadPlan("offset out of range")
        if QuietHours().contains(self.send_at):
            raise BadPlan("send time in quiet hours")
        # Largest first: slot order is the order in which they fall due.
        object.__setattr__(self, "offsets", tuple(sorted(set(self.offsets), reverse=True)))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def slot_time(self, deadline: dt.date, offset: int) -> dt.datetime:
        """When the reminder `offset` days before `deadline` falls due (UTC)."""
        day = deadline - dt.timedelta(days=offset)
        return dt.datetime.combine(day, self.send_at, tzinfo=self.tz).astimezone(dt.UTC)

    def to_text(self) -> str:
        """The stored/typed form: "14,7,3,1,0@08:00"."""
        return ",".join(str(o) for o in self.offsets) + f"@{self.send_at:%H:%M}"

    @classmethod
    def from_text(cls, text: str | None, timezone: str = DEFAULT_TIMEZONE) -> ReminderPlan:
        """Parse "14,7,3,1,0" or "14 7 3 1 0@08:30"; None or blank gives the default plan."""
        if text is None or not text.strip():
            return cls(timezone=timezone)
        if not _PLAN_TEXT.match(text):
            raise BadPlan(text)
        days, _, clock = text.partition("@")
        offsets = tuple(int(p) for p in re.split(r"[,;\s]+", days.strip()) if p)
        send_at = DEFAULT_SEND_AT
        if clock.strip():
            hour, minute = (int(p) for p in clock.strip().split(":"))
            if hour > 23 or minute > 59:
                raise BadPlan(text)
            send_at = dt.time(hour, minute)
        return cls(offsets, send_at, timezone)
