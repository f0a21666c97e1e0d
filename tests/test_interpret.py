"""Table tests for reading a yes/no answer to a form question (bot/routing/interpret.py)."""

from __future__ import annotations

import pytest

from bot.routing.interpret import NO, YES, yes_no


@pytest.mark.parametrize(
    "text, intent, expected, reason",
    [
        ("ja", None, YES, "the plain yes"),
        ("nee", None, NO, "the plain no"),
        ("Jazeker!", None, YES, "case and punctuation"),
        ("absoluut", "deny", YES, "a yes word wins over a wrong intent"),
        ("nee hoor", "affirm", NO, "a no word wins over a wrong intent"),
        ("zeker niet", None, NO, "a negated yes is a no"),
        ("zeker niet", "affirm", NO, "also when the classifier says affirm"),
        ("klopt niet", None, NO, "klopt niet"),
        ("nee hoor, zeker niet", None, NO, "two ways of no"),
        ("absoluut niet", None, NO, "absoluut niet"),
        ("ja, nee", None, None, "yes and no at once: unclear, ask again"),
        ("ja klopt, zeker weten", None, YES, "two ways of yes"),
        ("weet ik niet", "affirm", None, "don't know beats the intent"),
        ("ik weet het niet zeker", None, None, "not sure is not a no"),
        ("hmm", "deny", NO, "no answer word: the intent decides"),
        ("hmm", "affirm", YES, "no answer word: the intent decides"),
        ("hmm", "inform", None, "no answer word, another intent: unclear"),
        ("", None, None, "empty"),
        ("nietszeggend", None, None, "a word that only contains niet"),
        ("jaaa", None, None, "not a listed word"),
    ],
)
def test_yes_no(text: str, intent: str | None, expected: str | None, reason: str) -> None:
    assert yes_no(text, intent) == expected, reason
