"""The intent classifier's fast probabilities must equal scikit-learn's ``predict_proba``."""

from __future__ import annotations

import numpy as np
import pytest

from bot.classifier import TopicClassifier

TRAIN = {
    "faq_pgb": ["hoe zit het met mijn pgb", "krijg ik nog een persoonsgebonden budget", "pgb stopt"],
    "ask_locatie": ["welk wij team hoort bij mij", "waar is het wij team", "wij locatie zoeken"],
    "greet": ["hallo", "goedemorgen", "hoi daar"],
    "goodbye": ["doei", "tot ziens", "fijne dag nog"],
}
QUESTIONS = ["mijn pgb", "waar zit wij", "hallo daar", "", "xyz 123 <b>", "tot ziens en bedankt"]


def _fitted(labels: list[str]) -> TopicClassifier:
    texts = [t for label in labels for t in TRAIN[label]]
    classifier = TopicClassifier(random_state=1)
    classifier.fit(texts, texts, [label for label in labels for _ in TRAIN[label]])
    return classifier


@pytest.mark.parametrize("labels", [list(TRAIN), ["faq_pgb", "greet"]], ids=["four", "two"])
def test_probabilities_equal_predict_proba(labels: list[str]) -> None:
    classifier = _fitted(labels)
    model = classifier._model
    assert model is not None
    matrix = classifier._matrix(QUESTIONS, QUESTIONS)
    expected = model.predict_proba(matrix)
    assert np.allclose(classifier._probabilities(matrix), expected, rtol=1e-9, atol=1e-12)
    rankings = classifier.rank(QUESTIONS, QUESTIONS, top=len(labels))
    for ranking, row in zip(rankings, expected, strict=True):
        assert [name for name, _ in ranking][0] == model.classes_[int(np.argmax(row))]
        assert sum(p for _, p in ranking) == pytest.approx(1.0)


def test_refit_forgets_the_old_weights() -> None:
    classifier = _fitted(list(TRAIN))
    classifier.rank(["hallo"], ["hallo"])
    classifier.fit(TRAIN["greet"] + TRAIN["goodbye"], TRAIN["greet"] + TRAIN["goodbye"],
                   ["greet"] * 3 + ["goodbye"] * 3)
    assert {name for name, _ in classifier.rank(["doei"], ["doei"])[0]} == {"greet", "goodbye"}


def test_features_equal_scikit_learn_transform() -> None:
    from scipy.sparse import hstack

    classifier = _fitted(list(TRAIN))
    assert classifier._words is not None and classifier._chars is not None
    expected = hstack([classifier._words.transform(QUESTIONS),
                       classifier._chars.transform(QUESTIONS)]).toarray()
    ours = classifier._matrix(QUESTIONS, QUESTIONS).toarray()
    assert ours.shape == expected.shape and np.abs(expected).sum() > 1
    assert np.allclose(ours, expected, rtol=1e-12, atol=1e-12)
