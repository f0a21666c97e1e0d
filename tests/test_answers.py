"""The composed FAQ answers: short answer first, the right version, the source last."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers import (
    answer_topic,
    offer_button,
    official_text,
    runner_up,
    suggested_topics,
    suggestions,
)
from bot.faq.store import FaqStore


@pytest.mark.parametrize(
    "topic, message, version, number, note, reason",
    [
        ("pgb", "kan ik met pgb verder", "2023-12-04", 20, None, "newest version by default"),
        ("pgb", "wat stond er in de versie van 2022 over pgb?", "2022-09-29", 18,
         "Dit is wat de versie van 29 september 2022 zei.", "an older version asked for"),
        ("open_house_einde", "wanneer stopt open house", "2023-12-04", 13, None, "renumbered: 12 -> 13"),
        ("fasering", "wanneer kan de GGD verwijzen", "2022-09-29", 11,
         "alleen in de oudere versie van 29 september 2022", "only the old version has it"),
        ("triage_specialistisch", "versie 2022 triage specialistisch", "2023-12-04", 9,
         "In de versie van 29 september 2022 staat geen vraag hierover", "asked version lacks it"),
        ("monitoring", "monitoring", "2023-12-04", 25, None, "only in the newest"),
        ("pgb", "wat stond er in de versie van 2021 over pgb", "2023-12-04", 20,
         "Een versie van versie van 2021 ken ik niet", "unknown version named"),
    ],
)
def test_answer_topic(
    store: FaqStore, topic: str, message: str, version: str, number: int, note: str | None,
    reason: str,
) -> None:
    answer = answer_topic(store, topic, message)
    assert answer is not None
    assert (answer.version_id, answer.number) == (version, number), reason
    v = store.version(version)
    assert v is not None
    q = v.by_number(number)
    assert q is not None
    text = answer.reply.text
    assert text.startswith(q.summary), "the short answer comes first"
    assert text.rstrip().endswith(f"versie {v.label}, vraag {number}."), "the source comes last"
    if note:
        assert note in text, reason


def test_explicit_version_id_wins_over_text(store: FaqStore) -> None:
    answer = answer_topic(store, "pgb", "nieuwste versie", version_id="2022-09-29")
    assert answer is not None and answer.number == 18


def test_answer_offers_official_text_and_other_version(store: FaqStore) -> None:
    answer = answer_topic(store, "pgb", "")
    assert answer is not None
    payloads = [b.payload for b in answer.reply.buttons]
    assert payloads[0] == "/show_official_text"
    assert '/faq_pgb{"faq_version": "2022-09-29"}' in payloads


def test_dropped_topic_points_to_newer_coverage(store: FaqStore) -> None:
    answer = answer_topic(store, "fasering", "")
    assert answer is not None
    assert "In de versie van 4 december 2023 staat hierover nieuwere informatie, zie vraag 3" in (
        answer.reply.text
    )
    assert "/faq_waarmee_gestart" in [b.payload for b in answer.reply.buttons]


def test_every_question_of_every_version_is_answerable(store: FaqStore) -> None:
    for version in store.versions:
        for q in version.questions:
            answer = answer_topic(store, q.topic, "", version_id=version.id)
            assert answer is not None
            assert (answer.version_id, answer.number) == (version.id, q.number)
            assert f"vraag {q.number}." in answer.reply.text


def test_unknown_topic(store: FaqStore) -> None:
    assert answer_topic(store, "bestaat_niet", "") is None


def test_official_text_keeps_lists(store: FaqStore) -> None:
    reply = official_text(store, "producten", "2023-12-04")
    assert "- 45A51 Gezinsbegeleiding basis" in reply.text
    assert "- 45G06" in reply.text
    assert reply.text.startswith("Officiële tekst, versie 4 december 2023, vraag 5:")
    assert reply.text.endswith("versie 4 december 2023, vraag 5.")


def test_official_text_without_topic(store: FaqStore) -> None:
    assert "Stel je vraag eerst" in official_text(store, None, None).text


def test_suggestions_offer_two_faq_guesses_then_contact(store: FaqStore) -> None:
    ranking = [("greet", 0.4), ("faq_pgb", 0.3), ("nlu_fallback", 0.2), ("faq_indicatie_loopt_af", 0.1),
               ("faq_monitoring", 0.05)]
    reply = suggestions(store, ranking)
    assert [b.payload for b in reply.buttons] == [
        "/faq_pgb", "/faq_indicatie_loopt_af", "/human_handoff"]
    assert reply.buttons[0].title == store.topics["pgb"].title
    assert "entree van een WIJ-team" in reply.text, "the contact route follows the guesses"


@pytest.mark.parametrize(
    "ranking, limit, expected, reason",
    [
        ([("greet", 0.4), ("faq_pgb", 0.3), ("faq_monitoring", 0.2), ("faq_fasering", 0.1)], 2,
         ["pgb", "monitoring"], "FAQ topics only, the best two"),
        ([("faq_bestaat_niet", 0.5), ("faq_pgb", 0.3), ("faq_monitoring", 0.2)], 2,
         ["pgb", "monitoring"], "a topic the FAQ does not know is skipped"),
        ([("faq_pgb", 0.5), ("faq_monitoring", 0.3)], 1, ["pgb"], "limit"),
        ([("nlu_fallback", 0.5), ("ask_locatie", 0.3)], 2, [], "no FAQ topic"),
        ([], 2, [], "nothing ranked"),
    ],
)
def test_suggested_topics(store: FaqStore, ranking: list[tuple[str, float]], limit: int,
                          expected: list[str], reason: str) -> None:
    assert suggested_topics(store, ranking, limit) == expected, reason
    assert [b.payload for b in suggestions(store, ranking, limit).buttons][:-1] == [
        f"/faq_{t}" for t in expected], "the buttons are these topics"


def test_suggestions_without_faq_guess(store: FaqStore) -> None:
    reply = suggestions(store, [("greet", 0.2)])
    assert [b.payload for b in reply.buttons] == ["/human_handoff"]
    assert "niet gokken" in reply.text


@pytest.mark.parametrize(
    "ranking, expected, reason",
    [
        ([("faq_pgb", 0.9), ("faq_producten", 0.06)], "producten", "runner-up above the minimum"),
        ([("faq_pgb", 0.9), ("faq_producten", 0.04)], None, "runner-up below the minimum"),
        ([("faq_pgb", 0.9), ("ask_naar_wij", 0.2), ("faq_producten", 0.1)], None,
         "the next guess is a flow, not an FAQ topic"),
        ([("nlu_fallback", 0.7), ("faq_pgb", 0.6), ("faq_producten", 0.3)], "producten",
         "the fallback and the answered topic are skipped"),
        ([("faq_producten", 0.3), ("faq_pgb", 0.6)], "producten", "order of the list decides"),
        ([("faq_pgb", 0.9), ("faq_bestaat_niet", 0.3)], None, "a topic the FAQ does not have"),
        ([("faq_pgb", 1.0)], None, "a button press: nothing else ranked"),
        ([], None, "no ranking at all"),
    ],
)
def test_runner_up(store: FaqStore, ranking: list[tuple[str, float]], expected: str | None,
                   reason: str) -> None:
    assert runner_up(store, ranking, "pgb") == expected, reason


def test_answer_offers_the_runner_up_once(store: FaqStore) -> None:
    answer = answer_topic(store, "pgb", "", also="producten")
    assert answer is not None
    offered = [b for b in answer.reply.buttons if b.payload == "/faq_producten"]
    assert [b.title for b in offered] == [f"Of bedoel je: {store.topics['producten'].title}"]
    plain = answer_topic(store, "pgb", "")
    assert plain is not None and len(answer.reply.buttons) == len(plain.reply.buttons) + 1
    same = answer_topic(store, "pgb", "", also="pgb")
    assert same is not None and same.reply.buttons == plain.reply.buttons
    # fasering already links to waarmee_gestart (newer coverage): no second button for it
    dropped = answer_topic(store, "fasering", "", also="waarmee_gestart")
    assert dropped is not None
    assert [b.payload for b in dropped.reply.buttons].count("/faq_waarmee_gestart") == 1


@pytest.mark.parametrize(
    "offer, message, payload, title, reason",
    [
        ("plan_indicatie", "mijn indicatie loopt af op 1 september 2030, wie doet wat?",
         '/plan_indicatie{"einddatum": "2030-09-01"}', "Maak een plan voor einddatum 1 september 2030",
         "an end date to plan"),
        ("plan_indicatie", "de zorg van mijn zoon stopt eind april", '/plan_indicatie{"einddatum": '
         '"2027-04-30"}', "Maak een plan voor einddatum 30 april 2027", "no year: the next one"),
        ("plan_indicatie", "einddatum zorg 1 september, product 45A51. wanneer eindevaluatie?",
         '/plan_indicatie{"einddatum": "2027-09-01", "product": "45A51"}',
         "Maak een plan voor einddatum 1 september 2027", "the product too"),
        ("plan_indicatie", "gaat 45A51 naar wij als mijn indicatie afloopt", '/plan_indicatie{"product": '
         '"45A51"}', "Maak een plan met mijn einddatum", "a product without a date"),
        ("plan_indicatie", "mijn indicatie stopt vandaag", "/plan_indicatie",
         "Maak een plan met mijn einddatum", "'vandaag' is no date the parser reads"),
        ("plan_indicatie", "wat zei de versie van december 2023 over aflopende indicaties",
         "/plan_indicatie", "Maak een plan met mijn einddatum", "a version's date, in the past"),
        ("plan_indicatie", "lopende indicaties na 1 januari 2023", "/plan_indicatie",
         "Maak een plan met mijn einddatum", "the transition's date, in the past"),
        ("plan_indicatie", "mijn indicatie loopt af", "/plan_indicatie",
         "Maak een plan met mijn einddatum", "no date at all"),
        ("ask_locatie", "sinds wanneer is wij er in 9737?", '/ask_locatie{"locatie": "9737"}',
         "Welk WIJ-team hoort bij mij?", "a postcode for the location"),
        ("ask_naar_wij", "ik ben huisarts, is het voor begeleiding, mijn cliënt stopt op 1 september 2030",
         "/ask_naar_wij", "Moet ik naar WIJ?", "role and kind of help are asked by the form itself"),
    ],
)
def test_offer_button(store: FaqStore, offer: str, message: str, payload: str, title: str,
                      reason: str) -> None:
    button = offer_button(store, offer, message, dt.date(2026, 11, 23))
    assert (button.payload, button.title) == (payload, title), reason
    assert offer_button(store, offer, message, None).payload == f"/{offer}", "no today: no reading"


def test_answer_puts_the_end_date_in_the_plan_button(store: FaqStore) -> None:
    message = "mijn indicatie loopt af op 1 september 2030, wie onderneemt actie?"
    dated = answer_topic(store, "indicatie_loopt_af", message, today=dt.date(2026, 11, 23))
    assert dated is not None
    assert '/plan_indicatie{"einddatum": "2030-09-01"}' in [b.payload for b in dated.reply.buttons]
    undated = answer_topic(store, "indicatie_loopt_af", message)  # no today: no date read
    assert undated is not None and "/plan_indicatie" in [b.payload for b in undated.reply.buttons]
