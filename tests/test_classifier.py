"""Table tests for bot.classifier and the options of components/topic_classifier.py."""

from __future__ import annotations

import pytest
from rasa.nlu.tokenizers.tokenizer import Token

from bot.classifier import TopicClassifier
from components.topic_classifier import _word

TRAIN = [
    ("wat is basis jeugdhulp", "faq_wat_is"),
    ("wat houdt basis jeugdhulp in", "faq_wat_is"),
    ("uitleg basis jeugdhulp", "faq_wat_is"),
    ("wanneer is wij gestart", "faq_start"),
    ("vanaf wanneer doet wij dit", "faq_start"),
    ("startdatum basis jeugdhulp", "faq_start"),
    ("hallo", "greet"),
]


def _fit(**config: object) -> TopicClassifier:
    classifier = TopicClassifier(**config)  # type: ignore[arg-type]
    texts = [t for t, _ in TRAIN]
    classifier.fit(texts, texts, [label for _, label in TRAIN])
    return classifier


@pytest.mark.parametrize(
    "config, reason",
    [
        ({}, "the defaults"),
        ({"class_weight": "balanced"}, "intents with few examples weighed up"),
        ({"char_ngrams": (2, 5)}, "shorter character n-grams"),
    ],
)
def test_rank_puts_the_trained_intent_first(config: dict[str, object], reason: str) -> None:
    classifier = _fit(**config)
    ranking = classifier.rank(["wanneer gestart"], ["wanneer gestart"], top=3)[0]
    assert ranking[0][0] == "faq_start", reason
    assert len(ranking) == 3
    assert ranking == sorted(ranking, key=lambda r: -r[1])


@pytest.mark.parametrize(
    "config, greet_share",
    [
        ({}, "lower"),
        ({"class_weight": "balanced"}, "higher"),
    ],
)
def test_balanced_weights_lift_the_small_intent(config: dict[str, object], greet_share: str) -> None:
    plain = dict(_fit().rank(["hoi"], ["hoi"], top=10)[0])["greet"]
    weighed = dict(_fit(**config).rank(["hoi"], ["hoi"], top=10)[0])["greet"]
    if greet_share == "higher":
        assert weighed > plain
    else:
        assert weighed == pytest.approx(plain)


@pytest.mark.parametrize(
    "token, source, expected, reason",
    [
        (Token("kinderen", 0, lemma="kind"), "text", "kinderen", "text as typed"),
        (Token("kinderen", 0, lemma="kind"), "lemma", "kind", "the lemma"),
        (Token("wij", 0), "lemma", "wij", "no lemma set: the text"),
        (Token("wij", 0, lemma=""), "lemma", "wij", "empty lemma: the text"),
    ],
)
def test_word_source(token: Token, source: str, expected: str, reason: str) -> None:
    assert _word(token, source) == expected, reason


def test_untrained_classifier_ranks_nothing() -> None:
    assert TopicClassifier().rank(["iets"], ["iets"]) == [[]]
