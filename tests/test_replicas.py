"""Scale-out, for real: two Rasa replicas with conversations in PostgreSQL and a Redis lock
store, behind nginx (round robin). Private PostgreSQL, Redis and nginx instances on free
ports, started here from Debian's packages (scripts/services_setup.sh installs them)."""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
import sqlalchemy as sa

from bot.devserver import ROOT, DevServers, free_port

pytestmark = pytest.mark.e2e
PG_ROOT = Path("/usr/lib/postgresql")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _pg_bin() -> Path:
    versions = sorted(PG_ROOT.glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not versions or not shutil.which("redis-server") or not Path(NGINX).exists():
        pytest.fail("PostgreSQL, Redis or nginx missing: run scripts/services_setup.sh "
                    "(make test does)")
    return versions[-1].parent


def _as_postgres(*cmd: str) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)


@dataclass
class Cluster:
    nginx: str
    pg_url: str
    replicas: tuple[str, str]


def _wait_port(port: int, timeout: float = 30) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    pg_bin = _pg_bin()
    tmp = tmp_path_factory.mktemp("replicas")
    started: list[subprocess.Popen[bytes]] = []
    servers: list[DevServers] = []
    # Outside pytest's private temp folder, which the postgres user may not enter.
    pg_dir = Path(tempfile.mkdtemp(prefix="jeugdhulp-pg-"))
    if os.geteuid() == 0:
        shutil.chown(pg_dir, "postgres")
    pg_port, redis_port, nginx_port = free_port(), free_port(), free_port()
    password = uuid.uuid4().hex
    try:
        subprocess.run(_as_postgres(str(pg_bin / "initdb"), "-D", str(pg_dir), "-A", "trust",
                                    "-U", "postgres"), check=True, capture_output=True)
        subprocess.run(_as_postgres(
            str(pg_bin / "pg_ctl"), "-D", str(pg_dir), "-l", str(pg_dir / "log"), "-w", "start",
            "-o", f"-p {pg_port} -k {pg_dir} -c listen_addresses=127.0.0.1"),
            check=True, capture_output=True)
        psql = [str(pg_bin / "psql"), "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres",
                "-v", "ON_ERROR_STOP=1", "-c"]
        subprocess.run([*psql, f"CREATE USER jeugdhulp PASSWORD '{password}'"], check=True,
                       capture_output=True)
        subprocess.run([*psql, "CREATE DATABASE jeugdhulp OWNER jeugdhulp"], check=True,
                       capture_output=True)
        redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                                  "--save", "", "--appendonly", "no"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started.append(redis)
        _wait_port(redis_port)

        env = {"ENDPOINTS": "deploy/endpoints.postgres.yml", "PGHOST": "127.0.0.1",
               "PGPORT": str(pg_port), "PGDATABASE": "jeugdhulp", "PGUSER": "jeugdhulp",
               "PGPASSWORD": password, "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(redis_port)}
        first = DevServers(tmp / "r1", SERVICES="actions rasa", **env)
        second = DevServers(tmp / "r2", SERVICES="rasa", ACTION_ENDPOINT_URL=(
            f"http://localhost:{first.actions_port}/webhook"), **env)
        servers += [first, second]
        first.start(timeout=300)
        second.start(timeout=300)

        nginx_dir = tmp / "nginx"
        nginx_dir.mkdir()
        upstreams = "\n".join(f"    server 127.0.0.1:{s.rasa_port};" for s in servers)
        template = (ROOT / "deploy" / "nginx.conf.template").read_text()
        conf = nginx_dir / "nginx.conf"
        conf.write_text(template.format(dir=nginx_dir, port=nginx_port, upstreams=upstreams))
        nginx = subprocess.Popen([NGINX, "-p", str(nginx_dir), "-c", str(conf), "-g",
                                  "daemon off;"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        started.append(nginx)
        _wait_port(nginx_port)
        yield Cluster(
            nginx=f"http://127.0.0.1:{nginx_port}",
            pg_url=f"postgresql://jeugdhulp:{password}@127.0.0.1:{pg_port}/jeugdhulp",
            replicas=(f"127.0.0.1:{first.rasa_port}", f"127.0.0.1:{second.rasa_port}"),
        )
    finally:
        for s in servers:
            s.stop()
        for proc in started:
            proc.terminate()
            proc.wait(timeout=10)
        subprocess.run(_as_postgres(str(pg_bin / "pg_ctl"), "-D", str(pg_dir), "-m", "fast",
                                    "stop"), capture_output=True)
        shutil.rmtree(pg_dir, ignore_errors=True)


def say(base: str, sender: str, text: str) -> tuple[str, str]:
    """(the replica that answered, the reply text) through nginx."""
    request = urllib.request.Request(
        f"{base}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        replies = json.loads(response.read())
        return response.headers["X-Replica"], "\n".join(r.get("text", "") for r in replies)


def events(pg_url: str, sender: str) -> list[dict[str, Any]]:
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"),
                                {"s": sender}).fetchall()
    finally:
        engine.dispose()
    return [json.loads(row[0]) for row in rows]


def test_a_conversation_alternating_between_replicas_keeps_slots_and_order(
    cluster: Cluster,
) -> None:
    sender = f"replica-{uuid.uuid4().hex[:6]}"
    turns = [
        ("mijn indicatie loopt af", "bron"),  # the FAQ answer, with a button to plan
        ("/plan_indicatie", "welke datum"),  # the button
        ("1 juni 2030", "product"),
        ("45A51", "andere indicaties"),
        ("nee", "2030"),
        ("welk wij team hoort bij mij?", "postcode"),
        ("9736", "WIJ Beijum"),
    ]
    served = []
    for text, expected in turns:
        replica, reply = say(cluster.nginx, sender, text)
        served.append(replica)
        assert expected.lower() in reply.lower(), (text, reply)
    assert set(served) == set(cluster.replicas), served
    assert all(a != b for a, b in zip(served, served[1:], strict=False)), \
        f"round robin: each message went to the other replica: {served}"
    said = [e["text"] for e in events(cluster.pg_url, sender) if e["event"] == "user"]
    assert said == [text for text, _ in turns], "every message stored, in order"
    slots = {e["name"]: e["value"] for e in events(cluster.pg_url, sender) if e["event"] == "slot"}
    assert slots.get("einddatum") == "2030-06-01" and slots.get("product") == "45A51"


def test_concurrent_messages_to_one_conversation_are_serialised(cluster: Cluster) -> None:
    sender = f"burst-{uuid.uuid4().hex[:6]}"
    messages = [f"hallo {i}" for i in range(20)]
    with concurrent.futures.ThreadPoolExecutor(len(messages)) as pool:
        served = list(pool.map(lambda m: say(cluster.nginx, sender, m)[0], messages))
    assert set(served) == set(cluster.replicas), "both replicas took part"
    # A message still waiting for the lock when its reply was due got the polite "not now"
    # reply (within 3 s) and is handled afterwards: wait for the queue to drain.
    deadline = time.monotonic() + 90
    while True:
        stream = events(cluster.pg_url, sender)
        said = [e["text"] for e in stream if e["event"] == "user"]
        if len(said) >= len(messages) or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert sorted(said) == sorted(messages), "no message lost or doubled"
    # Serialised: after each user message, the bot answers and listens before the next one.
    waiting_for_listen = False
    for event in stream:
        if event["event"] == "user":
            assert not waiting_for_listen, "a message was handled while another was in progress"
            waiting_for_listen = True
        elif event["event"] == "action" and event.get("name") == "action_listen":
            waiting_for_listen = False
    bot_replies = [e for e in stream if e["event"] == "bot"]
    assert len(bot_replies) >= len(messages)


def test_retention_purge_works_on_postgresql(cluster: Cluster) -> None:
    """Last: `make purge` with TRACKER_URL deletes whole old conversations from PostgreSQL."""
    import datetime as dt

    from bot.retention import purge_conversations

    engine = sa.create_engine(cluster.pg_url)
    with engine.connect() as conn:
        before = conn.execute(sa.text("SELECT COUNT(DISTINCT sender_id) FROM events")).scalar()
    engine.dispose()
    assert before and before >= 2
    nothing, _ = purge_conversations(cluster.pg_url, dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    assert nothing == 0
    tomorrow = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
    conversations, removed = purge_conversations(cluster.pg_url, tomorrow)
    assert conversations == before and removed > 0
