"""Read a form answer from what the user typed: yes/no, a role, a product, a place, a date.

``interpret`` returns the slot value, or None when the text does not answer. It is strict
for slots that were not asked (only explicit values: a postcode, a date, a product code),
so a message can fill or correct several slots at once without guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bot.dates import parse_dutch_date
from bot.faq.store import FaqStore
from bot.routing.locations import POSTCODE_RE, LocationIndex, Outcome
from bot.routing.model import SPECIALIST, UNSURE
from bot.routing.policy import PRODUCT_CODE_RE, find_product_code
from bot.routing.render import messages

YES, NO = "ja", "nee"


def vocab() -> dict[str, Any]:
    """The answer words of ``bot/routing/messages.yml`` (read once, by render)."""
    return messages()["vocab"]  # type: ignore[no-any-return]


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w\s-]", " ", text.lower()).strip() + " "


def _has_any(text: str, phrases: list[str]) -> bool:
    padded = _words(text)
    return any(f" {p} " in padded for p in phrases)


def yes_no(text: str, intent: str | None = None) -> str | None:
    """"ja", "nee" or None (unclear: the form asks again) for an answer to a yes/no question.

    The words decide before the intent: a negated yes ("zeker niet", "klopt niet") is a no,
    and a yes and a no in one answer ("ja, nee") are unclear. Only when no answer word is
    there does the intent (affirm, deny) decide."""
    words = vocab()
    if _has_any(text, words["dont_know"]):
        return None
    padded = _words(text)
    negated = [p for p in words["negated"] if f" {p} " in padded]
    for phrase in negated:
        padded = padded.replace(f" {phrase} ", " ")
    says_yes = _has_any(padded, words["affirmative"])
    says_no = bool(negated) or _has_any(padded, words["negative"])
    if says_yes != says_no:
        return YES if says_yes else NO
    if says_yes:
        return None
    return {"affirm": YES, "deny": NO}.get(intent or "")


def role(text: str) -> str | None:
    for role_id, phrases in vocab()["roles"].items():
        if _has_any(text, phrases):
            return str(role_id)
    return None


def help_kind(text: str, store: FaqStore, requested: bool) -> str | None:
    code = PRODUCT_CODE_RE.search(text)
    if code:
        return code.group(1).upper()
    if not requested:
        return None
    if _has_any(text, vocab()["dont_know"]):
        return UNSURE
    if _has_any(text, vocab()["specialist"]) and not find_product_code(text, store):
        return SPECIALIST
    return find_product_code(text, store)


def product(text: str, store: FaqStore, requested: bool) -> str | None:
    code = PRODUCT_CODE_RE.search(text)
    if code:
        return code.group(1).upper()
    if requested and _has_any(text, vocab()["dont_know"]):
        return UNSURE
    return find_product_code(text, store) if requested else None


def location(text: str, index: LocationIndex, requested: bool) -> str | None:
    """A postcode (PC4) or the place name as the location index knows it."""
    m = POSTCODE_RE.search(text)
    if m:
        return m.group(1)
    if not requested:
        return None
    answer = index.by_place(text)
    return answer.place if answer.outcome is not Outcome.NOT_FOUND else None


def in_gemeente(text: str, intent: str | None, index: LocationIndex, requested: bool) -> str | None:
    place = location(text, index, requested=requested)
    if place is not None:
        outcome = index.resolve(place).outcome
        if outcome is Outcome.OUTSIDE:
            return NO
        if outcome is not Outcome.MOSTLY_OUTSIDE:
            return YES
    return yes_no(text, intent) if requested else None


def end_date(text: str, today: dt.date) -> str | None:
    found = parse_dutch_date(text, today)
    return found.isoformat() if found else None


def interpret(
    slot: str,
    text: str,
    intent: str | None,
    requested: bool,
    store: FaqStore,
    index: LocationIndex,
    today: dt.date,
) -> str | None:
    """The value for ``slot`` in ``text``; ``requested``: the form just asked for it."""
    text = text or ""
    if slot == "in_gemeente":
        return in_gemeente(text, intent, index, requested)
    if slot == "rol":
        return role(text)
    if slot in ("lopende_indicatie", "meer_indicaties"):
        if slot == "meer_indicaties" and _has_any(text, vocab()["more_indicaties"]):
            return YES
        return yes_no(text, intent) if requested else None
    if slot == "hulp":
        return help_kind(text, store, requested)
    if slot == "locatie":
        return location(text, index, requested)
    if slot == "einddatum":
        return end_date(text, today)
    if slot == "product":
        return product(text, store, requested)
    if slot == "aanbieder_stopt":
        return YES if _has_any(text, vocab()["provider_stops"]) else None
    raise KeyError(slot)
