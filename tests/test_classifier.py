"""Table tests for bot.classifier (its fast paths equal scikit-learn) and the options of
components/topic_classifier.py."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.nlu.tokenizers.tokenizer import Token

from bot.classifier import TopicClassifier
from components.topic_classifier import _word

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


ROWS = [
    ("wat is basis jeugdhulp", "faq_wat_is"),
    ("wat houdt basis jeugdhulp in", "faq_wat_is"),
    ("uitleg basis jeugdhulp", "faq_wat_is"),
    ("wanneer is wij gestart", "faq_start"),
    ("vanaf wanneer doet wij dit", "faq_start"),
    ("startdatum basis jeugdhulp", "faq_start"),
    ("hallo", "greet"),
]


# What an FAQ intent's metadata carries (bot/faq/generate.py): its questions and answers.
DOCUMENTS = {
    "faq_wat_is": "Wat is de taak Basis jeugdhulp? Begeleiding en lichte behandeling voor "
                  "kinderen en gezinnen, dichtbij, met het eigen netwerk.",
    "faq_start": "Wanneer is WIJ gestart? De taak is per 1 januari 2023 ondergebracht bij WIJ "
                 "Groningen; de ingangsdatum is dus het begin van dat kalenderjaar.",
}


def _fit(documents: dict[str, str] | None = None, **config: object) -> TopicClassifier:
    classifier = TopicClassifier(**config)  # type: ignore[arg-type]
    texts = [t for t, _ in ROWS]
    classifier.fit(texts, texts, [label for _, label in ROWS], documents)
    return classifier


@pytest.mark.parametrize("model", ["logreg", "svm"])
@pytest.mark.parametrize(
    "question, intent",
    [
        ("kalenderjaar", "faq_start"),  # a word only in faq_start's document
        ("lichte behandeling en begeleiding", "faq_wat_is"),  # without: ranked faq_start
    ],
)
def test_documents_teach_words_the_examples_lack(model: str, question: str, intent: str) -> None:
    without = dict(_fit(DOCUMENTS, model=model).rank([question], [question])[0])  # weight 0: off
    with_documents = dict(
        _fit(DOCUMENTS, model=model, document_weight=3.0).rank([question], [question])[0]
    )
    assert max(with_documents, key=with_documents.get) == intent
    assert with_documents[intent] > without[intent] + 0.2


def test_documents_add_one_feature_each() -> None:
    plain, documented = _fit(DOCUMENTS), _fit(DOCUMENTS, document_weight=2.0)
    assert documented._matrix(QUESTIONS, QUESTIONS).shape[1] == (
        plain._matrix(QUESTIONS, QUESTIONS).shape[1] + len(DOCUMENTS)
    )
    similarity = documented._matrix(["kalenderjaar"], ["kalenderjaar"]).toarray()[0, -2:]
    start, wat_is = similarity  # the documents in sorted order
    assert 0 <= wat_is < start <= 2.0  # a cosine times the weight


def test_models_saved_without_documents_still_load() -> None:
    trained = _fit(model="svm")
    words, chars, model, _ = trained.parts()
    loaded = TopicClassifier.from_parts((words, chars, model), model="svm")
    assert loaded.rank(QUESTIONS, QUESTIONS) == trained.rank(QUESTIONS, QUESTIONS)


@pytest.mark.parametrize(
    "config, reason",
    [
        ({}, "the defaults"),
        ({"class_weight": "balanced"}, "intents with few examples weighed up"),
        ({"char_ngrams": (2, 5)}, "shorter character n-grams"),
        ({"model": "svm"}, "the SVM"),
        ({"model": "svm", "temperature": 1.0}, "the SVM, flatter confidences"),
        ({"model": "svm", "class_weight": "balanced"}, "the SVM, weighed"),
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


@pytest.mark.parametrize("labels", [list(TRAIN), ["faq_pgb", "greet"]], ids=["four", "two"])
@pytest.mark.parametrize("temperature", [0.1, 0.2, 1.0])
def test_svm_confidences_are_a_softmax_of_its_scores(labels: list[str], temperature: float) -> None:
    texts = [t for label in labels for t in TRAIN[label]]
    classifier = TopicClassifier(model="svm", temperature=temperature, random_state=1)
    classifier.fit(texts, texts, [label for label in labels for _ in TRAIN[label]])
    model = classifier._model
    assert model is not None
    matrix = classifier._matrix(QUESTIONS, QUESTIONS)
    scores = model.decision_function(matrix)
    if scores.ndim == 1:  # two intents: one score, for classes_[1]
        scores = np.column_stack([np.zeros_like(scores), scores])
    expected = np.exp(scores / temperature)
    expected /= expected.sum(axis=1, keepdims=True)
    assert np.allclose(classifier._probabilities(matrix), expected, rtol=1e-9, atol=1e-12)
    for ranking, row in zip(classifier.rank(QUESTIONS, QUESTIONS, top=len(labels)), scores,
                            strict=True):
        assert ranking[0][0] == model.classes_[int(np.argmax(row))]
        assert sum(p for _, p in ranking) == pytest.approx(1.0)


def test_a_lower_temperature_is_more_confident() -> None:
    sure = dict(_fit(model="svm", temperature=0.1).rank(["wanneer gestart"], ["wanneer gestart"])[0])
    unsure = dict(_fit(model="svm", temperature=1.0).rank(["wanneer gestart"], ["wanneer gestart"])[0])
    assert sure["faq_start"] > unsure["faq_start"] > 1 / 3


@pytest.mark.parametrize(
    "config",
    [{"model": "naive_bayes"}, {"model": "svm", "temperature": 0.0}, {"temperature": -1.0},
     {"document_weight": -1.0}],
)
def test_bad_settings_are_refused(config: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        TopicClassifier(**config)  # type: ignore[arg-type]


@pytest.mark.parametrize("model", ["logreg", "svm"])
@pytest.mark.parametrize("document_weight", [0.0, 3.0])
def test_component_saves_and_loads_the_same_model(tmp_path, model: str,
                                                   document_weight: float) -> None:
    """The Rasa component trains (documents from the intents' metadata), saves with skops,
    loads, and ranks the same way."""
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.constants import TOKENS_NAMES
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from components.topic_classifier import TopicIntentClassifier

    def message(text: str, intent: str | None = None) -> Message:
        document = DOCUMENTS.get(intent or "")
        m = Message.build(text, intent, intent_metadata={"document": document} if document else None)
        m.set(TOKENS_NAMES["text"], [Token(w, 0) for w in text.split()])
        return m

    storage = LocalModelStorage(tmp_path)
    resource = Resource("topic_classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**TopicIntentClassifier.get_default_config(), "model": model,
              "document_weight": document_weight}
    trained = TopicIntentClassifier.create(config, storage, resource, context)
    trained.train(TrainingData([message(t, label) for t, label in ROWS]))
    loaded = TopicIntentClassifier.load(config, storage, resource, context)
    assert isinstance(loaded.classifier._model, type(trained.classifier._model))
    assert (loaded.classifier._documents is not None) == (document_weight > 0)
    questions = ["wanneer gestart", "uitleg graag", "hallo daar", "kalenderjaar"]
    ranked = [trained.process([message(q)])[0].get("intent_ranking") for q in questions]
    assert [loaded.process([message(q)])[0].get("intent_ranking") for q in questions] == ranked
    assert ranked[0][0]["name"] == "faq_start"


def test_a_changed_document_changes_rasas_fingerprint() -> None:
    """Rasa reuses a cached component when its training data's fingerprint is unchanged: a
    changed answer (intent metadata) must change it, or the classifier keeps the old text."""
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    def data(document: str) -> TrainingData:
        return TrainingData([Message.build("mijn pgb", "faq_pgb",
                                           intent_metadata={"document": document})])

    assert data("Pgb: zo zit het.").fingerprint() == data("Pgb: zo zit het.").fingerprint()
    assert data("Pgb: zo zit het.").fingerprint() != data("Pgb: anders.").fingerprint()


@pytest.mark.parametrize(
    "documents, min_chars, expected, reason",
    [
        ({"faq_a": "Wat is SAMEN. precies? Het is een taak van WIJ. Zo werkt SAMEN. die hulp geeft."},
         10, [("Wat is SAMEN. precies?", "faq_a"), ("Het is een taak van WIJ.", "faq_a"),
              ("Zo werkt SAMEN. die hulp geeft.", "faq_a")],
         "a sentence ends before a capital; 'SAMEN. die' does not end one"),
        ({"faq_a": "Kort. Een zin die lang genoeg is."}, 20,
         [("Een zin die lang genoeg is.", "faq_a")], "short sentences are left out"),
        ({"faq_a": "Op 1 januari 2023   gestart.\nOp 1 januari 2023 gestart."}, 5,
         [("Op 1 januari 2023 gestart.", "faq_a")], "once per intent, spaces folded"),
        ({"faq_b": "Dezelfde zin in twee.", "faq_a": "Dezelfde zin in twee."}, 5,
         [("Dezelfde zin in twee.", "faq_a"), ("Dezelfde zin in twee.", "faq_b")],
         "in each intent that has it, intents in sorted order"),
        ({}, 5, [], "no documents"),
    ],
)
def test_document_sentences(documents: dict[str, str], min_chars: int,
                            expected: list[tuple[str, str]], reason: str) -> None:
    from bot.classifier import document_sentences

    assert document_sentences(documents, min_chars) == expected, reason


def test_document_sentences_skip_what_already_is_an_example() -> None:
    from bot.classifier import document_sentences

    documents = {"faq_a": "Een zin die er al is. Een nieuwe zin.", "faq_b": "Een zin die er al is."}
    examples = iter([("Een zin die er al is.", "faq_a"), ("Iets anders.", "faq_b")])
    assert document_sentences(documents, 5, examples) == [
        ("Een nieuwe zin.", "faq_a"), ("Een zin die er al is.", "faq_b")], "per intent"


def test_document_sentences_become_training_examples_once() -> None:
    """components/document_sentences.py adds each sentence of an intent's document as an
    example of that intent, skips sentences that already are one, and leaves messages alone."""
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from components.document_sentences import DocumentSentenceExamples

    document = "Wat is de taak van WIJ? WIJ helpt gezinnen dichtbij huis."
    data = TrainingData([
        Message.build("wat doet wij", "faq_a", intent_metadata={"document": document}),
        Message.build("Wat is de taak van WIJ?", "faq_a"),
        Message.build("hallo", "greet"),
    ])
    component = DocumentSentenceExamples({"min_chars": 10})
    trained = component.process_training_data(data)
    rows = sorted((m.get("text"), m.get("intent")) for m in trained.intent_examples)
    assert rows == sorted([("wat doet wij", "faq_a"), ("Wat is de taak van WIJ?", "faq_a"),
                           ("hallo", "greet"), ("WIJ helpt gezinnen dichtbij huis.", "faq_a")])
    messages = [Message.build("WIJ helpt gezinnen")]
    assert component.process(messages) is messages
    assert DocumentSentenceExamples({"min_chars": 100}).process_training_data(data) is data
