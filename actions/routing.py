"""Form validation and answer actions for the routing questions. Thin: the reading of
answers is ``bot.routing.interpret``, the rules and wording are ``bot.routing.service``."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.faq.store import default_store
from bot.routing import service
from bot.routing.interpret import interpret
from bot.routing.locations import default_index
from bot.routing.render import hint

ATTEMPTS_SLOT = "pogingen"
MAX_ATTEMPTS = 2
# A message with one of these intents, confidently, is another question, not an answer.
OTHER_QUESTION_PREFIXES = ("faq_", "ask_", "plan_")
OTHER_QUESTIONS = {
    "greet", "thank", "goodbye", "bot_capabilities", "bot_challenge", "human_handoff",
    "out_of_scope", "other_language", "stop", "show_official_text", "personal_data",
    "input_empty", "input_too_long",
}
CONFIDENT = 0.5


def today() -> dt.date:
    return dt.date.today()


def _is_other_question(tracker: Tracker) -> bool:
    intent = (tracker.latest_message or {}).get("intent") or {}
    name, confidence = intent.get("name") or "", float(intent.get("confidence") or 0)
    asks = name in OTHER_QUESTIONS or name.startswith(OTHER_QUESTION_PREFIXES)
    return asks and confidence >= CONFIDENT


class _RoutingFormValidation(FormValidationAction):
    """Reads every form slot from each message; re-asks with a hint, at most twice."""

    form = ""

    def name(self) -> str:
        return f"validate_{self.form}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """Slot events for the form; none at all means "not an answer": the form then
        lets the rules handle the message (another question, stop, small talk)."""
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name")
        requested = tracker.get_slot("requested_slot")
        events: List[EventType] = []
        for slot in service.extracted_slots(self.form):
            # On the opening message a place name may already answer "where do you live".
            asked = slot == requested or (requested is None and slot == "locatie")
            value = interpret(slot, text, intent, asked, default_store(), default_index(),
                              today())
            if value is not None:
                events.append(SlotSet(slot, value))
        followup = None
        if self.form == "locatie_form" and (value := next(
                (e["value"] for e in events if e["name"] == "locatie"), None)):
            followup = service.location_followup(str(value), default_index())
            if followup:  # a shared postcode: ask the wijk instead of taking it
                events = [e for e in events if e["name"] != "locatie"]
        filled = {e["name"] for e in events}
        if requested is None and intent == service.FORMS[self.form].opens_with:
            # A new request starts afresh: forget answers from an earlier round.
            events += [SlotSet(s, None) for s in service.extracted_slots(self.form)
                       if s not in filled and tracker.get_slot(s) is not None]
        if followup:
            dispatcher.utter_message(text=followup)
            events.append(SlotSet(ATTEMPTS_SLOT, tracker.get_slot(ATTEMPTS_SLOT) or 0))
        elif requested and requested not in filled and not _is_other_question(tracker):
            attempts = int(tracker.get_slot(ATTEMPTS_SLOT) or 0) + 1
            if attempts >= MAX_ATTEMPTS:
                dispatcher.utter_message(text=hint("gave_up"))
                events += [SlotSet(requested, service.GAVE_UP), SlotSet(ATTEMPTS_SLOT, 0)]
            else:
                dispatcher.utter_message(text=hint(requested))
                events.append(SlotSet(ATTEMPTS_SLOT, attempts))
        elif requested in filled:
            events.append(SlotSet(ATTEMPTS_SLOT, 0))
        if events and self.form == "naar_wij_form":
            # Fewer questions for some answers ("nee" to living here): name the next one.
            slots = {**tracker.slots, **{e["name"]: e["value"] for e in events}}
            missing = [s for s in service.required_slots(self.form, slots) if not slots.get(s)]
            events.append(SlotSet("requested_slot", missing[0] if missing else None))
        return events


class ValidateNaarWijForm(_RoutingFormValidation):
    form = "naar_wij_form"


class ValidateLocatieForm(_RoutingFormValidation):
    form = "locatie_form"


class ValidateIndicatieForm(_RoutingFormValidation):
    form = "indicatie_form"


def _reset(form: str) -> List[EventType]:
    return [SlotSet(s, None) for s in service.FORMS[form].slots] + [SlotSet(ATTEMPTS_SLOT, 0)]


class ActionNaarWij(Action):
    def name(self) -> str:
        return "action_naar_wij"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        dispatcher.utter_message(text=service.naar_wij_answer(dict(tracker.slots),
                                                              default_store(), today()))
        return _reset("naar_wij_form")


class ActionLocatie(Action):
    """Answers the location; keeps the slot so that "nee, het is 9736" can correct it."""

    def name(self) -> str:
        return "action_locatie"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        dispatcher.utter_message(
            text=service.locatie_answer(tracker.get_slot("locatie"), default_index()))
        return [SlotSet(ATTEMPTS_SLOT, 0)]


class ActionIndicatiePlan(Action):
    def name(self) -> str:
        return "action_indicatie_plan"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        answer = service.indicatie_answer(dict(tracker.slots), default_store(), today())
        if answer is None:
            dispatcher.utter_message(response="utter_contact_route")
        else:
            dispatcher.utter_message(text=answer)
        return [SlotSet(ATTEMPTS_SLOT, 0)]


def route_bare_answer(dispatcher: CollectingDispatcher, text: str) -> List[EventType] | None:
    """A message that is only a postcode, place, date or product ("9736", "nee, eind april"):
    answer the question it belongs to, keeping what was said before. None: it is not one."""
    found = {
        slot: interpret(slot, text, None, slot == "locatie", default_store(), default_index(),
                        today())
        for slot in ("locatie", "einddatum", "product")
    }
    if found["einddatum"] or found["product"]:
        return [SlotSet(s, v) for s, v in found.items() if v and s != "locatie"] + [
            FollowupAction("indicatie_form")]
    if found["locatie"]:
        dispatcher.utter_message(text=service.locatie_answer(found["locatie"], default_index()))
        return [SlotSet("locatie", found["locatie"])]
    return None


class ActionRouteInform(Action):
    """A bare answer outside a form: route it, or ask what the question is about."""

    def name(self) -> str:
        return "action_route_inform"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        events = route_bare_answer(dispatcher, (tracker.latest_message or {}).get("text") or "")
        if events is None:
            dispatcher.utter_message(response="utter_which_flow")
            return []
        return events


class ActionStopForm(Action):
    """Leaves the questions: the user said stop or asked for a person."""

    def name(self) -> str:
        return "action_stop_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        dispatcher.utter_message(text=hint("stopped"))
        events: List[EventType] = [SlotSet("requested_slot", None)]
        for form in service.FORMS:
            events += _reset(form)
        return events
