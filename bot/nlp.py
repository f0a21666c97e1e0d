"""Load a Dutch spaCy pipeline: the trained model when installed, else built-in Dutch."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MODEL_NAME = "nl_core_news_sm"
FALLBACK_NAME = "blank:nl+lookup-lemmatizer"
FALLBACK_DESCRIPTION = (
    "{model} is niet geïnstalleerd; in gebruik: spaCy's ingebouwde Nederlands "
    "(tokenizer, stopwoorden) met de opzoek-lemmatizer uit spacy-lookups-data"
)


@dataclass(frozen=True)
class LoadedNlp:
    nlp: Any
    name: str
    description: str


def model_installed(model_name: str = MODEL_NAME) -> bool:
    return importlib.util.find_spec(model_name) is not None


def choice_name(model_name: str = MODEL_NAME) -> str:
    """The name of what ``load_dutch`` will load, without loading it (cheap)."""
    return model_name if model_installed(model_name) else FALLBACK_NAME


@lru_cache(maxsize=2)
def load_dutch(model_name: str = MODEL_NAME) -> LoadedNlp:
    """``model_name`` when spaCy can load it; otherwise the built-in Dutch fallback.

    Loaded once per process: Rasa's graph has two nodes of the spaCy component (the model
    provider and the message processor), and each used to load its own copy (1.5 s and
    about 90 MB each). The pipeline is only read."""
    import spacy

    try:
        nlp = spacy.load(model_name, disable=["parser"])
    except OSError:
        nlp = spacy.blank("nl")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()  # reads the Dutch lemma table from spacy-lookups-data
        return LoadedNlp(
            nlp, FALLBACK_NAME, FALLBACK_DESCRIPTION.format(model=model_name)
        )
    version = nlp.meta.get("version", "?")
    return LoadedNlp(nlp, model_name, f"model {model_name} {version}")


if __name__ == "__main__":  # `python -m bot.nlp [--which]`: say which one this machine uses
    if "--which" in sys.argv:
        name = choice_name()
        text = f"model {name}" if name == MODEL_NAME else FALLBACK_DESCRIPTION.format(model=MODEL_NAME)
        print(f"spaCy voor Nederlands: {text}")
    else:
        print(f"spaCy voor Nederlands: {load_dutch().description}")
