"""Working days in Vietnam: deadlines counted "N working days" skip weekends and public holidays.

Public holidays, the lunar ones included (Tết Nguyên Đán, Giỗ Tổ Hùng Vương), their observed
(nghỉ bù) days and the Government's swaps (a weekday off in exchange for a Saturday worked) come
from the maintained `holidays` package (`holidays.Vietnam`), never from a hand-written list: the
lunar dates move every year and the Government announces the swaps year by year, and the package
follows both. Saturday and Sunday are days off, except a Saturday the Government made a working day
in exchange for a bridge holiday (`weekend_workdays` of the package).

    is_working_day(date)            -> bool
    add_working_days(date, n)       -> the n-th working day after `date` (n >= 0; n = 0 gives `date`)
    working_days_between(a, b)      -> working days in (a, b]: after a, up to and including b
                                       (negative when b is before a), so that
                                       add_working_days(a, working_days_between(a, b)) == b
                                       whenever b is a working day
    holidays_between(a, b, lang)    -> {date: holiday name} for a calendar page

The calendar of each year is built once per process (`lru_cache`): building one takes a few
milliseconds, asking it afterwards microseconds.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

# The package's names are in Vietnamese by default; English for the English interface.
_LANGUAGES = {"vi": "vi", "en": "en_US"}


@lru_cache(maxsize=128)
def _calendar(year: int, language: str = "vi") -> holidays.HolidayBase:
    return holidays.Vietnam(years=year, language=language)


def is_holiday(date: datetime.date) -> bool:
    return date in _calendar(date.year)


def holiday_name(date: datetime.date, language: str = "vi") -> str | None:
    """The public holiday's name on that day, in the interface language, or None."""
    return _calendar(date.year, _LANGUAGES.get(language[:2], "vi")).get(date)


def is_working_day(date: datetime.date) -> bool:
    """Not a weekend (unless the Government made that Saturday a working day) and not a holiday."""
    return _calendar(date.year).is_working_day(date)


def add_working_days(date: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `date`: `add_working_days(friday, 1)` is the next Monday (if it is
    not a holiday). With n = 0 the date itself is returned, working day or not."""
    if n < 0:
        raise ValueError("add_working_days counts forward; n must not be negative")
    current = date
    remaining = n
    while remaining:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The number of working days after `start` up to and including `end`; negative if `end` is
    before `start` (then: working days after `end` up to and including `start`, negated)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def holidays_between(start: datetime.date, end: datetime.date, language: str = "vi") -> dict[datetime.date, str]:
    """Every public holiday (and observed day off) from `start` to `end` inclusive, with its name."""
    lang = _LANGUAGES.get(language[:2], "vi")
    result = {}
    for year in range(start.year, end.year + 1):
        for day, name in _calendar(year, lang).items():
            if start <= day <= end:
                result[day] = name
    return dict(sorted(result.items()))
