"""Validate ``faq/``: every problem as one readable line naming the file."""

from __future__ import annotations

from collections import Counter

from bot.faq.store import FaqStore

MIN_EXAMPLES = 12
MAX_SUMMARY_WORDS = 60


def problems(store: FaqStore) -> list[str]:
    """All problems found; an empty list means the FAQ is fit to train on."""
    found: list[str] = []
    for v in store.versions:
        where = f"faq/versions/{v.id}.yml"
        for n, count in Counter(q.number for q in v.questions).items():
            if count > 1:
                found.append(f"{where}: vraagnummer {n} komt {count} keer voor")
        for t, count in Counter(q.topic for q in v.questions).items():
            if count > 1:
                found.append(f"{where}: topic {t} komt {count} keer voor")
        for q in v.questions:
            at = f"{where}: vraag {q.number}"
            if not q.topic:
                found.append(f"{at}: geen topic")
            elif q.topic not in store.topics:
                found.append(f"{at}: topic {q.topic} staat niet in faq/topics.yml")
            if not q.answer or not any(b.text or b.items for b in q.answer):
                found.append(f"{at}: leeg antwoord")
            if not q.summary.strip():
                found.append(f"{at}: geen korte samenvatting (summary)")
            elif len(q.summary.split()) > MAX_SUMMARY_WORDS:
                found.append(f"{at}: samenvatting heeft meer dan {MAX_SUMMARY_WORDS} woorden")
        numbers = {q.number for q in v.questions}
        for n in sorted(v.facts.questions() - numbers):
            found.append(f"{where}: een beleidsfeit verwijst naar vraag {n}, die niet bestaat")
    used = {q.topic for v in store.versions for q in v.questions}
    for topic in store.topics.values():
        if topic.id not in used:
            found.append(f"faq/topics.yml: topic {topic.id} komt in geen enkele versie voor")
        if len(topic.examples) < MIN_EXAMPLES:
            found.append(
                f"faq/topics.yml: topic {topic.id} heeft {len(topic.examples)} voorbeelden "
                f"(minimaal {MIN_EXAMPLES})"
            )
        if topic.offer and topic.offer not in ("ask_naar_wij", "ask_locatie", "plan_indicatie"):
            found.append(f"faq/topics.yml: topic {topic.id}: onbekende offer {topic.offer}")
        if topic.see_also and topic.see_also not in store.topics:
            found.append(
                f"faq/topics.yml: topic {topic.id}: see_also {topic.see_also} bestaat niet"
            )
    examples = Counter(e.strip().lower() for t in store.topics.values() for e in t.examples)
    for e, count in examples.items():
        if count > 1:
            found.append(f"faq/topics.yml: voorbeeld '{e}' staat {count} keer in de topics")
    return found
