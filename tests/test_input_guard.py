"""Table tests for bot.input_guard: one row per case, with the reason."""

from __future__ import annotations

import pytest

from bot.input_guard import MAX_CHARS, inspect, is_bsn, redact


@pytest.mark.parametrize(
    "digits, valid, reason",
    [
        ("111222333", True, "passes the 11-proef"),
        ("123456782", True, "passes the 11-proef"),
        ("123456789", False, "fails the 11-proef"),
        ("000000000", False, "all zeros is never a BSN"),
        ("12345678", False, "8 digits"),
        ("12345678a", False, "not digits"),
    ],
)
def test_bsn_11_proef(digits: str, valid: bool, reason: str) -> None:
    assert is_bsn(digits) is valid, reason


@pytest.mark.parametrize(
    "text, intent, must_not_contain, reason",
    [
        ("", "input_empty", None, "nothing typed"),
        ("   \n\t ", "input_empty", None, "only white space"),
        ("<b></b>", "input_empty", None, "markup without words"),
        ("???", "input_empty", None, "no letters or digits"),
        ("x" * (MAX_CHARS + 1), "input_too_long", None, "over the limit"),
        ("mijn bsn is 111222333, wat nu?", "personal_data", "111222333", "valid BSN"),
        ("bsn 123 456 782 graag", "personal_data", "456", "BSN with spaces"),
        ("bel me op 06-12345678", "personal_data", "12345678", "mobile number"),
        ("mail naar jan.jansen@example.nl aub", "personal_data", "jansen", "e-mail"),
        ("iban NL91ABNA0417164300", "personal_data", "0417164300", "IBAN"),
        ("nummer 123456789 klopt dat", None, None, "9 digits that fail the 11-proef are no BSN"),
        ("ما هي المساعدة للأطفال", "other_language", None, "Arabic script"),
        ("Чем вы можете помочь детям?", "other_language", None, "Cyrillic script"),
        ("wat is pgb", None, None, "an ordinary question"),
        ("mijn indicatie 45A51 loopt af op 01-03-2027", None, None, "date and product code"),
        ("mijn zoon is geboren op 12-03-2015", "personal_data", "2015", "date of birth"),
        ("geboortedatum: 3 maart 2016, welk team?", "personal_data", "maart", "written date of birth"),
        ("welk team hoort bij 9736 AB 12", None, "AB 12", "address: PC4 kept, no warning"),
        ("9736AB, 12a welk team", None, "12a", "address without spaces"),
        ("welk team hoort bij postcode 9741 KX", None, None, "a postcode alone stays"),
        ("eerder stuurde ik [BSN]", "personal_data", None, "redacted before (by the channel)"),
    ],
)
def test_inspect(text: str, intent: str | None, must_not_contain: str | None, reason: str) -> None:
    verdict = inspect(text)
    assert verdict.intent == intent, reason
    if must_not_contain:
        assert must_not_contain not in verdict.cleaned, reason


@pytest.mark.parametrize("text, cleaned", [
    ("welk team hoort bij 9736 AB 12", "welk team hoort bij 9736 [ADRES]"),
    ("geboren 1-2-2019 en bsn 111222333", "geboren [GEBOORTEDATUM] en bsn [BSN]"),
    ("mijn indicatie loopt af op 1 maart 2027", "mijn indicatie loopt af op 1 maart 2027"),
])
def test_redact_keeps_what_routing_needs(text: str, cleaned: str) -> None:
    assert redact(text)[0] == cleaned


def test_markup_is_stripped_and_question_kept() -> None:
    verdict = inspect("<script>alert('x')</script><b>wat is</b> een <i>pgb</i>?")
    assert verdict.had_markup
    assert verdict.intent is None
    assert "<" not in verdict.cleaned and "alert" not in verdict.cleaned
    assert verdict.cleaned == "wat is een pgb ?"


def test_long_text_is_cut_for_the_nlu() -> None:
    verdict = inspect("pgb " * 5000)
    assert len(verdict.cleaned) <= MAX_CHARS


def test_control_characters_removed() -> None:
    assert inspect("wat\x00 is\x07 pgb").cleaned == "wat is pgb"
