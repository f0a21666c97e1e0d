"""Recognise which FAQ version a message asks about ("wat stond er in de versie van 2022?").

Only an explicit reference counts: a year or date next to a word like "versie" or "faq", an
ISO date, or "oude/vorige/eerste/nieuwste versie". A year on its own ("afloopt in 2023")
is a date in the question, not a version.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Sequence

MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mrt": 3, "maart": 3, "apr": 4,
    "april": 4, "mei": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8,
    "augustus": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}
DOC_WORDS = r"(?:versie|faq|document|uitgave|editie|vragenlijst|vraag-?\s?en-?\s?antwoord\w*)"
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
ISO_RE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
DMY_RE = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](20\d\d)\b")
# "versie van (29) september 2022", "faq december 2023", "de 2022-versie", "versie 2022"
NEAR_RE = re.compile(
    rf"{DOC_WORDS}\W+(?:\w+\W+){{0,3}}?(?:(\d{{1,2}})\s+)?(?:({MONTH_NAMES})\.?\s+)?(20\d\d)\b"
    rf"|\b(?:({MONTH_NAMES})\.?\s+)?(20\d\d)\W?\s?{DOC_WORDS}",
    re.IGNORECASE,
)
OLDER_RE = re.compile(r"\b(oude|oudere|vorige|eerdere)\s+(versie|faq)", re.IGNORECASE)
FIRST_RE = re.compile(r"\b(eerste)\s+(versie|faq)", re.IGNORECASE)
NEWEST_RE = re.compile(r"\b(nieuwste|laatste|huidige|actuele|nieuwe)\s+(versie|faq)", re.IGNORECASE)


@dataclass(frozen=True)
class VersionMention:
    """The version a message refers to; ``unknown`` holds a reference to no known version."""

    version_id: str | None = None
    unknown: str | None = None


def _pick(dates: Sequence[dt.date], year: int, month: int | None, day: int | None) -> str | None:
    matches = [
        d for d in dates
        if d.year == year and (month is None or d.month == month) and (day is None or d.day == day)
    ]
    return max(matches).isoformat() if matches else None


def find_version(text: str, version_dates: Sequence[dt.date]) -> VersionMention:
    """The version that ``text`` explicitly refers to, among ``version_dates``."""
    if not text or not version_dates:
        return VersionMention()
    newest_first = sorted(version_dates, reverse=True)
    m = ISO_RE.search(text) or None
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return _mention(newest_first, y, mo, d, m.group(0))
    m = DMY_RE.search(text)
    if m and re.search(DOC_WORDS, text, re.IGNORECASE):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return _mention(newest_first, y, mo, d, m.group(0))
    m = NEAR_RE.search(text)
    if m:
        if m.group(3):
            day = int(m.group(1)) if m.group(1) else None
            month = MONTHS[m.group(2).lower()] if m.group(2) else None
            year = int(m.group(3))
        else:
            day = None
            month = MONTHS[m.group(4).lower()] if m.group(4) else None
            year = int(m.group(5))
        return _mention(newest_first, year, month, day, m.group(0).strip())
    if FIRST_RE.search(text):
        return VersionMention(newest_first[-1].isoformat())
    if OLDER_RE.search(text) and len(newest_first) > 1:
        return VersionMention(newest_first[1].isoformat())
    if NEWEST_RE.search(text):
        return VersionMention(newest_first[0].isoformat())
    return VersionMention()


def _mention(
    dates: Sequence[dt.date], year: int, month: int | None, day: int | None, said: str
) -> VersionMention:
    found = _pick(dates, year, month, day)
    if found is None and day is not None:
        found = _pick(dates, year, month, None)  # a slightly wrong day still names the month
    return VersionMention(found) if found else VersionMention(unknown=said)
