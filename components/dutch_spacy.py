"""spaCy for Dutch: nl_core_news_sm when it is installed, else spaCy's built-in Dutch.

The fallback is ``spacy.blank("nl")`` (Dutch tokenizer and stop words) with the lookup
lemmatizer from spacy-lookups-data. It is never labelled as the model: the name it reports,
and that Rasa fingerprints, is ``blank:nl+lookup-lemmatizer``.
"""

from __future__ import annotations

import logging
from typing import Any, Dict

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP

from bot.nlp import load_dutch

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="DutchSpacyNLP",
)
class DutchSpacyNLP(SpacyNLP):
    """``SpacyNLP`` that falls back to built-in Dutch when the model is not installed."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"model": "nl_core_news_sm", "case_sensitive": False}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DutchSpacyNLP:
        config = {**cls.get_default_config(), **config}
        loaded = load_dutch(config["model"])
        logger.info("spaCy voor Nederlands: %s", loaded.description)
        return cls(SpacyModel(model=loaded.nlp, model_name=loaded.name), config)
