"""Rasa wrapper of ``bot.classifier.TopicClassifier``: trains, saves, loads, predicts."""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import INTENT, METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.classifier import TopicClassifier

logger = logging.getLogger(__name__)
FILE = "topic_classifier.skops"
CONFIG_KEYS = ("C", "word_ngrams", "char_ngrams", "random_state", "class_weight", "model",
               "temperature", "document_weight", "document_char_ngrams")
WORD_SOURCES = ("text", "lemma")


def _word(token: Token, source: str) -> str:
    """The token's text, or its lemma (``source="lemma"``) when the tokenizer set one."""
    return (token.lemma or token.text) if source == "lemma" else token.text


def _inputs(messages: List[Message], source: str = "text") -> tuple[list[str], list[str]]:
    tokens = [
        " ".join(_word(t, source) for t in (m.get(TOKENS_NAMES[TEXT]) or [])) for m in messages
    ]
    return tokens, [m.get(TEXT) or "" for m in messages]


def classifier_settings(config: Dict[str, Any]) -> Dict[str, Any]:
    """The ``TopicClassifier`` arguments in a component config (n-gram ranges as tuples); also
    used by benchmarks/tune_nlu.py, so that it trains what `make train` trains."""
    settings = {k: config[k] for k in CONFIG_KEYS}
    for key in ("word_ngrams", "char_ngrams", "document_char_ngrams"):
        settings[key] = tuple(settings[key])
    return settings


def intent_documents(messages: List[Message]) -> dict[str, str]:
    """Intent -> the ``document`` in its intent metadata (bot/faq/generate.py writes one for
    each FAQ topic), for the intents that have one."""
    documents: dict[str, str] = {}
    for message in messages:
        metadata = (message.get(METADATA) or {}).get(METADATA_INTENT) or {}
        document = metadata.get("document") if isinstance(metadata, dict) else None
        if isinstance(document, str) and document.strip():
            documents.setdefault(message.get(INTENT), document)
    return documents


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TopicIntentClassifier(IntentClassifier, GraphComponent):
    """Intent classifier on TF-IDF word and char n-grams (see bot/classifier.py)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # word_source: "text" (the tokens as typed) or "lemma" (spaCy's lemmas) for the word
        # n-grams; class_weight: None or "balanced"; model: "logreg" or "svm", with the
        # softmax temperature of the SVM's scores; document_weight: 0 (off) or the weight of
        # the similarity to each intent's document (see bot/classifier.py).
        return {"C": 5.0, "word_ngrams": [1, 2], "char_ngrams": [3, 6], "random_state": 42,
                "ranking_length": 10, "word_source": "text", "class_weight": None,
                "model": "logreg", "temperature": 0.2, "document_weight": 0.0,
                "document_char_ngrams": [3, 5]}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: TopicClassifier | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        if self.config["word_source"] not in WORD_SOURCES:
            raise ValueError(f"word_source moet een van {WORD_SOURCES} zijn")
        self._storage = model_storage
        self._resource = resource
        self.classifier = classifier or TopicClassifier(**self._classifier_config())

    def _classifier_config(self) -> Dict[str, Any]:
        return classifier_settings(self.config)

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TopicIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        tokens, texts = _inputs(examples, self.config["word_source"])
        self.classifier.fit(tokens, texts, [e.get(INTENT) for e in examples], intent_documents(examples))
        import skops.io as sio

        with self._storage.write_to(self._resource) as model_dir:
            sio.dump(self.classifier.parts(), model_dir / FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TopicIntentClassifier:
        import skops.io as sio

        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / FILE
                untrusted = sio.get_untrusted_types(file=path)
                unexpected = [t for t in untrusted if not t.startswith(("sklearn.", "numpy.", "scipy."))]
                if unexpected:
                    raise ValueError(f"onverwachte typen in {FILE}: {unexpected}")
                parts = sio.load(path, trusted=untrusted)
        except ValueError as error:
            logger.warning("Intentclassificatie niet geladen (%s); eerst trainen.", error)
            return component
        component.classifier = TopicClassifier.from_parts(parts, **component._classifier_config())
        return component

    def process(self, messages: List[Message]) -> List[Message]:
        tokens, texts = _inputs(messages, self.config["word_source"])
        rankings = self.classifier.rank(tokens, texts, top=self.config["ranking_length"])
        for message, ranking in zip(messages, rankings, strict=False):
            if not ranking:
                continue
            ranked = [{"name": n, "confidence": c} for n, c in ranking]
            message.set(INTENT, ranked[0], add_to_output=True)
            message.set("intent_ranking", ranked, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
