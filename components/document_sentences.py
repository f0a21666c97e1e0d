"""Adds the sentences of each FAQ topic's text as training examples of that topic.

``make data`` writes each topic's questions, summaries and answers, of every version, into the
intent metadata (``document``). This component, first in the pipeline, adds every sentence of
that text as one more example of its intent (``bot.classifier.document_sentences``), before the
input cleaner, spaCy and the tokenizer, so they are processed like any example. Training only:
``process`` passes messages through. Chosen on the development sets (README, "Tuning the
classifier"): questions about a detail of an answer share its words, which the hand-written
examples, paraphrases of the whole question, often lack.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.classifier import document_sentences
from components.topic_classifier import intent_documents


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class DocumentSentenceExamples(GraphComponent):
    """Training data plus one example per sentence of each intent's ``document``."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"min_chars": 25}

    def __init__(self, config: Dict[str, Any]) -> None:
        self.min_chars = int({**self.get_default_config(), **config}["min_chars"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DocumentSentenceExamples:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        examples = training_data.intent_examples
        extra = [Message(data={TEXT: text, INTENT: intent})
                 for text, intent in document_sentences(
                     intent_documents(examples), self.min_chars,
                     ((m.get(TEXT), m.get(INTENT)) for m in examples))]
        return training_data.merge(TrainingData(training_examples=extra)) if extra else training_data

    def process(self, messages: List[Message]) -> List[Message]:
        return messages
