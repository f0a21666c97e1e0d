"""Table tests of the routing rules: one row per case, with the expected outcome and why."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.dates import add_months, parse_dutch_date
from bot.faq.store import FaqStore
from bot.routing.indicatie import IndicatieSituation, plan
from bot.routing.locations import LocationIndex, Outcome, default_index
from bot.routing.model import SPECIALIST, UNSURE, Role
from bot.routing.naar_wij import NaarWijSituation, decide
from bot.routing.policy import Policy, find_product_code
from bot.routing.render import nl_date, render_decision, render_location

D = dt.date
FIRST_FOUR = ["45A51", "45A04", "45A56", "45A53"]
NEXT_SEVEN = ["50G41", "45A54", "51G01", "50G26", "45A49", "45G05", "45G06"]


@pytest.fixture(scope="module")
def index() -> LocationIndex:
    return default_index()


# ---------------------------------------------------------------- rule 1: naar WIJ?

NAAR_WIJ = [
    # on, lives in gemeente, role, help, indicatie running, outcome, reason
    *[(D(2023, 1, 1), True, Role.RESIDENT, c, False, "go_to_wij", "first four from 1-1-2023")
      for c in FIRST_FOUR],
    *[(D(2022, 12, 31), True, Role.RESIDENT, c, False, "before_start", "day before WIJ starts")
      for c in FIRST_FOUR[:2]],
    *[(D(2024, 1, 1), True, Role.RESIDENT, c, False, "go_to_wij", "seven more from 1-1-2024")
      for c in NEXT_SEVEN],
    *[(D(2023, 12, 31), True, Role.RESIDENT, c, False, "product_not_yet",
       "2023 version in force, product starts the next day") for c in NEXT_SEVEN],
    (D(2023, 6, 1), True, Role.RESIDENT, "45A54", False, "not_a_basis_product",
     "the 2022 version in force then lists only four products"),
    (D(2026, 11, 22), True, Role.RESIDENT, "12A34", False, "not_a_basis_product", "unknown code"),
    (D(2026, 11, 22), False, Role.RESIDENT, "45A51", False, "not_our_municipality", "lives elsewhere"),
    (D(2026, 11, 22), False, Role.HUISARTS, UNSURE, False, "not_our_municipality", "referrer, elsewhere"),
    (D(2026, 11, 22), True, Role.RESIDENT, "45A51", True, "indicatie_continues", "running indicatie"),
    (D(2026, 11, 22), True, Role.PROVIDER, UNSURE, True, "indicatie_continues", "provider, running"),
    (D(2026, 11, 22), True, Role.RESIDENT, SPECIALIST, False, "triage_then_referral", "specialist care"),
    (D(2026, 11, 22), True, Role.RESIDENT, UNSURE, False, "go_to_wij_triage", "unsure what help"),
    (D(2026, 11, 22), True, Role.PROVIDER, "45A53", False, "go_to_wij", "provider asks for a client"),
    (D(2023, 1, 1), True, Role.HUISARTS, UNSURE, False, "go_to_wij_triage", "huisarts from the start"),
    *[(D(2023, 12, 31), True, r, UNSURE, False, "referrer_not_yet", "2023 version: from 1-1-2024")
      for r in (Role.GI, Role.MEDISCH_SPECIALIST, Role.JEUGDARTS_GGD, Role.RECHTBANK)],
    *[(D(2024, 1, 1), True, r, UNSURE, False, "go_to_wij_triage", "2023 version: from 1-1-2024")
      for r in (Role.GI, Role.MEDISCH_SPECIALIST, Role.JEUGDARTS_GGD, Role.RECHTBANK)],
    (D(2023, 6, 30), True, Role.JEUGDARTS_GGD, UNSURE, False, "referrer_not_yet", "2022: Q3 2023"),
    (D(2023, 7, 1), True, Role.JEUGDARTS_GGD, UNSURE, False, "go_to_wij_triage", "2022: Q3 2023"),
    (D(2023, 6, 1), True, Role.RECHTBANK, UNSURE, False, "referrer_unknown", "2022 names no rechtbank"),
    (D(2023, 6, 1), True, Role.MEDISCH_SPECIALIST, UNSURE, False, "referrer_not_yet",
     "2022 planned Q4 2024"),
]


@pytest.mark.parametrize("on, lives, role, help_, running, outcome, reason", NAAR_WIJ)
def test_naar_wij(store: FaqStore, on: dt.date, lives: bool, role: Role, help_: str,
                  running: bool, outcome: str, reason: str) -> None:
    decision = decide(NaarWijSituation(lives, role, help_, running), Policy(store, on))
    assert decision.outcome == outcome, reason
    assert decision.sources, "every decision rests on a FAQ question"


def test_naar_wij_cites_version_in_force(store: FaqStore) -> None:
    old = decide(NaarWijSituation(True, Role.MEDISCH_SPECIALIST), Policy(store, D(2023, 6, 1)))
    assert [(s.version_id, s.question) for s in old.sources] == [("2022-09-29", 11)]
    text = render_decision(old)
    assert "1 oktober 2024" in text and "volgens de planning" in text


def test_go_to_wij_mentions_open_house_until_it_closes(store: FaqStore) -> None:
    before = render_decision(decide(NaarWijSituation(True, help="45A51"), Policy(store, D(2025, 6, 30))))
    after = render_decision(decide(NaarWijSituation(True, help="45A51"), Policy(store, D(2025, 7, 1))))
    assert "Open House" in before and "1 juli 2025" in before
    assert "Open House" not in after


# ---------------------------------------------------------------- rule 3: indicatie loopt af

TODAY = D(2026, 11, 22)
INDICATIE = [
    # today, end, product, outcome, report_by, reason
    (TODAY, D(2027, 6, 1), "45A51", "on_time", D(2027, 3, 1), "months ahead"),
    (TODAY, D(2027, 2, 22), "45A51", "on_time", D(2026, 11, 22), "exactly 3 months: still on time"),
    (TODAY, D(2027, 2, 21), "45A51", "late", D(2026, 11, 21), "one day less than 3 months"),
    (TODAY, TODAY, None, "late", D(2026, 8, 22), "ends today"),
    (TODAY, D(2026, 11, 21), None, "past_end", D(2026, 8, 21), "ended yesterday"),
    (TODAY, D(2027, 5, 31), "45A56", "on_time", D(2027, 2, 28), "31 May - 3 months = 28 Feb"),
    (TODAY, D(2028, 5, 31), "45A56", "on_time", D(2028, 2, 29), "leap year"),
    (TODAY, D(2027, 3, 31), "12A34", "on_time", D(2026, 12, 31), "product not among the 11"),
]


@pytest.mark.parametrize("today, end, product, outcome, report_by, reason", INDICATIE)
def test_indicatie_plan(store: FaqStore, today: dt.date, end: dt.date, product: str | None,
                        outcome: str, report_by: dt.date, reason: str) -> None:
    decision = plan(IndicatieSituation(end, product), Policy(store, today))
    assert decision.outcome == outcome, reason
    assert decision.values["report_by"] == report_by, reason
    keys = [s.key for s in decision.steps]
    assert "triage" in keys and "clientondersteuner" in keys
    assert any(r.key == "pgb_after_end" for r in decision.reasons), "the PGB question is answered"


def test_end_evaluation_dates(store: FaqStore) -> None:
    decision = plan(IndicatieSituation(D(2027, 6, 1)), Policy(store, TODAY))
    evaluation = next(s for s in decision.steps if s.key == "end_evaluation")
    assert evaluation.date == D(2027, 4, 1), "at least 2 months before the end"
    assert evaluation.values["preferred"] == D(2027, 3, 1), "preferably 3 months before"


def test_evaluation_overdue_when_less_than_two_months(store: FaqStore) -> None:
    decision = plan(IndicatieSituation(D(2027, 1, 1)), Policy(store, TODAY))
    assert "end_evaluation_overdue" in [s.key for s in decision.steps]


@pytest.mark.parametrize(
    "today, end, product, reason_key, why",
    [
        (D(2023, 12, 10), D(2023, 12, 31), "45A54", "product_not_at_wij_by_end",
         "45A54 moves on 1-1-2024, after this end date"),
        (D(2023, 12, 10), D(2024, 1, 31), "45A54", "product_at_wij", "at WIJ by the end date"),
        (TODAY, D(2027, 3, 31), "12A34", "product_not_listed", "not one of the 11"),
        (TODAY, D(2027, 3, 31), "45A51", "product_at_wij", "one of the first four"),
    ],
)
def test_indicatie_product(store: FaqStore, today: dt.date, end: dt.date, product: str,
                           reason_key: str, why: str) -> None:
    decision = plan(IndicatieSituation(end, product), Policy(store, today))
    assert reason_key in [r.key for r in decision.reasons], why


def test_other_indicaties_and_provider_stopping(store: FaqStore) -> None:
    more = plan(IndicatieSituation(D(2027, 6, 1), other_indicaties=True), Policy(store, TODAY))
    assert "other_indicaties_continue" in [r.key for r in more.reasons]
    assert any(s.question == 10 for s in more.sources)
    stopping = plan(IndicatieSituation(D(2027, 6, 1), provider_stopping=True), Policy(store, TODAY))
    assert stopping.outcome == "provider_stopping"
    assert any(s.question == 11 for s in stopping.sources)


def test_indicatie_render_has_dates_and_sources(store: FaqStore) -> None:
    text = render_decision(plan(IndicatieSituation(D(2027, 6, 1), "45A56"), Policy(store, TODAY)))
    assert text.startswith("Je indicatie loopt af op 1 juni 2027. Meld je bij voorkeur vóór 1 maart 2027")
    assert "1 april 2027: uiterlijk deze datum" in text
    assert "(versie 4 december 2023, vragen 7 en 12)" in text


# ---------------------------------------------------------------- rule 2: welke locatie?

LOCATIONS = [
    # text, outcome, team name or None, reason
    ("9736", Outcome.TEAM, "WIJ Beijum", "PC4 99% in one team"),
    ("9736 AB", Outcome.TEAM, "WIJ Beijum", "full postcode with a space"),
    ("9736ab", Outcome.TEAM, "WIJ Beijum", "full postcode, lower case, no space"),
    ("mijn postcode is 9741 KX", Outcome.TEAM, "WIJ Selwerd", "postcode in a sentence"),
    ("9726", Outcome.TEAM, "WIJ Rivierenbuurt", "96% is above the 95% threshold"),
    ("9713", Outcome.SPLIT, None, "89%: ask the wijk"),
    ("9723", Outcome.SPLIT, None, "split and partly unknown"),
    ("9727", Outcome.SPLIT, None, "Rivierenbuurt / Hoogkerk"),
    ("9731", Outcome.SPLIT, None, "Lewenborg / Beijum"),
    ("9745", Outcome.SPLIT, None, "Hoogkerk / Vinkhuizen"),
    ("9746", Outcome.SPLIT, None, "Vinkhuizen / Hoogkerk"),
    ("9752", Outcome.SPLIT, None, "Haren / Helpman"),
    ("9751", Outcome.TEAM, "WIJ Haren", "village PC4 of Haren"),
    ("9479", Outcome.TEAM, "WIJ Haren", "Noordlaren"),
    ("9792", Outcome.TEAM, "WIJ Ten Boer", "Ten Post"),
    ("9793", Outcome.UNKNOWN, None, "shared with Garrelsweer"),
    ("9613", Outcome.UNKNOWN, None, "Meerstad: team not confirmed"),
    ("9785", Outcome.MOSTLY_OUTSIDE, None, "Zuidwolde, mostly outside"),
    ("1012 AB", Outcome.OUTSIDE, None, "Amsterdam"),
    ("9401", Outcome.OUTSIDE, None, "Assen"),
    ("ik woon in beyum", Outcome.TEAM, "WIJ Beijum", "typo in a wijk"),
    ("Vinkhuzen", Outcome.TEAM, "WIJ Vinkhuizen", "typo"),
    ("selwert", Outcome.TEAM, "WIJ Selwerd", "typo"),
    ("lewenburg", Outcome.TEAM, "WIJ Lewenborg", "typo"),
    ("ten bor", Outcome.TEAM, "WIJ Ten Boer", "village with a typo"),
    ("Glimmen", Outcome.TEAM, "WIJ Haren", "village of Haren"),
    ("ik woon in de indische buurt", Outcome.TEAM, "WIJ Korrewegwijk", "two-word buurt"),
    ("De Wijert-Zuid", Outcome.TEAM, "WIJ Helpman/De Wijert", "hyphenated"),
    ("Paddepoel", Outcome.TEAM, "WIJ Selwerd", "wijk"),
    ("binnenstad", Outcome.TEAM, "WIJ Schilderswijk/Centrum", "centre"),
    ("meerstad", Outcome.UNKNOWN, None, "no source names its team"),
    ("Europapark", Outcome.UNKNOWN, None, "no source names its team"),
    ("kunnen jullie helpen", Outcome.NOT_FOUND, None, "'helpen' is no typo of Helpman"),
    ("Kerklaan 5", Outcome.NOT_FOUND, None, "streets are not known"),
    ("", Outcome.NOT_FOUND, None, "empty"),
]


@pytest.mark.parametrize("text, outcome, team, reason", LOCATIONS)
def test_location(index: LocationIndex, text: str, outcome: Outcome, team: str | None,
                  reason: str) -> None:
    answer = index.resolve(text)
    assert answer.outcome is outcome, reason
    assert (answer.team.name if answer.team else None) == team, reason


def test_location_texts_never_state_a_guess_as_fact(index: LocationIndex) -> None:
    team = render_location(index.resolve("9736"))
    assert "niet door WIJ Groningen bevestigd" in team
    assert "website van WIJ Groningen" in team, "addresses are unknown: point to the website"
    split = render_location(index.resolve("9745"))
    assert "WIJ Hoogkerk" in split and "WIJ Vinkhuizen" in split and "wijk of straat" in split
    assert "niet in de gemeente Groningen" in render_location(index.resolve("1012"))
    assert "website van WIJ Groningen" in render_location(index.resolve("meerstad"))


# ---------------------------------------------------------------- dates and products

@pytest.mark.parametrize(
    "text, expected, reason",
    [
        ("1 maart 2027", D(2027, 3, 1), "day month year"),
        ("31-03-2027", D(2027, 3, 31), "numeric"),
        ("31/03/2027", D(2027, 3, 31), "slashes"),
        ("1-3-27", D(2027, 3, 1), "two-digit year"),
        ("2027-05-01", D(2027, 5, 1), "ISO"),
        ("eind maart", D(2027, 3, 31), "end of the next March"),
        ("begin juni", D(2027, 6, 1), "start of the next June"),
        ("half december", D(2026, 12, 15), "middle of this December"),
        ("eind november", D(2026, 11, 30), "this month, not yet past"),
        ("15 januari", D(2027, 1, 15), "no year: the next one"),
        ("22 november", D(2026, 11, 22), "no year: today counts"),
        ("21 november", D(2027, 11, 21), "no year: yesterday means next year"),
        ("maart 2027", D(2027, 3, 31), "month and year: its last day"),
        ("mijn indicatie 45A51 loopt af op 1 juni 2027", D(2027, 6, 1), "in a sentence"),
        ("31 februari 2027", None, "no such day"),
        ("31-02-2027", None, "no such day, numeric"),
        ("geen datum", None, "nothing"),
    ],
)
def test_parse_dutch_date(text: str, expected: dt.date | None, reason: str) -> None:
    assert parse_dutch_date(text, TODAY) == expected, reason


def test_add_months_and_nl_date() -> None:
    assert add_months(D(2027, 3, 31), -1) == D(2027, 2, 28)
    assert add_months(D(2027, 1, 15), -3) == D(2026, 10, 15)
    assert nl_date(D(2027, 3, 1)) == "1 maart 2027"
    assert nl_date(D(2027, 5, 9)) == "9 mei 2027"


@pytest.mark.parametrize(
    "text, code, reason",
    [
        ("45a51", "45A51", "code, lower case"),
        ("mijn indicatie 45A56 loopt af", "45A56", "code in a sentence"),
        ("gezinsbegeleiding specialistisch", "45A56", "name"),
        ("gezinsbegeleiding specialistsch", "45A56", "name with a typo"),
        ("individuele begeleiding basis", "45A04", "name"),
        ("groepsbegeleiding basis", "45A49", "one of the seven"),
        ("complexe echtscheiding", "50G41", "part of a name"),
        ("99Z99", "99Z99", "unknown code is kept, to say it is not listed"),
        ("begeleiding", None, "fits several: ask which"),
        ("iets heel anders", None, "no product"),
    ],
)
def test_find_product_code(store: FaqStore, text: str, code: str | None, reason: str) -> None:
    assert find_product_code(text, store) == code, reason
