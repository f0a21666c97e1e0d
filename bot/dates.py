"""Dutch dates as people type them: "1 maart 2027", "31-03-2027", "eind maart", "begin juni".

A date without a year is the next such date on or after the reference day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
NUMERIC_RE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?!\d)")
ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
DAY_MONTH_RE = re.compile(rf"(?<!\d)(\d{{1,2}})\s*(?:e\s+)?({_MONTH})\.?(?:\s+(\d{{4}}))?\b", re.I)
PART_MONTH_RE = re.compile(
    rf"\b(eind|einde|begin|half|midden|medio)\s+(?:van\s+)?({_MONTH})\.?(?:\s+(\d{{4}}))?\b", re.I
)
MONTH_YEAR_RE = re.compile(rf"\b({_MONTH})\.?\s+(\d{{4}})\b", re.I)


def _future(year: int | None, month: int, day_of: int | str, today: dt.date) -> dt.date | None:
    """The date in ``year``, or else the first year from today's on which it is not past.

    ``day_of`` is a day number, "last" (eind maart) or "mid" (half maart).
    """
    for y in [year] if year else [today.year, today.year + 1]:
        last = calendar.monthrange(y, month)[1]
        if day_of == "last":
            day = last
        elif day_of == "mid":
            day = 15
        elif int(day_of) > last:
            return None  # "31 februari"
        else:
            day = int(day_of)
        candidate = dt.date(y, month, day)
        if year or candidate >= today:
            return candidate
    return None


def parse_dutch_date(text: str, today: dt.date) -> dt.date | None:
    """The first date mentioned in ``text``, or None."""
    if not text:
        return None
    m = ISO_RE.search(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = NUMERIC_RE.search(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year = year + 2000 if year < 100 else year
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    m = DAY_MONTH_RE.search(text)
    if m:
        given = int(m.group(3)) if m.group(3) else None
        return _future(given, MONTHS[m.group(2).lower()], int(m.group(1)), today)
    m = PART_MONTH_RE.search(text)
    if m:
        part = m.group(1).lower()
        day_of: int | str = "last" if part.startswith("eind") else 1 if part == "begin" else "mid"
        given = int(m.group(3)) if m.group(3) else None
        return _future(given, MONTHS[m.group(2).lower()], day_of, today)
    m = MONTH_YEAR_RE.search(text)
    if m:  # "maart 2027": the month without a day; take its last day, as indicaties end then
        return _future(int(m.group(2)), MONTHS[m.group(1).lower()], "last", today)
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the month's last day (31 May - 3 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def nl_date(day: dt.date) -> str:
    """1 maart 2027."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
