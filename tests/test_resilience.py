"""Nothing lost, nothing leaked (issue 7), end to end against real servers: personal data never
stored or logged, conversations survive kill -9, faults degrade politely, the HTTP API needs
a token, CORS only for configured origins, and 1,000 hostile messages never make a 5xx."""

from __future__ import annotations

import http.server
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.devserver import ROOT, DevServers, free_port
from bot.input_guard import is_bsn
from bot.web.errors import MAX_BODY_BYTES

from .conftest import API_TOKEN, _post

pytestmark = pytest.mark.e2e
REPLY_LIMIT_S = 3.0


def say(base: str, sender: str, text: str) -> tuple[int, list[dict[str, Any]]]:
    status, replies = _post(f"{base}/webhooks/rest/webhook",
                            json.dumps({"sender": sender, "message": text}).encode())
    return status, replies or []


def text_of(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


# --- personal data ---------------------------------------------------------------------------

def _bsns(n: int, rng: random.Random) -> list[str]:
    found: list[str] = []
    while len(found) < n:
        digits = f"{rng.randrange(10**8, 10**9):09d}"
        if is_bsn(digits):
            found.append(digits)
    return found


def personal_messages() -> list[tuple[str, str]]:
    """(message, the secret in it): 60 messages, seeded, every kind the guard redacts."""
    rng = random.Random(7)
    out: list[tuple[str, str]] = []
    for i, bsn in enumerate(_bsns(10, rng)):
        spaced = f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}" if i % 2 else bsn
        out.append((f"mijn bsn is {spaced}, hoe zit het met pgb?", spaced))
    for _ in range(10):
        phone = f"06-{rng.randrange(10**7, 10**8)}"
        out.append((f"bel me op {phone} over mijn indicatie", phone))
    for i in range(10):
        mail = f"ouder{rng.randrange(1000, 9999)}.test{i}@voorbeeld.nl"
        out.append((f"mail naar {mail} wat ik moet doen", mail))
    for iban in ["NL91ABNA0417164300", "NL20INGB0001234567", "NL02RABO0123456789",
                 "NL39RABO0300065264", "NL44RABO0123456789", "NL69INGB0123456789",
                 "NL86INGB0002445588", "NL18RABO0123459876"]:
        out.append((f"betaal naar {iban} voor het pgb", iban))
    for _ in range(10):
        born = f"{rng.randrange(1, 28)}-{rng.randrange(1, 12)}-{rng.randrange(2008, 2024)}"
        out.append((f"mijn zoon is geboren op {born}, moet ik naar wij?", born))
    for i in range(12):
        house = f"9736 {rng.choice(['AB', 'KX', 'PL'])} {rng.randrange(1, 300)}{'a' if i % 3 == 0 else ''}"
        out.append((f"welk wij team hoort bij {house}", house))
    return out


