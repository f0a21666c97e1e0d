"""Load and save the versioned FAQ in ``faq/``: one YAML file per version, plus topics.

``FaqStore`` answers the questions the rest of the bot asks of the FAQ: which versions
exist, which is newest, which version holds a topic, what a version said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.faq.model import Block, Fact, PolicyFacts, Product, Question, Referrer, Topic, Version

FAQ_DIR = Path(__file__).resolve().parents[2] / "faq"
VERSION_HEADER = (
    "# One published version of the FAQ. question/answer/section/number: the official text,\n"
    "# imported from the document (python -m bot.faq import). topic, summary and facts: ours,\n"
    "# kept when the version is imported again.\n"
)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _blocks(raw: list[Any]) -> tuple[Block, ...]:
    blocks = []
    for b in raw or []:
        if "items" in b:
            blocks.append(Block(items=tuple(str(i) for i in b["items"])))
        else:
            blocks.append(Block(text=str(b["text"])))
    return tuple(blocks)


def _facts(raw: dict[str, Any] | None) -> PolicyFacts:
    raw = raw or {}
    products = tuple(
        Product(str(p["code"]), p["name"], _date(p["wij_from"]), int(p["question"]))
        for p in raw.get("products", [])
    )
    referrers = tuple(
        Referrer(
            r["id"],
            r["name"],
            _date(r["wij_from"]),
            int(r["question"]),
            bool(r.get("approximate", False)),
        )
        for r in raw.get("referrers", [])
    )
    facts = tuple(
        Fact(
            fid,
            _date(f["value"]) if isinstance(f["value"], dt.date | str) else int(f["value"]),
            int(f["question"]),
        )
        for fid, f in (raw.get("facts") or {}).items()
    )
    return PolicyFacts(products, referrers, facts)


def version_from_dict(data: dict[str, Any]) -> Version:
    questions = tuple(
        Question(
            number=int(q["number"]),
            topic=str(q.get("topic", "")),
            section=str(q.get("section", "")),
            question=str(q["question"]),
            answer=_blocks(q.get("answer", [])),
            summary=str(q.get("summary", "") or ""),
        )
        for q in data.get("questions", [])
    )
    return Version(
        id=str(data["version"]),
        date=_date(data["version"]),
        label=str(data["label"]),
        title=str(data.get("title", "")),
        short_title=str(data.get("short_title") or data.get("title", "")),
        questions=questions,
        intro=str(data.get("intro", "") or ""),
        disclaimer=str(data.get("disclaimer", "") or ""),
        source_document=str(data.get("source_document", "") or ""),
        facts=_facts(data.get("facts")),
    )


def load_version(path: Path) -> Version:
    with path.open(encoding="utf-8") as fh:
        return version_from_dict(yaml.safe_load(fh))


def load_topics(path: Path) -> tuple[Topic, ...]:
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}
    return tuple(
        Topic(
            id=t["id"],
            title=t["title"],
            examples=tuple(t.get("examples", [])),
            audience=t.get("audience", "iedereen"),
            see_also=t.get("see_also"),
            offer=t.get("offer"),
        )
        for t in raw.get("topics", [])
    )


@dataclass(frozen=True)
class Located:
    """A question found for a topic, and the version it was taken from."""

    version: Version
    question: Question


class FaqStore:
    """All versions and topics, newest version first."""

    def __init__(self, versions: list[Version], topics: tuple[Topic, ...]) -> None:
        self.versions = tuple(sorted(versions, key=lambda v: v.date, reverse=True))
        self.topics = {t.id: t for t in topics}

    @classmethod
    def from_dir(cls, root: Path = FAQ_DIR) -> FaqStore:
        versions = [load_version(p) for p in sorted((root / "versions").glob("*.yml"))]
        return cls(versions, load_topics(root / "topics.yml"))

    @property
    def newest(self) -> Version:
        return self.versions[0]

    def version(self, version_id: str) -> Version | None:
        return next((v for v in self.versions if v.id == version_id), None)

    def previous(self, version: Version) -> Version | None:
        older = [v for v in self.versions if v.date < version.date]
        return older[0] if older else None

    def find(self, topic: str, version_id: str | None = None) -> Located | None:
        """The question for ``topic`` in ``version_id``, or in the newest version that has it."""
        candidates = [self.version(version_id)] if version_id else list(self.versions)
        for v in candidates:
            if v is None:
                continue
            q = v.by_topic(topic)
            if q is not None:
                return Located(v, q)
        return None

    def versions_with(self, topic: str) -> list[Located]:
        return [Located(v, q) for v in self.versions if (q := v.by_topic(topic)) is not None]


@lru_cache(maxsize=1)
def default_store() -> FaqStore:
    """The store read from the project's ``faq/`` folder, loaded once per process."""
    return FaqStore.from_dir()


def version_to_dict(version: Version) -> dict[str, Any]:
    """The YAML form of a version (the inverse of ``version_from_dict``)."""
    facts = version.facts
    out: dict[str, Any] = {
        "version": version.id,
        "label": version.label,
        "title": version.title,
        "short_title": version.short_title,
        "source_document": version.source_document,
        "intro": version.intro,
        "disclaimer": version.disclaimer,
        "questions": [
            {
                "number": q.number,
                "topic": q.topic,
                "section": q.section,
                "question": q.question,
                "summary": q.summary,
                "answer": [
                    {"items": list(b.items)} if b.is_list else {"text": b.text} for b in q.answer
                ],
            }
            for q in version.questions
        ],
        "facts": {
            "products": [
                {"code": p.code, "name": p.name, "wij_from": p.wij_from.isoformat(),
                 "question": p.question}
                for p in facts.products
            ],
            "referrers": [
                {"id": r.id, "name": r.name, "wij_from": r.wij_from.isoformat(),
                 "question": r.question, **({"approximate": True} if r.approximate else {})}
                for r in facts.referrers
            ],
            "facts": {
                f.id: {
                    "value": f.value.isoformat() if isinstance(f.value, dt.date) else f.value,
                    "question": f.question,
                }
                for f in facts.facts
            },
        },
    }
    return out


def dump_version(version: Version, path: Path) -> None:
    text = yaml.safe_dump(
        version_to_dict(version), allow_unicode=True, sort_keys=False, width=100
    )
    path.write_text(VERSION_HEADER + text, encoding="utf-8")
