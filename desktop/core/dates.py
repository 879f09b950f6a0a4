"""Dates typed by people: 02/12/2019 or 2/12/2019 (the day first, as in the UK), or
2019-12-02. A date that cannot be read is refused with the reason, for the field."""

from __future__ import annotations

import calendar
import datetime as dt
import re

#: English names whatever the locale (Qt sets the process's locale from the system's).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d+)")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class DateRefused(ValueError):
    """``str(error)`` says why, for a person."""


def parse_date(text: str, what: str = "the date") -> dt.date:
    """The date ``text`` says, or DateRefused naming ``what`` and why not."""
    typed = text.strip()
    if not typed:
        raise DateRefused(f"{what} is empty")
    if match := _DAY_FIRST.fullmatch(typed):
        day, month, year = (int(part) for part in match.groups())
        full_year = len(match.group(3)) == 4
    elif match := _ISO.fullmatch(typed):
        year, month, day = (int(part) for part in match.groups())
        full_year = True
    else:
        full_year = False
    if not match or not full_year or year < 1900:
        raise DateRefused(
            f"'{typed}' is not a date: type it as DD/MM/YYYY with the year in full, e.g. 02/12/2019"
        )
    if not 1 <= month <= 12:
        raise DateRefused(f"'{typed}' is not a date: there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateRefused(f"'{typed}' is not a date: {MONTHS[month - 1]} {year} has {days} days")
    return dt.date(year, month, day)


def day_first(date: dt.date) -> str:
    """02/12/2019"""
    return f"{date.day:02d}/{date.month:02d}/{date.year:04d}"


def long_date(date: dt.date) -> str:
    """Monday 2 December 2019 (no leading zero, whatever the platform)."""
    return f"{DAYS[date.weekday()]} {date.day} {MONTHS[date.month - 1]} {date.year}"
