"""Import a published FAQ document as a new version in ``faq/``.

Reads plain text or a PDF, parses it, matches its questions to the previous version's
topics, and writes ``faq/versions/<date>.yml`` (new topics also go to ``faq/topics.yml``).
An uncertain match stops the import until the maintainer confirms it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from bot.faq.importer import build_version, parse_document
from bot.faq.matching import Status, answer_text, match_questions
from bot.faq.store import FaqStore, dump_version, load_version

TOPICS_HEADER = (
    "# FAQ topics: one stable id per question across versions, a button title, and the training\n"
    "# examples the NLU learns from (make data turns them into data/nlu/faq.yml). Test phrasings\n"
    "# live in tests/nlu_holdout.yml, nlu_holdout_b.yml and nlu_holdout_c.yml and must never be\n"
    "# copied here.\n"
)


@dataclass(frozen=True)
class ImportReport:
    written: bool
    text: str


def read_document(path: Path) -> str:
    """The text of a .txt file, or of a PDF through pypdf."""
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return path.read_text(encoding="utf-8")


def _new_topic_id(question: str, taken: set[str]) -> str:
    words = re.sub(r"[^a-z0-9 ]", "", question.lower()).split()
    stop = {"wat", "is", "de", "het", "een", "er", "van", "bij", "met", "en", "als", "dan", "voor"}
    base = "_".join([w for w in words if w not in stop][:4]) or "vraag"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def import_document(
    path: Path, version_id: str, faq_dir: Path, confirmed: dict[int, str] | None = None
) -> ImportReport:
    """Import ``path`` as version ``version_id``; the report says what was found and done."""
    try:
        day = dt.date.fromisoformat(version_id)
    except ValueError:
        return ImportReport(False, f"--version moet een datum zijn (JJJJ-MM-DD), niet '{version_id}'")
    parsed = parse_document(read_document(path))
    store = FaqStore.from_dir(faq_dir)
    target = faq_dir / "versions" / f"{version_id}.yml"
    existing = load_version(target) if target.exists() else None
    previous = next((v for v in store.versions if v.date < day), None)
    confirmed = dict(confirmed or {})
    if existing:  # importing again: the maintainer's earlier decisions stand
        for q in existing.questions:
            confirmed.setdefault(q.number, q.topic if q.topic else "new")
    lines = [f"Document: {path.name} ({'PDF-tekst' if parsed.shape == 'pdf' else 'tekst'}), "
             f"versie {parsed.version_label}, {len(parsed.questions)} vragen."]
    if parsed.numbering_gaps:
        lines.append("Ontbrekende vraagnummers: " + ", ".join(map(str, parsed.numbering_gaps)))
    lines += [f"Verwijderd: {r}" for r in parsed.removed]

    topics: dict[int, str] = {}
    new_numbers: list[int] = []
    if previous is None:
        new_numbers = [q.number for q in parsed.questions if confirmed.get(q.number, "new") == "new"]
        topics = {n: t for n, t in confirmed.items() if t != "new"}
    else:
        matching = match_questions(
            [(q.number, q.question, answer_text(q.answer)) for q in parsed.questions],
            previous, {n: t for n, t in confirmed.items()},
        )
        lines.append(f"Vergeleken met de versie van {previous.label}:")
        for m in matching.matches:
            where = f" (was vraag {m.previous_number}, {m.topic}, score {m.score})" if m.topic else ""
            lines.append(f"  vraag {m.number}: {m.status.value}{where}")
            chosen = confirmed.get(m.number)
            if chosen and chosen != "new":
                topics[m.number] = chosen  # confirmed, or kept from an earlier import
            elif m.status in (Status.SAME, Status.CHANGED) and m.topic:
                topics[m.number] = m.topic
            elif m.status is Status.NEW:
                new_numbers.append(m.number)
        if matching.removed:
            lines.append("Niet meer in deze versie: " + ", ".join(
                f"vraag {q.number} ({q.topic})" for q in matching.removed))
        if matching.uncertain:
            lines.append("")
            lines.append("Onzeker, bevestig dit eerst (er is niets geschreven):")
            for m in matching.uncertain:
                lines.append(f"  vraag {m.number} '{m.question}' lijkt op vraag "
                             f"{m.previous_number} ({m.topic}), score {m.score}")
                lines.append(f"    zelfde onderwerp:  --confirm {m.number}={m.topic}")
                lines.append(f"    nieuw onderwerp:   --confirm {m.number}=new")
            return ImportReport(False, "\n".join(lines))

    taken = set(store.topics)
    new_topics: list[dict[str, object]] = []
    for pq in parsed.questions:
        if pq.number in new_numbers:
            topic_id = _new_topic_id(pq.question, taken)
            taken.add(topic_id)
            topics[pq.number] = topic_id
            new_topics.append({"id": topic_id, "title": pq.question, "audience": "iedereen",
                               "examples": []})
    version = build_version(parsed, version_id, path.name, topics, existing)
    if existing is None and previous is not None:
        # Unchanged questions keep their short answer; facts start from the previous version.
        same = {m: previous.by_topic(t) for m, t in topics.items()}
        questions = tuple(
            replace(q, summary=old.summary)
            if (old := same.get(q.number)) is not None and old.answer == q.answer else q
            for q in version.questions
        )
        version = replace(version, questions=questions, facts=previous.facts,
                          short_title=previous.short_title)
    target.parent.mkdir(parents=True, exist_ok=True)
    dump_version(version, target)
    if new_topics:
        _add_topics(faq_dir / "topics.yml", new_topics)
    lines += ["", f"Geschreven: {target}"]
    if new_topics:
        lines.append("Nieuwe topics in faq/topics.yml (geef ze een titel en minstens 12 "
                     "voorbeelden): " + ", ".join(str(t["id"]) for t in new_topics))
    lines.append("Volgende stappen: vul lege 'summary'-velden, controleer 'facts', dan "
                 "`python -m bot.faq check`, `python -m bot.faq diff` en `make build`.")
    return ImportReport(True, "\n".join(lines))


def _add_topics(path: Path, new_topics: list[dict[str, object]]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {"topics": []}
    data["topics"] = list(data.get("topics") or []) + new_topics
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(TOPICS_HEADER + body, encoding="utf-8")
