"""Custom actions. Each reads the tracker, calls one function of ``bot/``, and maps the
result to messages and events; no business logic lives here."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.routing import route_bare_answer, today
from bot.answers import (
    Reply,
    answer_topic,
    changes_reply,
    official_text,
    ranking_of,
    runner_up,
    suggestions,
    topic_of_intent,
)
from bot.faq.store import default_store


def _send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
    dispatcher.utter_message(text=reply.text, buttons=buttons or None)


def _entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


class ActionAnswerFaq(Action):
    """Answers the FAQ topic that the NLU recognised, from the right version, and offers the
    runner-up topic when the NLU found it likely too."""

    def name(self) -> str:
        return "action_answer_faq"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        message = tracker.latest_message or {}
        topic = topic_of_intent((message.get("intent") or {}).get("name"))
        store = default_store()
        answer = (
            answer_topic(store, topic, message.get("text") or "", _entity(tracker, "faq_version"),
                         also=runner_up(store, ranking_of(message), topic), today=today())
            if topic
            else None
        )
        if answer is None:
            dispatcher.utter_message(response="utter_contact_route")
            return []
        _send(dispatcher, answer.reply)
        return [SlotSet("faq_topic", answer.topic), SlotSet("faq_version", answer.version_id)]


class ActionShowOfficialText(Action):
    """Shows the official question and answer of the topic answered last."""

    def name(self) -> str:
        return "action_show_official_text"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        reply = official_text(
            default_store(), tracker.get_slot("faq_topic"), tracker.get_slot("faq_version")
        )
        _send(dispatcher, reply)
        return []


class ActionSuggestTopics(Action):
    """Below the confidence threshold: the two best guesses as buttons, and the contact route."""

    def name(self) -> str:
        return "action_suggest_topics"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        message = tracker.latest_message or {}
        routed = route_bare_answer(dispatcher, message.get("text") or "")
        if routed is not None:  # "9736" or "eind maart" on its own: not an FAQ question
            return routed
        _send(dispatcher, suggestions(default_store(), ranking_of(message)))
        return []


class ActionAnswerChanges(Action):
    """What changed between FAQ versions, from the diff of the versions."""

    def name(self) -> str:
        return "action_answer_changes"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        _send(dispatcher, changes_reply(default_store(), text))
        return []