def _store_dump(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT * FROM events").fetchall() if db.exists() else []
    return "\n".join(json.dumps(row, default=str) for row in rows)


def test_personal_data_never_reaches_store_logs_or_feedback(servers: DevServers) -> None:
    messages = personal_messages()
    assert len(messages) >= 50
    sender = f"privacy-{uuid.uuid4().hex[:6]}"
    for message, _ in messages:
        status, replies = say(servers.rasa, sender, message)
        assert status == 200 and replies, message
        for secret in (s for _, s in messages):
            assert secret not in text_of(replies), "personal data echoed"
        # Feedback carries the bot's answer; the widget never sends the user's text, but even
        # an answer that held personal data would be redacted before storage.
        _post(f"{servers.web}/api/feedback", json.dumps(
            {"vote": "down", "source": "Bron: x, versie 4 december 2023, vraag 1",
             "answer": message}).encode())
    time.sleep(1)  # let the servers flush their logs
    stored = _store_dump(servers.tracker_db)
    assert sender in stored, "the conversation itself is stored"
    logs = servers.log.read_text(errors="replace")
    with sqlite3.connect(servers.feedback_db) as conn:
        feedback = json.dumps(conn.execute("SELECT * FROM feedback").fetchall())
    for message, secret in messages:
        for where, content in (("tracker store", stored), ("logs", logs), ("feedback", feedback)):
            assert secret not in content, f"{secret!r} from {message!r} found in the {where}"
            digits = re.sub(r"\D", "", secret)
            if len(digits) >= 9:  # nor the same number written without separators
                assert not re.search(rf"(?<!\d){digits}(?!\d)", content), \
                    f"digits of {secret!r} found in the {where}"


def test_address_keeps_only_pc4_for_routing(servers: DevServers) -> None:
    sender = f"pc4-{uuid.uuid4().hex[:6]}"
    status, replies = say(servers.rasa, sender, "welk wij team hoort bij 9736 AB 12")
    assert status == 200 and "WIJ Beijum" in text_of(replies)
    stored = _store_dump(servers.tracker_db)
    mine = "\n".join(line for line in stored.splitlines() if sender in line)
    assert "9736" in mine and "9736 AB 12" not in mine and "AB 12" not in mine


def test_socketio_channel_redacts_too(servers: DevServers) -> None:
    socketio = pytest.importorskip("socketio")
    client = socketio.Client()
    received: list[dict[str, Any]] = []
    client.on("bot_uttered", received.append)
    client.connect(servers.rasa, socketio_path="/socket.io", transports=["polling"])
    session = f"sock-privacy-{uuid.uuid4().hex[:6]}"
    try:
        client.emit("session_request", {"session_id": session})
        client.emit("user_uttered", {"message": "mijn bsn is 123456782 en mail a.b@c.nl",
                                     "session_id": session})
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not received:
            time.sleep(0.2)
    finally:
        client.disconnect()
    assert any("persoonlijke gegevens" in m.get("text", "") for m in received), received
    stored = _store_dump(servers.tracker_db)
    assert session in stored
    assert "123456782" not in stored and "a.b@c.nl" not in stored


# --- HTTP API token and CORS -----------------------------------------------------------------

def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_rasa_http_api_needs_the_token(servers: DevServers) -> None:
    url = f"{servers.rasa}/conversations/anyone/tracker"
    assert _get(url)[0] == 401
    assert _get(url + "?token=wrong")[0] == 401
    assert _get(url + f"?token={API_TOKEN}")[0] == 200


def test_cors_only_for_configured_origins(servers: DevServers) -> None:
    own = f"http://localhost:{servers.web_port}"
    _, allowed = _get(f"{servers.rasa}/", {"Origin": own})
    assert allowed.get("Access-Control-Allow-Origin") == own
    _, other = _get(f"{servers.rasa}/", {"Origin": "https://elders.example"})
    assert "Access-Control-Allow-Origin" not in other


# --- hostile input ---------------------------------------------------------------------------

hostile = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=60),
    st.sampled_from(["", " ", "\x00", "\u202e", "<script>alert(1)</script>", "<b>pgb</b>",
                     "<img src=x onerror=alert(1)>", "&lt;b&gt;", "{{7*7}}", "${jndi:x}",
                     "/restart", "/faq_pgb{\"faq_version\": \"1999\"}", "' OR 1=1 --"]),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=5), st.integers(200, 3000)),
    st.builds(lambda a, b: f"<{a}>{b}</{a}>", st.from_regex(r"[a-z]{1,8}", fullmatch=True),
              st.text(max_size=40)),
)


@pytest.fixture(scope="module")
def fuzz_senders() -> list[str]:
    return [f"fuzz-{i}-{uuid.uuid4().hex[:4]}" for i in range(5)]


