"""The working-day calendar as data: official days off and swapped working Saturdays per year.

`knowledge/calendar/*.yaml` lists, per year, the weekdays civil servants do not work (public
holidays of Bộ luật Lao động 2019 Art. 112, compensatory days, days swapped around Tết) and the
Saturdays they work instead. `WorkCalendar` answers "is this a working day?" and does working-day
arithmetic for the SLA clock of dossiers. A year the data does not cover falls back to
Monday–Friday; `covers(day)` lets callers say the result is approximate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import Field, ValidationError, model_validator

from knowledge.common import Citation, Confidence, Strict


class CalendarError(ValueError):
    """A calendar file is missing, malformed or contradicts itself."""


class DayOffKind(StrEnum):
    HOLIDAY = "holiday"  # a public holiday (Art. 112 cl. 1)
    COMPENSATORY = "compensatory"  # holiday fell on a weekend → next working day off (cl. 3)
    SWAP = "swap"  # a weekday off in exchange for a working Saturday


class DayOff(Strict):
    date: dt.date
    name: str
    kind: DayOffKind
    citation: Citation | None = None
    confidence: Confidence | None = None


class WorkingSaturday(Strict):
    date: dt.date
    name: str

    @model_validator(mode="after")
    def _is_weekend(self) -> WorkingSaturday:
        if self.date.isoweekday() not in (6, 7):
            raise ValueError(f"{self.date} is not a weekend day")
        return self


class UncertainPeriod(Strict):
    """Days whose schedule is not final (e.g. Tết still a proposal): a deadline counted across
    them is an estimate, and `text` (Vietnamese, shown to users) says why."""

    from_: dt.date = Field(alias="from")
    to: dt.date
    text: str

    model_config = Strict.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _ordered(self) -> UncertainPeriod:
        if self.to < self.from_:
            raise ValueError("uncertain period: 'to' is before 'from'")
        return self


class CalendarYear(Strict):
    year: int
    citation: Citation
    confidence: Confidence
    note: str | None = None
    uncertain: list[UncertainPeriod] = Field(default_factory=list)
    days_off: list[DayOff]
    working_saturdays: list[WorkingSaturday] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_in_year(self) -> CalendarYear:
        days = [d.date for d in self.days_off] + [w.date for w in self.working_saturdays]
        days += [p.from_ for p in self.uncertain] + [p.to for p in self.uncertain]
        for day in days:
            if day.year != self.year:
                raise ValueError(f"{day} listed under year {self.year}")
        return self

    def sources(self) -> list[str]:
        """The citation texts of the year and of its individually cited days, in order."""
        texts = [self.citation.text]
        for day in self.days_off:
            if day.citation is not None and day.citation.text not in texts:
                texts.append(day.citation.text)
        return texts


class CalendarFile(Strict):
    country: str
    weekend: list[int]
    years: list[CalendarYear]

    @model_validator(mode="after")
    def _unique_years(self) -> CalendarFile:
        seen = [y.year for y in self.years]
        if len(seen) != len(set(seen)):
            raise ValueError("a year is listed twice")
        if not set(self.weekend) <= set(range(1, 8)):
            raise ValueError("weekend days are ISO weekdays 1..7")
        return self


class WorkCalendar:
    """Working days: not a weekend (unless a swapped working Saturday) and not a listed day off."""

    def __init__(self, data: CalendarFile) -> None:
        self.weekend = frozenset(data.weekend)
        self.by_year = {y.year: y for y in data.years}
        self.years = frozenset(self.by_year)
        self.uncertain = [p for y in data.years for p in y.uncertain]
        self.days_off = {d.date: d for y in data.years for d in y.days_off}
        self.working_weekend_days = frozenset(
            w.date for y in data.years for w in y.working_saturdays
        )

    def covers(self, day: dt.date) -> bool:
        """True when the data lists this day's year (otherwise only weekends are known)."""
        return day.year in self.years

    def year(self, year: int) -> CalendarYear | None:
        """The data of one year, None when the calendar does not list it."""
        return self.by_year.get(year)

    def uncertain_between(self, start: dt.date, end: dt.date) -> list[str]:
        """Why a count over (start, end] is an estimate: the texts of the not-final periods it
        crosses (empty when every day of it is settled data)."""
        low, high = min(start, end), max(start, end)
        return [p.text for p in self.uncertain if p.from_ <= high and low < p.to]

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.working_weekend_days:
            return True
        return day.isoweekday() not in self.weekend and day not in self.days_off

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The date `count` working days after `start` (the start day itself is not counted)."""
        day = start
        remaining = count
        while remaining > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in the half-open interval (start, end]; 0 when end ≤ start."""
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def parse_calendar(files: Iterable[Path]) -> CalendarFile:
    """Merge calendar files (one country); raise CalendarError naming the file on bad data."""
    merged: CalendarFile | None = None
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            one = CalendarFile.model_validate(data)
        except (OSError, yaml.YAMLError, ValidationError) as error:
            raise CalendarError(f"{path.name}: {error}") from error
        if merged is None:
            merged = one
        else:
            try:
                merged = CalendarFile(
                    country=merged.country, weekend=merged.weekend, years=merged.years + one.years
                )
            except ValidationError as error:
                raise CalendarError(f"{path.name}: {error}") from error
    if merged is None:
        raise CalendarError("no calendar file")
    return merged


def load_calendar_dir(directory: Path) -> WorkCalendar:
    """Read every calendar file of `directory` (the `calendar/` section of `knowledge.loader`)."""
    files = sorted(p for p in directory.glob("*.yaml") if p.name != "index.yaml")
    return WorkCalendar(parse_calendar(files))
