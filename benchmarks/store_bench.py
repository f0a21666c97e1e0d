"""Cost of the tracker store per message: Rasa's SQL store against ours, on SQLite.

Usage: python benchmarks/store_bench.py [--conversations 60] [--messages 4]
Each message does what Rasa's processor does: read the conversation, add a user message and
two actions, save it. Prints milliseconds per message for each variant, best of 3 rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from rasa.core.tracker_store import SQLTrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, UserUttered  # noqa: E402

from channels.tracker_store import AlertingSQLTrackerStore  # noqa: E402

VARIANTS: dict[str, tuple[Any, dict[str, Any]]] = {
    "Rasa SQLTrackerStore": (SQLTrackerStore, {}),
    "ours, no cache, no WAL": (AlertingSQLTrackerStore, {"cache_size": 0, "sqlite_wal": False}),
    "ours, cache, no WAL": (AlertingSQLTrackerStore, {"sqlite_wal": False}),
    "ours, no cache, WAL": (AlertingSQLTrackerStore, {"cache_size": 0}),
    "ours (cache and WAL)": (AlertingSQLTrackerStore, {}),
}


async def per_message_ms(store: Any, conversations: int, messages: int) -> float:
    start = time.perf_counter()
    for conversation in range(conversations):
        for _ in range(messages):
            tracker = await store.get_or_create_tracker(f"c{conversation}")
            for event in (UserUttered("hoi", {"name": "greet", "confidence": 1.0}),
                          ActionExecuted("action_answer_faq"), ActionExecuted("action_listen")):
                tracker.update(event)
            await store.save(tracker)
    return (time.perf_counter() - start) * 1000 / (conversations * messages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=60)
    parser.add_argument("--messages", type=int, default=4)
    args = parser.parse_args()
    domain = Domain.load(ROOT / "domain.yml")
    (ROOT / "var").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / "var") as tmp:  # the disk the store uses
        for name, (cls, options) in VARIANTS.items():
            best = min(
                asyncio.run(per_message_ms(
                    cls(domain, dialect="sqlite", db=f"{tmp}/{abs(hash(name))}-{attempt}.db", **options),
                    args.conversations, args.messages))
                for attempt in range(3))
            print(f"{name:<26} {best:6.2f} ms per message")
    return 0


if __name__ == "__main__":
    sys.exit(main())
