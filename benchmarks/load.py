"""Load: many concurrent conversations of 20 messages each through the REST channel, then a
check of the tracker store: no errors, no lost or reordered events, no conversation that saw
another's slots. Figures, not a timed test. A reply that took over the channel's reply timeout
is the polite "not now" reply (counted apart); the message is still handled and stored.

  python benchmarks/load.py                 50 conversations x 20 messages, own servers
  python benchmarks/load.py --smoke         5 x 20 (CI)
  python benchmarks/load.py --url http://127.0.0.1:5005 --tracker-db var/tracker.db

Results: benchmarks/results/load.json (smoke: var/bench/load-smoke.json).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sqlite3
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bot.devserver import DevServers  # noqa: E402
from bot.texts import text as bot_text  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The bench's postcodes (each served by one team), its timed send and its percentile.
from bench import OWN_POSTCODES, send  # noqa: E402
from bench import _percentile as percentile  # noqa: E402


def script(own: str) -> list[str]:
    """20 messages: FAQ answers, buttons, three forms, small talk; ``own`` is this user's PC4."""
    return [
        "hallo", "wat is pgb?", "/show_official_text", "welk wij team hoort bij mij?", own,
        "moet ik naar wij?", "ja", "voor mijn kind", "nee", "45A51",
        "wanneer gaat de open house dicht?", "mijn indicatie loopt af", "1 juni 2030", "45A51",
        "nee", "wat is er veranderd sinds 2022?", "heb ik een indicatie nodig voor wij",
        "ben jij een robot?", "dank je", "doei",
    ]


async def conversation(session: aiohttp.ClientSession, url: str, sender: str, own: str,
                       latencies: list[float]) -> dict[str, Any]:
    errors, wrong_team, fallbacks = 0, 0, 0
    not_now = bot_text("unavailable")
    for text in script(own):
        ms, replies = await send(session, url, sender, text)
        latencies.append(ms)
        said = " ".join(r.get("text", "") for r in replies or [])
        if not replies:
            errors += 1
        elif not_now in said:  # no answer within the channel's reply timeout (2.5 s)
            fallbacks += 1
        elif text == own:
            wrong_team += f"Postcode {own} " not in said
    return {"sender": sender, "own": own, "errors": errors, "wrong_team": wrong_team,
            "fallbacks": fallbacks}


def check_store(db: Path, results: list[dict[str, Any]]) -> dict[str, int]:
    """Compare what each conversation sent with what the tracker store holds."""
    lost = reordered = foreign_slots = 0
    with sqlite3.connect(db) as conn:
        for r in results:
            rows = conn.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id",
                                (r["sender"],)).fetchall()
            stored = [json.loads(row[0]) for row in rows]
            said = [e["text"] for e in stored if e["event"] == "user"]
            sent = script(r["own"])
            lost += len(sent) - len(said)
            reordered += said != sent and sorted(said) == sorted(sent)
            locatie = [e["value"] for e in stored
                       if e["event"] == "slot" and e["name"] == "locatie" and e["value"]]
            foreign_slots += any(v != r["own"] for v in locatie)
    return {"lost_messages": lost, "reordered_conversations": reordered,
            "conversations_with_foreign_slots": foreign_slots}


async def run(url: str, conversations: int) -> tuple[list[dict[str, Any]], list[float], float]:
    latencies: list[float] = []
    tag = uuid.uuid4().hex[:6]
    t0 = time.perf_counter()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        results = await asyncio.gather(*(
            conversation(session, url, f"load-{tag}-{i}", OWN_POSTCODES[i % len(OWN_POSTCODES)],
                         latencies)
            for i in range(conversations)
        ))
    return list(results), latencies, time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="5 conversations (CI)")
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--url", help="a running Rasa server (else start `make run`)")
    parser.add_argument("--tracker-db", type=Path, help="its SQLite tracker store (with --url)")
    args = parser.parse_args()
    conversations = 5 if args.smoke else args.conversations
    servers = None
    if args.url:
        url, db = args.url, args.tracker_db
        if db is None:
            parser.error("--url needs --tracker-db")
    else:
        servers = DevServers(ROOT / "var" / "bench")
        servers.start()
        url, db = servers.rasa, servers.tracker_db
    try:
        results, latencies, seconds = asyncio.run(run(url, conversations))
    finally:
        if servers is not None:
            servers.stop()
    report = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "conversations": conversations, "messages_each": len(script("9736")),
        "messages": len(latencies), "seconds": round(seconds, 1),
        "messages_per_s": round(len(latencies) / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "errors": sum(r["errors"] for r in results),
        "not_now_replies": sum(r["fallbacks"] for r in results),
        "wrong_team_replies": sum(r["wrong_team"] for r in results),
        **check_store(Path(db), results),
    }
    out = ROOT / ("var/bench/load-smoke.json" if args.smoke else "benchmarks/results/load.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    bad = ("errors", "wrong_team_replies", "lost_messages", "reordered_conversations",
           "conversations_with_foreign_slots")
    return 1 if any(report[k] for k in bad) else 0


if __name__ == "__main__":
    sys.exit(main())
