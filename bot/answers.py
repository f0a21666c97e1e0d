"""Compose what the assistant says for an FAQ topic: short answer, offer, source.

Pure functions of the ``FaqStore``: no Rasa here. Actions turn a ``Reply`` into a message;
the staff API can use the same functions.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Sequence

from bot.dates import nl_date
from bot.faq.diff import diff_versions
from bot.faq.model import Question, Version
from bot.faq.store import FaqStore, Located
from bot.routing.locations import default_index
from bot.routing.service import prefill
from bot.texts import text
from bot.versions import find_version

FAQ_INTENT_PREFIX = "faq_"
FALLBACK_INTENT = "nlu_fallback"
# An answer also offers the runner-up FAQ topic as a button ("Of bedoel je: ...") when the NLU
# gave it at least this confidence. Chosen by cross-validation (benchmarks/tune_nlu.py prints the
# table): at 0.05, 47 of the 74 FAQ examples answered with a wrong topic above the threshold
# have the right one a tap away, and the button shows under 8.5% of the right answers (50 of
# 72 when it was chosen, before the document sentences).
RUNNER_UP_MIN = 0.05


def ranking_of(parse: dict[str, Any]) -> list[tuple[str, float]]:
    """(intent, confidence) pairs of an NLU result (a tracker's latest message or a parse), best
    first, as ``suggestions`` and ``runner_up`` take them."""
    return [(r.get("name", ""), float(r.get("confidence", 0.0)))
            for r in parse.get("intent_ranking") or []]


def topic_of_intent(intent: str | None) -> str | None:
    if intent and intent.startswith(FAQ_INTENT_PREFIX):
        return intent[len(FAQ_INTENT_PREFIX):]
    return None


def intent_of_topic(topic: str) -> str:
    return FAQ_INTENT_PREFIX + topic


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class FaqAnswer:
    """The reply for a topic, and which version and question it was taken from."""

    topic: str
    version_id: str
    number: int
    reply: Reply


def source_line(version: Version, question: Question) -> str:
    return text("source", title=version.short_title, label=version.label, number=question.number)


def _version_button(topic: str, version: Version) -> Button:
    payload = "/" + intent_of_topic(topic) + json.dumps({"faq_version": version.id})
    return Button(text("other_version_button", label=version.label), payload)


def _answerable(store: FaqStore, topic: str | None) -> bool:
    """A topic the FAQ knows and some version answers (a button for it leads somewhere)."""
    return bool(topic) and topic in store.topics and store.find(topic) is not None


def runner_up(
    store: FaqStore, ranking: Sequence[tuple[str, float]], answered: str,
    minimum: float = RUNNER_UP_MIN,
) -> str | None:
    """The FAQ topic ranked best after the ``answered`` one, if the NLU gave it at least
    ``minimum`` confidence and the FAQ has it; else None (also when the next guess is no FAQ
    topic)."""
    others = [(i, c) for i, c in ranking if i not in (FALLBACK_INTENT, intent_of_topic(answered))]
    if not others or others[0][1] < minimum:
        return None
    topic = topic_of_intent(others[0][0])
    return topic if _answerable(store, topic) else None


def offer_button(store: FaqStore, offer: str, message: str, today: dt.date | None) -> Button:
    """The button that starts the flow a topic offers. With ``today``, it carries what
    ``message`` already answers for that flow (``bot.routing.service.prefill``: an end date from
    today on, a product, a postcode), and the flow starts without asking for it again; the plan's
    button then names the end date."""
    found = prefill(offer, message, store, default_index(), today) if today is not None else {}
    title = (text("offer_plan_indicatie_date", date=nl_date(dt.date.fromisoformat(found["einddatum"])))
             if "einddatum" in found else text(f"offer_{offer}"))
    return Button(title, f"/{offer}" + (json.dumps(found) if found else ""))


def answer_topic(
    store: FaqStore, topic: str, message: str = "", version_id: str | None = None,
    also: str | None = None, today: dt.date | None = None,
) -> FaqAnswer | None:
    """The answer for ``topic``: from ``version_id`` or the version ``message`` names, else
    from the newest version that has the topic. ``also``: a topic to offer as "Of bedoel je"
    (the NLU's runner-up, see ``runner_up``). ``today``: when given, what ``message`` already
    answers for the flow the topic offers goes into its button (``offer_button``)."""
    notes: list[str] = []
    if version_id is None:
        mention = find_version(message, [v.date for v in store.versions])
        version_id = mention.version_id
        if mention.unknown:
            known = ", ".join(v.label for v in store.versions)
            notes.append(text("unknown_version", requested=mention.unknown, known=known))
    located: Located | None = store.find(topic, version_id) if version_id else None
    if version_id and located is None:
        requested = store.version(version_id)
        located = store.find(topic)
        if located and requested:
            notes.append(
                text(
                    "not_in_requested",
                    requested_label=requested.label,
                    label=located.version.label,
                )
            )
    elif located is not None and located.version != store.newest:
        notes.append(text("requested_version", label=located.version.label))
    if located is None:
        located = store.find(topic)
        if located is None:
            return None
        if located.version != store.newest:
            notes.append(
                text(
                    "only_in_older",
                    label=located.version.label,
                    newest_label=store.newest.label,
                )
            )
    version, question = located.version, located.question
    previous = store.previous(version)
    earlier = previous.by_topic(topic) if previous else None
    if previous and earlier and earlier.answer != question.answer:
        notes.append(text("changed_since", label=previous.label))
    buttons = [Button(text("official_button"), "/show_official_text")]
    see_also = _see_also(store, topic, version)
    if see_also is not None:
        notes.append(
            text("superseded_hint", label=see_also.version.label, number=see_also.question.number)
        )
        buttons.append(
            Button(
                store.topics[see_also.question.topic].title,
                "/" + intent_of_topic(see_also.question.topic),
            )
        )
    offer = store.topics[topic].offer if topic in store.topics else None
    if offer:
        buttons.append(offer_button(store, offer, message, today))
    if also and also != topic and _answerable(store, also):
        payload = "/" + intent_of_topic(also)
        if payload not in {b.payload for b in buttons}:
            buttons.append(Button(text("runner_up_button", title=store.topics[also].title), payload))
    buttons += [
        _version_button(topic, other.version)
        for other in store.versions_with(topic)
        if other.version != version
    ]
    body = "\n\n".join([question.summary, *notes, source_line(version, question)])
    return FaqAnswer(topic, version.id, question.number, Reply(body, tuple(buttons)))


def _see_also(store: FaqStore, topic: str, version: Version) -> Located | None:
    """For a topic that newer versions dropped: where the newest version covers it now."""
    t = store.topics.get(topic)
    if t is None or not t.see_also or version == store.newest:
        return None
    newer = store.find(t.see_also)
    return newer if newer and newer.version.date > version.date else None


def official_text(store: FaqStore, topic: str | None, version_id: str | None) -> Reply:
    """The official question and answer, lists kept, with its source."""
    located = store.find(topic, version_id) if topic else None
    if located is None:
        return Reply(text("no_topic_yet"))
    v, q = located.version, located.question
    parts = [text("official_heading", label=v.label, number=q.number), q.question]
    for block in q.answer:
        parts.append("\n".join(f"- {item}" for item in block.items) if block.is_list else block.text)
    parts.append(source_line(v, q))
    return Reply("\n\n".join(parts))


def suggested_topics(
    store: FaqStore, ranking: Sequence[tuple[str, float]], limit: int = 2
) -> list[str]:
    """The FAQ topics an unsure prediction offers: the best ``limit`` answerable ones of the
    ranking, best first (``suggestions`` shows them; benchmarks/eval_nlu.py counts them)."""
    topics = [topic_of_intent(intent) for intent, _confidence in ranking]
    return [t for t in topics if t and _answerable(store, t)][:limit]


def suggestions(
    store: FaqStore, ranking: Sequence[tuple[str, float]], limit: int = 2
) -> Reply:
    """For an unsure prediction: the best FAQ guesses as buttons, then the contact route."""
    buttons = [Button(store.topics[topic].title, "/" + intent_of_topic(topic))
               for topic in suggested_topics(store, ranking, limit)]
    buttons.append(Button(text("contact_button"), "/human_handoff"))
    intro = text("fallback_intro") if len(buttons) > 1 else text("fallback_none")
    return Reply(f"{intro}\n\n{text('fallback_contact')}", tuple(buttons))


def changes_reply(store: FaqStore, message: str = "") -> Reply:
    """What changed in the newest version, since the version ``message`` names or else
    since the one before it: policy facts first, then new and dropped questions."""
    new = store.newest
    named = find_version(message, [v.date for v in store.versions]).version_id
    old = store.version(named) if named and named != new.id else store.previous(new)
    if old is None:
        return Reply(text("changes_none"))
    d = diff_versions(old, new)
    products = [p for p in new.facts.products if p.code not in {q.code for q in old.facts.products}]
    facts = [line for line in d.fact_changes if not line.startswith("Product ")]
    lines = [text("changes_intro", old=old.label, new=new.label), "", text("changes_facts")]
    if products:
        codes = ", ".join(p.code for p in products)
        first = products[0]
        lines.append("- " + text("changes_products", count=len(products), codes=codes,
                                 date=nl_date(first.wij_from), number=first.question))
    lines += [f"- {line}" for line in facts]
    if d.added:
        lines += ["", text("changes_added", questions=", ".join(
            f"{store.topics[q.topic].title} (vraag {q.number})" for q in d.added
            if q.topic in store.topics))]
    if d.removed:
        lines += ["", text("changes_removed", questions=", ".join(
            f"{store.topics[q.topic].title} (vraag {q.number})" for q in d.removed
            if q.topic in store.topics))]
    if d.changed:
        lines += ["", text("changes_changed", count=len(d.changed))]
    buttons = tuple(
        Button(store.topics[q.topic].title, "/" + intent_of_topic(q.topic))
        for q in d.added[:3] if q.topic in store.topics
    )
    return Reply("\n".join(lines), buttons)
