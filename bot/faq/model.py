"""Typed model of one published FAQ version and the policy facts recorded beside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """One block of an official answer: a paragraph (``text``) or a bulleted list (``items``)."""

    text: str = ""
    items: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return bool(self.items)


@dataclass(frozen=True)
class Question:
    """A numbered question of one version, with the official answer and our short B1 answer."""

    number: int
    topic: str
    section: str
    question: str
    answer: tuple[Block, ...]
    summary: str = ""


@dataclass(frozen=True)
class Product:
    """A youth care product (code from the national product list) moving to WIJ."""

    code: str
    name: str
    wij_from: dt.date
    question: int


@dataclass(frozen=True)
class Referrer:
    """A referrer (huisarts, GI, ...) and the date from which WIJ takes its referrals."""

    id: str
    name: str
    wij_from: dt.date
    question: int
    approximate: bool = False


@dataclass(frozen=True)
class Fact:
    """A single dated or numeric policy fact, traced to the question that states it."""

    id: str
    value: dt.date | int
    question: int


@dataclass(frozen=True)
class PolicyFacts:
    products: tuple[Product, ...] = ()
    referrers: tuple[Referrer, ...] = ()
    facts: tuple[Fact, ...] = ()

    def fact(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)

    def questions(self) -> set[int]:
        """All question numbers that some fact rests on."""
        return (
            {p.question for p in self.products}
            | {r.question for r in self.referrers}
            | {f.question for f in self.facts}
        )


@dataclass(frozen=True)
class Version:
    """One published version of "Vragen en antwoorden ... Basis jeugdhulp"."""

    id: str
    date: dt.date
    label: str
    title: str
    short_title: str
    questions: tuple[Question, ...]
    intro: str = ""
    disclaimer: str = ""
    source_document: str = ""
    facts: PolicyFacts = field(default_factory=PolicyFacts)

    def by_topic(self, topic: str) -> Question | None:
        return next((q for q in self.questions if q.topic == topic), None)

    def by_number(self, number: int) -> Question | None:
        return next((q for q in self.questions if q.number == number), None)


@dataclass(frozen=True)
class Topic:
    """A question that may appear in several versions, under one stable id."""

    id: str
    title: str
    examples: tuple[str, ...]
    audience: str = "iedereen"
    # For a topic that newer versions dropped: the topic that now covers its subject.
    see_also: str | None = None
    # A routing question to offer with the answer (ask_naar_wij, ask_locatie, plan_indicatie).
    offer: str | None = None