@settings(max_examples=1000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(message=hostile, which=st.integers(0, 4))
def test_fuzz_rest_channel(servers: DevServers, fuzz_senders: list[str], message: str,
                           which: int) -> None:
    body = json.dumps({"sender": fuzz_senders[which], "message": message}).encode()
    status, replies = _post(f"{servers.rasa}/webhooks/rest/webhook", body)
    if len(body) > MAX_BODY_BYTES:
        assert status == 413 and replies["error"], (status, len(body))
        return
    assert status == 200, (status, message)
    assert replies and all((r.get("text") or r.get("buttons")) for r in replies), message
    for reply in replies:
        assert not re.search(r"<\s*[a-zA-Z/!]", reply.get("text") or ""), ("markup", reply)


# --- faults: action server down or slow, tracker store unavailable, kill -9 --------------------

class ActionProxy:
    """Between Rasa and the action server: down (nothing listens), slow, or passing through."""

    def __init__(self, target: str) -> None:
        self.port = free_port()
        self.target = target
        self.delay = 0.0
        self.server: http.server.ThreadingHTTPServer | None = None

    def up(self, delay: float = 0.0) -> None:
        self.delay = delay
        if self.server is not None:
            return
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(proxy.delay)
                request = urllib.request.Request(proxy.target, data=body, headers={
                    "Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=30) as response:
                    data = response.read()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DevServers, ActionProxy]]:
    """Servers whose Rasa reaches the action server only through a proxy the test controls."""
    workdir = tmp_path_factory.mktemp("faults")
    proxy_port = free_port()
    servers = DevServers(workdir, ACTION_ENDPOINT_URL=f"http://127.0.0.1:{proxy_port}/webhook")
    proxy = ActionProxy(f"http://127.0.0.1:{servers.actions_port}/webhook")
    proxy.port = proxy_port
    try:
        servers.start(timeout=240)
    except RuntimeError as error:
        pytest.fail(str(error))
    yield servers, proxy
    proxy.down()
    servers.stop()


def _timed(base: str, sender: str, text: str) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    status, replies = say(base, sender, text)
    return time.perf_counter() - t0, status, text_of(replies)


def test_action_server_down_slow_and_back(faulty: tuple[DevServers, ActionProxy]) -> None:
    servers, proxy = faulty
    sender = f"faults-{uuid.uuid4().hex[:6]}"
    question = "kan ik met een pgb verder als mijn indicatie afloopt?"

    proxy.down()
    seconds, status, text = _timed(servers.rasa, sender, question)
    assert status == 200 and seconds < REPLY_LIMIT_S, (status, seconds)
    assert "lukt me nu even niet" in text and "entree van een WIJ-team" in text

    proxy.up(delay=5)
    seconds, status, text = _timed(servers.rasa, sender, question)
    assert status == 200 and seconds < REPLY_LIMIT_S, (status, seconds)
    assert "lukt me nu even niet" in text
    time.sleep(6)  # the slow answer completes in the background, then the lock is free

    proxy.up(delay=0)
    seconds, status, text = _timed(servers.rasa, sender, question)
    assert status == 200 and "Bron:" in text and "vraag 20" in text, text
    # The same conversation goes on: a form question and its answer.
    assert "postcode" in _timed(servers.rasa, sender, "welk wij team hoort bij mij?")[2].lower()
    assert "WIJ Beijum" in _timed(servers.rasa, sender, "9736")[2]


def test_conversation_survives_kill_9(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    sender = f"crash-{uuid.uuid4().hex[:6]}"
    first = DevServers(tmp_path / "a", TRACKER_DB=str(db))
    first.start(timeout=240)
    try:
        _, replies = say(first.rasa, sender, "welk wij team hoort bij mij?")
        assert "postcode" in text_of(replies).lower()
    finally:
        assert first.proc is not None
        os.killpg(first.proc.pid, signal.SIGKILL)  # no clean shutdown
        first.proc.wait(timeout=30)
    second = DevServers(tmp_path / "b", TRACKER_DB=str(db))
    second.start(timeout=240)
    try:
        _, replies = say(second.rasa, sender, "9736")
        assert "WIJ Beijum" in text_of(replies), "the form was still waiting for the postcode"
    finally:
        second.stop()


def test_tracker_database_unavailable_is_loud(faulty: tuple[DevServers, ActionProxy]) -> None:
    """Last in this module: it breaks the database of the `faulty` servers."""
    servers, proxy = faulty
    proxy.up(delay=0)
    # What a broken disk or volume looks like: every file of the database is garbage (in WAL
    # mode SQLite reads the log and its index before the database file).
    for path in (servers.tracker_db, *(servers.tracker_db.with_name(servers.tracker_db.name + x)
                                       for x in ("-wal", "-shm"))):
        if path.exists():
            with path.open("r+b") as fh:
                fh.write(b"this is not a database any more" * 200)
    status, replies = say(servers.rasa, f"lost-{uuid.uuid4().hex[:6]}", "wat is pgb?")
    assert status == 503
    assert "niet opgeslagen" in text_of(replies) and "WIJ Groningen" in text_of(replies)
    time.sleep(0.5)
    assert "ALERT" in servers.log.read_text(errors="replace")


# --- load ------------------------------------------------------------------------------------

def test_load_smoke(servers: DevServers) -> None:
    """benchmarks/load.py works and finds nothing lost (the figures come from `make load`)."""
    result = subprocess.run(
        [sys.executable, "benchmarks/load.py", "--smoke", "--url", servers.rasa,
         "--tracker-db", str(servers.tracker_db)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((ROOT / "var" / "bench" / "load-smoke.json").read_text())
    assert report["messages"] == 100 and report["lost_messages"] == 0
