"""Policy lookup for WIJ staff: typo-tolerant word search over every FAQ version, grouped by
topic, and a word diff of the same question between versions.

The search is a word index, not the chat classifier: staff type keywords ("pgb",
"herindicatie", "huisarts"), and want every question that mentions them, best first.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.faq.matching import answer_text
from bot.faq.model import Question, Version
from bot.faq.store import FaqStore
from bot.fold import fold_words

MAX_QUERY_CHARS = 200
MIN_SIMILARITY = 68.0  # word similarity (0-100) below which a word does not match
FUZZY_DISCOUNT = 0.85  # an edit-similar word counts less than the word itself
# How much a match counts, by where the word is found.
FIELD_WEIGHTS = {"title": 1.0, "question": 1.0, "summary": 0.85, "official": 0.75, "example": 0.6}
# Short words that carry no subject; a query of only these finds nothing.
STOP_WORDS = frozenset(
    "de het een en of in op aan van voor met bij over naar om te is zijn wordt worden ik u je jij "
    "mijn uw we wij ze zij die dat dit wat wie hoe waar wanneer welke kan kun moet mag er niet "
    "nog ook al als dan door tot uit maar wel geen".split()
)
def query_terms(query: str) -> list[str]:
    """The words of a query worth matching: no stop words, no single letters."""
    terms = [w for w in fold_words(query[:MAX_QUERY_CHARS]) if len(w) > 1 and w not in STOP_WORDS]
    return list(dict.fromkeys(terms))


def word_similarity(term: str, word: str) -> float:
    """0-100. Exact and prefix matches score 100 ("indicat" finds "indicatie"), a term inside a
    compound 90 ("arts" in "huisarts"), a near spelling ("huisars") its edit similarity times
    FUZZY_DISCOUNT, so an exact word anywhere beats a typo-like neighbour in a title. Terms
    with digits (product codes) match exactly or not at all."""
    if word == term or (len(term) >= 3 and word.startswith(term)):
        return 100.0
    if len(term) >= 4 and term in word:
        return 90.0
    if any(c.isdigit() for c in term):
        return 0.0
    return float(fuzz.ratio(term, word)) * FUZZY_DISCOUNT


@dataclass(frozen=True)
class Entry:
    """One version's question for a topic."""

    version: Version
    question: Question


@dataclass(frozen=True)
class Hit:
    topic: str
    title: str
    score: float  # 0-100
    matched: tuple[str, ...]  # the document words that matched the query terms
    entries: tuple[Entry, ...]  # oldest version first


class Lookup:
    """An index of every word of every version, by topic and field."""

    def __init__(self, store: FaqStore) -> None:
        self.store = store
        self.entries: dict[str, list[Entry]] = defaultdict(list)
        for version in sorted(store.versions, key=lambda v: v.date):
            for question in version.questions:
                self.entries[question.topic].append(Entry(version, question))
        # word -> topic -> best field weight of that word in that topic
        index: dict[str, dict[str, float]] = defaultdict(dict)

        def add(topic: str, field: str, text: str) -> None:
            weight = FIELD_WEIGHTS[field]
            for word in fold_words(text):
                if index[word].get(topic, 0.0) < weight:
                    index[word][topic] = weight

        for topic, entries in self.entries.items():
            info = store.topics.get(topic)
            if info is not None:
                add(topic, "title", info.title)
                for example in info.examples:
                    add(topic, "example", example)
            for entry in entries:
                add(topic, "question", entry.question.question)
                add(topic, "summary", entry.question.summary)
                add(topic, "official", answer_text(entry.question.answer))
        self.index = dict(index)
        self.vocabulary = list(self.index)

    def title(self, topic: str) -> str:
        info = self.store.topics.get(topic)
        return info.title if info else self.entries[topic][-1].question.question

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """Topics matching the query, best first. A topic's score is the mean over the query
        terms of the best (similarity x field weight) it has for each term."""
        terms = query_terms(query)
        if not terms:
            return []
        per_term: list[dict[str, tuple[float, str]]] = []
        for term in terms:
            best: dict[str, tuple[float, str]] = {}
            for word, similarity, _ in process.extract(
                term, self.vocabulary, scorer=lambda a, b, **_: word_similarity(a, b),
                score_cutoff=MIN_SIMILARITY, limit=None,
            ):
                for topic, weight in self.index[word].items():
                    score = similarity * weight
                    if score > best.get(topic, (0.0, ""))[0]:
                        best[topic] = (score, word)
            per_term.append(best)
        topics = set().union(*per_term)
        hits = []
        for topic in topics:
            found = [t[topic] for t in per_term if topic in t]
            score = sum(s for s, _ in found) / len(terms)
            hits.append(Hit(topic, self.title(topic), round(score, 1),
                            tuple(dict.fromkeys(w for _, w in found)), tuple(self.entries[topic])))
        hits.sort(key=lambda h: (-h.score, -len(h.matched), h.topic))
        return hits[:limit]


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


TOKEN_RE = re.compile(r"\S+\s*|\s+")


@lru_cache(maxsize=512)
def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Word-level diff: equal + delete segments spell ``old`` and equal + insert spell ``new``
    (up to whitespace between words). Cached: a version's texts do not change while we run."""
    a, b = TOKEN_RE.findall(old), TOKEN_RE.findall(new)
    segments: list[Segment] = []

    def emit(op: str, tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    matcher = difflib.SequenceMatcher(a=[t.strip() for t in a], b=[t.strip() for t in b],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            emit("equal", b[j1:j2])
        else:
            emit("delete", a[i1:i2])
            emit("insert", b[j1:j2])
    return tuple(segments)
