"""The routing actions through their real run(): form validation, answers, bare answers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

pytest.importorskip("rasa_sdk")

from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.events import FollowupAction, SlotSet  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

from actions.routing import (  # noqa: E402
    ActionIndicatiePlan,
    ActionLocatie,
    ActionNaarWij,
    ActionRouteInform,
    ValidateIndicatieForm,
    ValidateLocatieForm,
    ValidateNaarWijForm,
)


def tracker(text: str, intent: str = "inform", confidence: float = 0.9,
            slots: dict[str, Any] | None = None, form: str | None = None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence},
              "entities": [], "intent_ranking": [{"name": intent, "confidence": confidence}]}
    return Tracker("test", dict(slots or {}), latest, [{"event": "user", "text": text}], False,
                   None, {"name": form} if form else {}, "action_listen")


def run(action: Any, t: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, t, {})
    events = asyncio.run(result) if asyncio.iscoroutine(result) else result
    return events, dispatcher.messages


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_opening_message_with_postcode_fills_the_form() -> None:
    events, messages = run(ValidateLocatieForm(), tracker("welk wij team hoort bij 9736 AB",
                                                          "ask_locatie", form="locatie_form"))
    assert slots_of(events)["locatie"] == "9736"
    assert messages == []


def test_shared_postcode_asks_for_the_wijk() -> None:
    t = tracker("9723", slots={"requested_slot": "locatie"}, form="locatie_form")
    events, messages = run(ValidateLocatieForm(), t)
    assert "locatie" not in slots_of(events)
    assert "In welke wijk woon je?" in messages[0]["text"]


def test_place_with_a_typo_answers_the_location_question() -> None:
    t = tracker("ik woon in beyum", slots={"requested_slot": "locatie"}, form="locatie_form")
    assert slots_of(run(ValidateLocatieForm(), t)[0])["locatie"] == "Beijum"


def test_unreadable_answer_gets_a_hint_then_gives_up() -> None:
    t = tracker("blabla", slots={"requested_slot": "einddatum"}, form="indicatie_form")
    events, messages = run(ValidateIndicatieForm(), t)
    assert slots_of(events) == {"pogingen": 1}
    assert "bijvoorbeeld 1 maart 2027" in messages[0]["text"]
    t = tracker("nog steeds blabla", slots={"requested_slot": "einddatum", "pogingen": 1},
                form="indicatie_form")
    events, messages = run(ValidateIndicatieForm(), t)
    assert slots_of(events) == {"einddatum": "?", "pogingen": 0}, "no endless loop"
    assert "verder zonder dit antwoord" in messages[0]["text"]


def test_another_question_is_not_taken_as_an_answer() -> None:
    t = tracker("kan ik een pgb krijgen", "faq_pgb", 0.8,
                slots={"requested_slot": "einddatum"}, form="indicatie_form")
    assert run(ValidateIndicatieForm(), t) == ([], []), "the form rejects; rules answer"


def test_message_with_date_and_product_skips_those_questions() -> None:
    t = tracker("mijn indicatie 45A51 loopt af op 1 juni 2030", "plan_indicatie",
                form="indicatie_form")
    slots = slots_of(run(ValidateIndicatieForm(), t)[0])
    assert slots["einddatum"] == "2030-06-01" and slots["product"] == "45A51"


def test_a_later_message_corrects_an_earlier_answer() -> None:
    t = tracker("oh wacht, het is eind april 2030",
                slots={"requested_slot": "meer_indicaties", "einddatum": "2030-06-01"},
                form="indicatie_form")
    assert slots_of(run(ValidateIndicatieForm(), t)[0])["einddatum"] == "2030-04-30"


def test_new_request_forgets_the_previous_round() -> None:
    t = tracker("maak een plan voor mijn indicatie", "plan_indicatie",
                slots={"einddatum": "2030-06-01", "product": "45A51"}, form="indicatie_form")
    slots = slots_of(run(ValidateIndicatieForm(), t)[0])
    assert slots["einddatum"] is None and slots["product"] is None


def test_not_living_here_ends_the_questions() -> None:
    t = tracker("nee", "deny", slots={"requested_slot": "in_gemeente"}, form="naar_wij_form")
    slots = slots_of(run(ValidateNaarWijForm(), t)[0])
    assert slots["in_gemeente"] == "nee" and slots["requested_slot"] is None


def test_role_and_running_indicatie_skip_the_kind_of_help() -> None:
    t = tracker("ja", "affirm", slots={"requested_slot": "lopende_indicatie",
                                       "in_gemeente": "ja", "rol": "inwoner"},
                form="naar_wij_form")
    slots = slots_of(run(ValidateNaarWijForm(), t)[0])
    assert slots["lopende_indicatie"] == "ja" and slots["requested_slot"] is None


def test_naar_wij_answer_and_reset() -> None:
    t = tracker("45A56", slots={"in_gemeente": "ja", "rol": "huisarts",
                                "lopende_indicatie": "nee", "hulp": "45A56"})
    events, messages = run(ActionNaarWij(), t)
    assert messages[0]["text"].startswith("Verwijs naar WIJ Groningen.")
    assert "(versie 4 december 2023, vraag 8)" in messages[0]["text"]
    assert slots_of(events)["hulp"] is None


def test_location_answer() -> None:
    _, messages = run(ActionLocatie(), tracker("9741", slots={"locatie": "9741"}))
    assert messages[0]["text"].startswith("Postcode 9741 hoort bij WIJ Selwerd.")


def test_indicatie_plan_answer() -> None:
    t = tracker("nee", slots={"einddatum": "2030-06-01", "product": "45A56",
                              "meer_indicaties": "nee"})
    _, messages = run(ActionIndicatiePlan(), t)
    text = messages[0]["text"]
    assert text.startswith("Je indicatie loopt af op 1 juni 2030. Meld je bij voorkeur vóór 1 maart 2030")
    assert "1 april 2030: uiterlijk deze datum" in text


def test_bare_answers_outside_a_form() -> None:
    events, messages = run(ActionRouteInform(), tracker("nee, het is 9736"))
    assert messages[0]["text"].startswith("Postcode 9736 hoort bij WIJ Beijum.")
    assert slots_of(events) == {"locatie": "9736"}
    events, _ = run(ActionRouteInform(), tracker("nee eind april 2030"))
    assert FollowupAction("indicatie_form") in events
    assert SlotSet("einddatum", "2030-04-30") in events
    _, messages = run(ActionRouteInform(), tracker("tja"))
    assert messages[0]["response"] == "utter_which_flow"
