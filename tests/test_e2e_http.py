"""End to end: the servers started as `make run` starts them, real HTTP to the REST channel."""

from __future__ import annotations

import json
import os
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from bot.devserver import DevServers
from bot.faq.store import FaqStore

from .conftest import ROOT, _post

pytestmark = pytest.mark.e2e


class Chat:
    def __init__(self, base: str) -> None:
        self.url = f"{base}/webhooks/rest/webhook"
        self.sender = f"e2e-{uuid.uuid4().hex[:8]}"

    def say(self, text: str) -> list[dict[str, Any]]:
        status, replies = _post(self.url, json.dumps({"sender": self.sender, "message": text}).encode())
        assert status == 200, f"HTTP {status} for {text!r}"
        assert isinstance(replies, list) and replies, f"no reply to {text!r}"
        return replies

    def text(self, message: str) -> str:
        return "\n".join(r.get("text", "") for r in self.say(message))


@pytest.fixture(scope="module")
def server(servers: DevServers) -> str:
    return servers.rasa


@pytest.fixture(scope="module")
def store() -> FaqStore:
    return FaqStore.from_dir(ROOT / "faq")


@pytest.mark.parametrize(
    "question, version, number",
    [
        ("hoe zit het met een pgb als mijn indicatie stopt", "2023-12-04", 20),
        ("wanneer gaat de open house dicht?", "2023-12-04", 13),
        ("heb ik een indicatie nodig om hulp van wij te krijgen", "2023-12-04", 8),
        ("welke producten gaan er naar wij?", "2023-12-04", 5),
        ("wat stond er in de versie van 2022 over pgb?", "2022-09-29", 18),
        ("worden cliënten actief geherindiceerd?", "2022-09-29", 8),
    ],
)
def test_faq_answers_with_source(
    server: str, store: FaqStore, question: str, version: str, number: int
) -> None:
    replies = Chat(server).say(question)
    v = store.version(version)
    assert v is not None
    q = v.by_number(number)
    assert q is not None
    text = replies[0]["text"]
    assert text.startswith(q.summary)
    assert text.endswith(f"Bron: {v.short_title}, versie {v.label}, vraag {number}.")
    assert replies[0]["buttons"][0]["payload"] == "/show_official_text"


def test_official_text_follows_the_answer(server: str) -> None:
    chat = Chat(server)
    chat.say("mijn indicatie loopt binnenkort af, wat moet ik doen?")
    text = chat.text("/show_official_text")
    assert text.startswith("Officiële tekst, versie 4 december 2023, vraag 7:")
    assert "onafhankelijke cliëntondersteuner" in text


def test_version_button_payload(server: str) -> None:
    text = Chat(server).text('/faq_open_house_einde{"faq_version": "2022-09-29"}')
    assert text.endswith("versie 29 september 2022, vraag 12.")


@pytest.mark.parametrize(
    "message, expected",
    [
        ("hallo", "Hallo!"),
        ("ben jij een robot?", "computerprogramma"),
        ("ik wil een mens spreken", "entree van een WIJ-team"),
        ("Hello, can you help me?", "I only speak Dutch"),
        ("", "Ik zie geen vraag"),
        ("   ", "Ik zie geen vraag"),
        ("a" * 10_000, "te lang"),
        ("mijn bsn is 111222333, wat nu?", "persoonlijke gegevens"),
    ],
)
def test_chitchat_and_bad_input(server: str, message: str, expected: str) -> None:
    assert expected in Chat(server).text(message)


def test_personal_data_is_not_echoed(server: str) -> None:
    text = Chat(server).text("bel me op 0612345678 of mail jan@example.nl")
    assert "0612345678" not in text and "jan@example.nl" not in text


def test_markup_is_never_echoed(server: str) -> None:
    text = Chat(server).text("<script>alert(1)</script><b>wat is pgb</b>")
    assert "<script" not in text and "<b>" not in text
    assert "Bron:" in text, "the question inside the markup is still answered"


def test_unsure_offers_choices_and_contact_route(server: str) -> None:
    replies = Chat(server).say("qwx zzv plof")
    payloads = [b["payload"] for r in replies for b in r.get("buttons", [])]
    assert "/human_handoff" in payloads
    assert "Bedoel je" in replies[0]["text"] or "niet gokken" in replies[0]["text"]


