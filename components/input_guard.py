"""Two NLU components around the classifiers, both calling ``bot.input_guard``.

``InputCleaner`` runs first: it hands the tokenizer the cleaned text (markup stripped,
personal data replaced by placeholders, cut to a maximum length). ``InputGuardClassifier``
runs last: for empty, overlong, personal-data or foreign-script input it sets the intent
with confidence 1.0, so a rule can give the fitting reply.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.input_guard import inspect

VERDICT_KEY = "input_guard"
INTENT_RANKING_KEY = "intent_ranking"


class _Stateless(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> _Stateless:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class InputCleaner(_Stateless):
    """Replaces the message text by its cleaned form and records the verdict."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            verdict = inspect(message.get(TEXT))
            message.set(TEXT, verdict.cleaned)
            message.set(VERDICT_KEY, verdict.intent)
        return messages


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class InputGuardClassifier(_Stateless):
    """Overrides the predicted intent when the input itself needs a reply."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(VERDICT_KEY)
            if intent:
                ranked = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, ranked, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [ranked], add_to_output=True)
        return messages
