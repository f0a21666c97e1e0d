"""Baselines a municipality would otherwise use, on the same held-out FAQ phrasings:

- site search: rapidfuzz best match of the message against the official questions;
- TF-IDF cosine of the message against each topic's official question + answer text.
Both only know the FAQ, so they are scored on the FAQ phrasings of tests/nlu_holdout.yml.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from bot.faq.matching import answer_text
from bot.faq.store import FaqStore


def _documents(store: FaqStore) -> tuple[list[str], list[str], list[str]]:
    """Per (version, question): topic, question text, question + answer text."""
    topics, questions, full = [], [], []
    for v in store.versions:
        for q in v.questions:
            topics.append(q.topic)
            questions.append(q.question)
            full.append(f"{q.question} {answer_text(q.answer)}")
    return topics, questions, full


def rapidfuzz_search(store: FaqStore, texts: list[str]) -> list[str]:
    """token_set_ratio against the questions: the best of rapidfuzz's scorers here (WRatio
    0.07, ratio 0.25, token_sort 0.27, token_set 0.32 on the holdout, 2026-11-22)."""
    topics, questions, _ = _documents(store)
    out = []
    for t in texts:
        best = process.extractOne(t, questions, scorer=fuzz.token_set_ratio,
                                  processor=utils.default_process)
        out.append("faq_" + topics[best[2]] if best else "")
    return out


def tfidf_cosine(store: FaqStore, texts: list[str]) -> list[str]:
    topics, _, full = _documents(store)
    vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2)).fit(full + texts)
    sims = cosine_similarity(vectorizer.transform(texts), vectorizer.transform(full))
    return ["faq_" + topics[row.argmax()] for row in sims]
