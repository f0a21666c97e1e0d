"""The three routing questions as the conversation asks them: from form slot values
(strings) to a rendered Dutch answer. Actions call these; tests call them directly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.faq.store import FaqStore
from bot.routing.indicatie import IndicatieSituation, plan
from bot.routing.interpret import YES, interpret
from bot.routing.locations import LocationIndex, Outcome
from bot.routing.model import UNSURE, Role
from bot.routing.naar_wij import NaarWijSituation, decide
from bot.routing.policy import Policy
from bot.routing.render import location_text, render_decision, render_location


@dataclass(frozen=True)
class Form:
    """A routing form: the intent that opens it, the action that answers, its questions."""

    opens_with: str
    answer: str
    slots: tuple[str, ...]


# The one list of routing forms: actions, generated rules (make data) and tests read it.
FORMS = {
    "naar_wij_form": Form("ask_naar_wij", "action_naar_wij",
                          ("in_gemeente", "rol", "lopende_indicatie", "hulp")),
    "locatie_form": Form("ask_locatie", "action_locatie", ("locatie",)),
    "indicatie_form": Form("plan_indicatie", "action_indicatie_plan",
                           ("einddatum", "product", "meer_indicaties")),
}
GAVE_UP = "?"  # a question the user could not answer: the rule goes on without it


def extracted_slots(form: str) -> list[str]:
    """Every slot a message may fill while ``form`` runs (asked or not)."""
    return [*FORMS[form].slots, *(["aanbieder_stopt"] if form == "indicatie_form" else [])]


# What a question answered from the FAQ can already tell the flow its answer offers: concrete
# values (an end date, a product, a postcode), read as the form reads its opening message. Not
# the role or the kind of help: a question about the FAQ names those in passing, and the form
# asks for them itself.
PREFILL_SLOTS = ("einddatum", "product", "locatie")


def prefill(intent: str, text: str, store: FaqStore, index: LocationIndex,
            today: dt.date) -> dict[str, str]:
    """The slots of the form that ``intent`` opens which ``text`` already answers (only
    ``PREFILL_SLOTS``). An end date before ``today`` is left out: FAQ questions name the
    versions' and the transition's dates ("volgens de versie van december 2023", "na 1 januari
    2023"), never an end date to plan."""
    form = next((f for f in FORMS.values() if f.opens_with == intent), None)
    found: dict[str, str] = {}
    for slot in [s for s in form.slots if s in PREFILL_SLOTS] if form else []:
        value = interpret(slot, text, None, False, store, index, today)
        if value and not (slot == "einddatum" and value < today.isoformat()):
            found[slot] = value
    return found


def required_slots(form: str, slots: dict[str, str | None]) -> list[str]:
    """The questions a form asks, given the answers so far: none after "not in the
    municipality", no kind of help while an indicatie is running."""
    if form != "naar_wij_form":
        return list(FORMS[form].slots)
    if slots.get("in_gemeente") == "nee":
        return ["in_gemeente"]
    if slots.get("lopende_indicatie") == YES:
        return ["in_gemeente", "rol", "lopende_indicatie"]
    return list(FORMS[form].slots)


def naar_wij_answer(slots: dict[str, str | None], store: FaqStore, today: dt.date) -> str:
    role = Role(slots.get("rol")) if slots.get("rol") in {r.value for r in Role} else Role.RESIDENT
    help_ = slots.get("hulp") or UNSURE
    situation = NaarWijSituation(
        lives_in_gemeente=slots.get("in_gemeente") != "nee",
        role=role,
        help=UNSURE if help_ == GAVE_UP else help_,
        indicatie_running=slots.get("lopende_indicatie") == YES,
    )
    return render_decision(decide(situation, Policy(store, today)))


def locatie_answer(value: str | None, index: LocationIndex) -> str:
    if value in (None, GAVE_UP):
        return location_text("not_resolved")
    return render_location(index.resolve(str(value)))


def location_followup(value: str, index: LocationIndex) -> str | None:
    """For a postcode shared by teams: the question that narrows it down, else None."""
    answer = index.resolve(value)
    return render_location(answer) if answer.outcome is Outcome.SPLIT else None


def indicatie_answer(slots: dict[str, str | None], store: FaqStore, today: dt.date) -> str | None:
    """The dated plan, or None without a usable end date."""
    raw = slots.get("einddatum")
    if not raw or raw == GAVE_UP:
        return None
    product = slots.get("product")
    situation = IndicatieSituation(
        end_date=dt.date.fromisoformat(raw),
        product=None if product in (None, UNSURE, GAVE_UP) else product,
        other_indicaties=slots.get("meer_indicaties") == YES,
        provider_stopping=slots.get("aanbieder_stopt") == YES,
    )
    return render_decision(plan(situation, Policy(store, today)))
