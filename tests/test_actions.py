"""Each action through its real run(), with a real Tracker and CollectingDispatcher."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("rasa_sdk")

from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.events import SlotSet  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

from actions.actions import (  # noqa: E402
    ActionAnswerFaq,
    ActionShowOfficialText,
    ActionSuggestTopics,
)


def make_tracker(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    ranking: list[dict[str, Any]] | None = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
    }
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message=latest,
        events=[{"event": "user", "text": text, "parse_data": latest}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return events, dispatcher.messages


def test_answer_faq_newest_version() -> None:
    events, messages = run(ActionAnswerFaq(), make_tracker("kan ik pgb krijgen", "faq_pgb"))
    assert events == [SlotSet("faq_topic", "pgb"), SlotSet("faq_version", "2023-12-04")]
    assert len(messages) == 1
    assert messages[0]["text"].endswith("versie 4 december 2023, vraag 20.")
    assert messages[0]["buttons"][0] == {
        "title": "Lees de officiële tekst", "payload": "/show_official_text"}


def test_answer_faq_offers_the_runner_up_topic() -> None:
    ranking = [{"name": "faq_pgb", "confidence": 0.8}, {"name": "faq_producten", "confidence": 0.15}]
    _, messages = run(ActionAnswerFaq(), make_tracker("kan ik pgb krijgen", "faq_pgb", ranking=ranking))
    assert {"title": "Of bedoel je: Welke producten (zorgsoorten) gaan naar WIJ?",
            "payload": "/faq_producten"} in (
        messages[0]["buttons"])
    ranking[1]["confidence"] = 0.01
    _, messages = run(ActionAnswerFaq(), make_tracker("kan ik pgb krijgen", "faq_pgb", ranking=ranking))
    assert "/faq_producten" not in [b["payload"] for b in messages[0]["buttons"]]


def test_answer_faq_version_from_button_entity() -> None:
    tracker = make_tracker(
        '/faq_pgb{"faq_version": "2022-09-29"}', "faq_pgb",
        entities=[{"entity": "faq_version", "value": "2022-09-29"}],
    )
    events, messages = run(ActionAnswerFaq(), tracker)
    assert SlotSet("faq_version", "2022-09-29") in events
    assert messages[0]["text"].endswith("versie 29 september 2022, vraag 18.")


def test_answer_faq_version_from_text() -> None:
    tracker = make_tracker("wat zei de versie van september 2022 over de open house", "faq_open_house_einde")
    _, messages = run(ActionAnswerFaq(), tracker)
    assert messages[0]["text"].endswith("versie 29 september 2022, vraag 12.")


def test_answer_faq_without_faq_intent_gives_contact_route() -> None:
    events, messages = run(ActionAnswerFaq(), make_tracker("hallo", "greet"))
    assert events == []
    assert messages[0]["response"] == "utter_contact_route"


def test_official_text_uses_slots() -> None:
    tracker = make_tracker(
        "laat de hele tekst zien", "show_official_text",
        slots={"faq_topic": "indicatie_loopt_af", "faq_version": "2023-12-04"},
    )
    events, messages = run(ActionShowOfficialText(), tracker)
    assert events == []
    assert "bij voorkeur 3 maanden voor afloop van de indicatie" in messages[0]["text"]
    assert messages[0]["text"].endswith("versie 4 december 2023, vraag 7.")


def test_suggest_topics_from_ranking() -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "faq_pgb", "confidence": 0.3},
        {"name": "faq_lopende_indicaties", "confidence": 0.25},
        {"name": "faq_monitoring", "confidence": 0.1},
    ]
    _, messages = run(ActionSuggestTopics(), make_tracker("iets vaags", "nlu_fallback", ranking=ranking))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/faq_pgb", "/faq_lopende_indicaties", "/human_handoff"]