@pytest.mark.parametrize(
    "body, content_type, expected",
    [
        (b"{not json", "application/json", 400),
        (b"", "application/json", 400),
        (b"[]", "application/json", 400),
        (b'{"message": "hoi"}', "application/json", 400),  # no sender
        (b'{"sender": "x"}', "application/json", 400),  # no message
        (b'{"sender": 5, "message": "hoi"}', "application/json", 400),
        (b'{"sender": "x", "message": ["hoi"]}', "application/json", 400),
        (b"message=hoi", "text/plain", 415),
        (b'{"sender": "x", "message": "hoi"}', "application/x-www-form-urlencoded", 415),
        (b'{"sender": "x", "message": "' + b"a" * (1024 * 1024) + b'"}', "application/json", 413),
    ],
)
def test_malformed_requests_get_4xx(server: str, body: bytes, content_type: str,
                                    expected: int) -> None:
    status, reply = _post(f"{server}/webhooks/rest/webhook", body, content_type)
    assert status == expected, f"HTTP {status}"
    assert reply and reply["error"], "a clear message says what is wrong"
    assert "Hallo" in Chat(server).text("hallo"), "the server still answers afterwards"


def _holdouts(*paths: str) -> list[dict[str, Any]]:
    """eval_nlu.py's results for the test sets, scored in one run (one load of the model)."""
    outs = [ROOT / "var" / f"eval_e2e_{Path(p).stem}.json" for p in paths]
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "benchmarks/eval_nlu.py", "--holdout", *paths,
         "--out", *map(str, outs)],
        cwd=ROOT, check=True, capture_output=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    return [json.loads(out.read_text()) for out in outs]


def test_holdout_accuracy_floor() -> None:
    """Guards against regressions on the three held-out sets (never trained on), below what was
    measured on 2026-11-23 (README, "Measured"); issue 6's goals (FAQ top-1 0.95, at most 2%
    wrong above the threshold) are met on the second set, not on the first and third.

    First set, measured 0.918 top-1, 0.862 answered directly and correctly, 0.026 wrong
    above the threshold (FAQ), 0.027 (other intents). Second set: 0.968 and 0.016. Third set
    (questions about the answers' content): 0.850 and 0.067."""
    first, second, third = _holdouts(
        "tests/nlu_holdout.yml", "tests/nlu_holdout_b.yml", "tests/nlu_holdout_c.yml")
    assert first["faq"]["top1"] >= 0.90, first["faq"]
    assert first["faq"]["answered_correctly"] >= 0.84, first["faq"]
    assert first["faq"]["wrong_confident_rate"] <= 0.035, first["faq"]
    assert first["other"]["wrong_confident_rate"] <= 0.045, first["other"]
    assert second["faq"]["top1"] >= 0.95, second["faq"]
    assert second["faq"]["wrong_confident_rate"] <= 0.025, second["faq"]
    assert third["faq"]["top1"] >= 0.83, third["faq"]
    assert third["faq"]["wrong_confident_rate"] <= 0.08, third["faq"]


# ---------------------------------------------------------------- routing flows (issue 3)

def test_location_by_postcode_in_one_message(server: str) -> None:
    text = Chat(server).text("welk wij team hoort bij postcode 9741 KX?")
    assert "Postcode 9741 hoort bij WIJ Selwerd." in text
    assert "niet door WIJ Groningen bevestigd" in text


def test_location_split_postcode_then_wijk_then_correction(server: str) -> None:
    chat = Chat(server)
    assert "postcode" in chat.text("bij welk wij team hoor ik?").lower()
    assert "In welke wijk woon je?" in chat.text("9723")
    assert "De Meeuwen hoort bij WIJ Rivierenbuurt." in chat.text("De Meeuwen")
    assert "Postcode 9736 hoort bij WIJ Beijum." in chat.text("nee, het is 9736")


def test_location_outside_the_municipality(server: str) -> None:
    chat = Chat(server)
    chat.text("welke wij locatie is bij mij in de buurt")
    assert "niet in de gemeente Groningen" in chat.text("1012 AB")


def test_indicatie_plan_from_one_message(server: str) -> None:
    chat = Chat(server)
    replies = chat.say("mijn indicatie 45A56 loopt af op 1 juni 2030")
    assert "andere indicaties" in replies[-1]["text"]
    text = chat.text("nee")
    assert "Je indicatie loopt af op 1 juni 2030. Meld je bij voorkeur vóór 1 maart 2030" in text
    assert "1 april 2030: uiterlijk deze datum maakt je zorgaanbieder een eindevaluatie" in text
    assert "(versie 4 december 2023, vraag 7)" in text


