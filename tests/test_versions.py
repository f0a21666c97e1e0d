"""Which FAQ version does a message name? One row per phrasing, with the reason."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.versions import find_version

DATES = [dt.date(2022, 9, 29), dt.date(2023, 12, 4)]


@pytest.mark.parametrize(
    "text, version, unknown, reason",
    [
        ("wat stond er in de versie van 2022 over pgb?", "2022-09-29", None, "year after 'versie'"),
        ("wat zei de versie van september 2022 over verwijzers", "2022-09-29", None, "month and year"),
        ("in de faq van 29 september 2022", "2022-09-29", None, "full date after 'faq'"),
        ("volgens de faq van december 2023", "2023-12-04", None, "newest by month"),
        ("de 2022-versie over open house", "2022-09-29", None, "year before 'versie'"),
        ("versie 2023-12-04 vraag over pgb", "2023-12-04", None, "ISO date"),
        ("document van 29-09-2022 over triage", "2022-09-29", None, "d-m-y date with 'document'"),
        ("wat zei de oude versie over pgb", "2022-09-29", None, "'oude versie' is the one before newest"),
        ("en in de eerste versie?", "2022-09-29", None, "'eerste versie' is the oldest"),
        ("wat zegt de nieuwste versie", "2023-12-04", None, "'nieuwste versie'"),
        ("wat gebeurt er als een indicatie afloopt in 2023", None, None,
         "a year in the question is no version"),
        ("mijn indicatie loopt af op 1 maart 2027", None, None, "a date is no version"),
        ("wat stond er in de versie van 2021", None, "versie van 2021",
         "no such version"),
        ("pgb", None, None, "no mention at all"),
        ("", None, None, "empty"),
    ],
)
def test_find_version(text: str, version: str | None, unknown: str | None, reason: str) -> None:
    mention = find_version(text, DATES)
    assert mention.version_id == version, reason
    assert mention.unknown == unknown, reason


def test_no_versions_known() -> None:
    assert find_version("versie 2022", []).version_id is None
