"""Validate ``faq/``: every problem as one readable line naming the file."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from bot.faq.store import FAQ_DIR, FaqStore

MIN_EXAMPLES = 12
MAX_SUMMARY_WORDS = 60


def _line_finder(path: Path, pattern: str) -> dict[str, int]:
    """Line numbers (1-based) of ``pattern``'s first group in a YAML file, for messages."""
    if not path.exists():
        return {}
    lines: dict[str, int] = {}
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = re.match(pattern, line)
        if m:
            lines.setdefault(m.group(1), i)
    return lines


def problems(store: FaqStore, root: Path = FAQ_DIR) -> list[str]:
    """All problems found, each with file and line; none means the FAQ is fit to train on."""
    found: list[str] = []
    topic_lines = _line_finder(root / "topics.yml", r"- id: (\S+)")

    def at_topic(topic_id: str) -> str:
        return f"faq/topics.yml:{topic_lines.get(topic_id, 1)}: topic {topic_id}"

    for v in store.versions:
        question_lines = _line_finder(root / "versions" / f"{v.id}.yml", r"- number: (\d+)")
        where = f"faq/versions/{v.id}.yml"
        for n, count in Counter(q.number for q in v.questions).items():
            if count > 1:
                found.append(f"{where}: vraagnummer {n} komt {count} keer voor")
        for t, count in Counter(q.topic for q in v.questions).items():
            if count > 1:
                found.append(f"{where}: topic {t} komt {count} keer voor")
        for q in v.questions:
            at = f"{where}:{question_lines.get(str(q.number), 1)}: vraag {q.number}"
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
            found.append(f"{at_topic(topic.id)} komt in geen enkele versie voor")
        if len(topic.examples) < MIN_EXAMPLES:
            found.append(
                f"{at_topic(topic.id)} heeft {len(topic.examples)} voorbeelden "
                f"(minimaal {MIN_EXAMPLES})"
            )
        if topic.offer and topic.offer not in ("ask_naar_wij", "ask_locatie", "plan_indicatie"):
            found.append(f"{at_topic(topic.id)}: onbekende offer {topic.offer}")
        if topic.see_also and topic.see_also not in store.topics:
            found.append(f"{at_topic(topic.id)}: see_also {topic.see_also} bestaat niet")
    examples = Counter(e.strip().lower() for t in store.topics.values() for e in t.examples)
    for e, count in examples.items():
        if count > 1:
            found.append(f"faq/topics.yml: voorbeeld '{e}' staat {count} keer in de topics")
    return found
