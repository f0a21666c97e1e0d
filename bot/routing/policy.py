"""The policy in force on a date: the newest FAQ version published by then, and its facts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.faq.model import Fact, Product, Referrer, Version
from bot.faq.store import FaqStore

PRODUCT_CODE_RE = re.compile(r"\b(\d{2}[A-Z]\d{2})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """A FAQ version and question a decision rests on."""

    version_id: str
    version_label: str
    question: int


class Policy:
    """What the FAQ said on ``on``: facts from the version in force, citations by topic."""

    def __init__(self, store: FaqStore, on: dt.date) -> None:
        self.store = store
        self.on = on
        published = [v for v in store.versions if v.date <= on]
        self.version: Version = published[0] if published else store.versions[-1]

    def cite(self, topic: str) -> Source:
        """The question for ``topic`` in the version in force, else in the newest that has it."""
        found = self.store.find(topic, self.version.id) or self.store.find(topic)
        if found is None:
            raise KeyError(f"topic {topic} staat in geen enkele FAQ-versie")
        return Source(found.version.id, found.version.label, found.question.number)

    def source(self, question: int) -> Source:
        return Source(self.version.id, self.version.label, question)

    def fact(self, fact_id: str) -> tuple[Fact, Source]:
        """A fact from the version in force, else from the newest version that records it."""
        for version in [self.version, *self.store.versions]:
            found = version.facts.fact(fact_id)
            if found is not None:
                return found, Source(version.id, version.label, found.question)
        raise KeyError(f"beleidsfeit {fact_id} staat in geen enkele versie")

    def date_fact(self, fact_id: str) -> tuple[dt.date, Source]:
        found, source = self.fact(fact_id)
        assert isinstance(found.value, dt.date), fact_id
        return found.value, source

    def int_fact(self, fact_id: str) -> tuple[int, Source]:
        found, source = self.fact(fact_id)
        assert isinstance(found.value, int), fact_id
        return found.value, source

    @property
    def products(self) -> tuple[Product, ...]:
        return self.version.facts.products

    def product(self, code: str) -> Product | None:
        return next((p for p in self.products if p.code == code.upper()), None)

    def referrer(self, referrer_id: str) -> Referrer | None:
        return next((r for r in self.version.facts.referrers if r.id == referrer_id), None)

    @property
    def wij_start(self) -> tuple[dt.date, Source]:
        first = min(self.products, key=lambda p: p.wij_from)
        return first.wij_from, self.source(first.question)


def _plain(text: str) -> str:
    """Lower case without brackets or punctuation: "(echt)scheiding" -> "echtscheiding"."""
    return re.sub(r"[^\w\s]", "", text.lower())


def known_products(store: FaqStore) -> dict[str, str]:
    """Every product code named in any version, with its name (newest wording)."""
    names: dict[str, str] = {}
    for version in reversed(store.versions):
        names.update({p.code: p.name for p in version.facts.products})
    return names


def find_product_code(text: str, store: FaqStore, min_score: float = 80) -> str | None:
    """A product code from a code in ``text`` or, typo-tolerant, from a product name.

    "gezinsbegeleiding specialistisch" -> 45A56. An unknown code is returned as typed (upper
    case), so the rules can say that it is not among the products.
    """
    m = PRODUCT_CODE_RE.search(text or "")
    if m:
        return m.group(1).upper()
    lowered = {code: _plain(name) for code, name in known_products(store).items()}
    query = _plain(text or "")
    best = process.extractOne(query, lowered, scorer=fuzz.token_set_ratio, score_cutoff=min_score)
    if best is None:
        return None
    # Ties (e.g. "begeleiding" fits several) are no answer: the caller asks which one.
    ties = [c for c, n in lowered.items() if fuzz.token_set_ratio(query, n) >= best[1]]
    return str(best[2]) if len(ties) == 1 else None
