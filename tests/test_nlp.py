"""Dutch spaCy: the model when installed, else the labelled fallback; loaded once."""

from __future__ import annotations

from bot.nlp import FALLBACK_NAME, MODEL_NAME, choice_name, load_dutch, model_installed


def test_loads_what_it_says_once() -> None:
    loaded = load_dutch()
    assert loaded.name == choice_name()
    if not model_installed():
        assert loaded.name == FALLBACK_NAME and MODEL_NAME in loaded.description
        assert "niet geïnstalleerd" in loaded.description  # never labelled as the model
    assert [t.text for t in loaded.nlp("Mijn kind heeft een indicatie.")][:3] == ["Mijn", "kind", "heeft"]
    assert load_dutch() is loaded  # the graph's two spaCy nodes share one pipeline