def test_faq_answer_offers_a_plan_for_the_end_date_and_product_it_names(server: str) -> None:
    """An FAQ question with an end date and a product: the answer's plan button carries both,
    and the plan asks for neither again."""
    chat = Chat(server)
    replies = chat.say("wie onderneemt actie als de indicatie 45A51 van mijn zoon op 1 september "
                       "2030 afloopt?")
    assert replies[0]["text"].endswith("versie 4 december 2023, vraag 7.")
    plan = {b["title"]: b["payload"] for b in replies[0].get("buttons") or []}
    payload = plan["Maak een plan voor einddatum 1 september 2030"]
    assert payload == '/plan_indicatie{"einddatum": "2030-09-01", "product": "45A51"}'
    assert "Heb je nog andere indicaties die doorlopen?" in chat.text(payload)
    text = chat.text("nee")
    assert "Je indicatie loopt af op 1 september 2030." in text


def test_naar_wij_with_buttons_and_an_interrupting_question(server: str) -> None:
    chat = Chat(server)
    replies = chat.say("moet ik naar wij?")
    assert [b["title"] for b in replies[-1]["buttons"]] == ["Ja", "Nee"]
    chat.say("ja")
    text = chat.text("ben jij een robot?")
    assert "computerprogramma" in text and "Voor wie vraag je het?" in text, "form goes on"
    chat.say("voor mijn kind")
    chat.say("nee")
    assert "Ga naar WIJ Groningen. Voor Gezinsbegeleiding basis (45A51)" in chat.text("45A51")


def test_naar_wij_not_living_here(server: str) -> None:
    chat = Chat(server)
    chat.say("moet ik naar wij?")
    assert "eigen gemeente" in chat.text("nee")


def test_faq_question_leaves_the_form(server: str) -> None:
    chat = Chat(server)
    chat.say("maak een plan voor mijn indicatie")
    assert "Bron: Vragen en antwoorden Basis jeugdhulp, versie 4 december 2023, vraag 20." in (
        chat.text("kan ik een pgb krijgen als mijn indicatie afloopt?"))


# ---------------------------------------------------------------- what changed (issue 5)

def test_what_changed_since_2022(server: str) -> None:
    text = Chat(server).text("wat is er veranderd sinds 2022?")
    assert text.startswith("Dit is er veranderd van de versie van 29 september 2022")
    assert "7 producten erbij die naar WIJ gaan" in text


def test_older_version_of_a_topic_with_source(server: str) -> None:
    text = Chat(server).text("wat zei de versie van september 2022 over het informeren van verwijzers?")
    assert text.endswith("versie 29 september 2022, vraag 16.")


def test_socketio_channel_answers(server: str) -> None:
    """The widget's channel: python-socketio < 5.10, or clients get no replies at all."""
    socketio = pytest.importorskip("socketio")
    client = socketio.Client()
    received: list[dict[str, Any]] = []
    client.on("bot_uttered", received.append)
    client.connect(server, socketio_path="/socket.io", transports=["polling"])
    try:
        session = f"socket-{uuid.uuid4().hex[:8]}"
        client.emit("session_request", {"session_id": session})
        client.emit("user_uttered", {"message": "hoe zit het met pgb?", "session_id": session})
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not any("Bron:" in m.get("text", "") for m in received):
            time.sleep(0.2)
    finally:
        client.disconnect()
    texts = [m.get("text", "") for m in received]
    assert any(t.startswith("Niet bij hulp van WIJ Groningen") for t in texts), texts
    assert any("versie 4 december 2023, vraag 20." in t for t in texts), texts
    payloads = [q.get("payload") for m in received for q in m.get("quick_replies") or []]
    assert "/show_official_text" in payloads


def test_benchmark_smoke() -> None:
    """`make bench` works: a small run through `make run` with no errors (not a timing test)."""
    subprocess.run([str(ROOT / ".venv/bin/python"), "benchmarks/bench.py", "--smoke"], cwd=ROOT,
                   check=True, capture_output=True,
                   env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    result = json.loads((ROOT / "var/bench/smoke.json").read_text())
    run = result["runs"][0]
    assert run["single_user"]["n"] >= 30 and run["single_user"]["errors"] == 0
    for load in ("concurrent", "paced"):
        assert run[load]["n"] > 0 and run[load]["errors"] == 0, load
        assert run[load]["conversations_with_foreign_state"] == 0, load
    assert run["memory_after_load"]["rasa_server_mb"] > 0
    assert 0 < run["memory_after_load"]["all_pss_mb"] < 2 * run["memory_after_load"]["rasa_server_mb"] + 500
    # An answer's text is part of its topic's document (intent metadata): the model retrains.
    assert result["answer_change"]["retrained"] is True
    assert result["answer_change"]["changed_file"].startswith("faq/versions/")
