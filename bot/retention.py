"""Retention: delete conversations (and feedback) older than the configured number of days.

Works on Rasa's SQL tracker store schema (table ``events``: one row per event, with
``sender_id`` and a Unix ``timestamp``). A conversation is deleted as a whole once its last
event is older than the cut-off, so no conversation is left half.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import sqlalchemy as sa

from bot.web.config import WebConfig
from bot.web.feedback import FeedbackStore


def cutoff(days: int, now: dt.datetime | None = None) -> dt.datetime:
    if days < 1:
        raise ValueError("RETENTION_DAYS moet minstens 1 zijn")
    return (now or dt.datetime.now(dt.timezone.utc)) - dt.timedelta(days=days)


def purge_conversations(url: str, before: dt.datetime) -> tuple[int, int]:
    """Delete every conversation whose newest event is older than ``before``.
    Returns (conversations, events) deleted; a store without an ``events`` table has none."""
    engine = sa.create_engine(url)
    try:
        if not sa.inspect(engine).has_table("events"):
            return 0, 0
        with engine.begin() as conn:
            old = [
                row[0]
                for row in conn.execute(
                    sa.text("SELECT sender_id FROM events GROUP BY sender_id "
                            "HAVING MAX(timestamp) < :ts"),
                    {"ts": before.timestamp()},
                )
            ]
            events = 0
            for i in range(0, len(old), 500):
                chunk = old[i:i + 500]
                result = conn.execute(
                    sa.text("DELETE FROM events WHERE sender_id IN :ids").bindparams(
                        sa.bindparam("ids", expanding=True)),
                    {"ids": chunk},
                )
                events += result.rowcount
        return len(old), events
    finally:
        engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def purge(config: WebConfig, store_versions: dict[str, str], now: dt.datetime | None = None) -> str:
    """Purge the tracker store and the feedback store; a one-line report (Dutch)."""
    before = cutoff(config.retention_days, now)
    conversations, events = (0, 0)
    if config.tracker_url:
        conversations, events = purge_conversations(config.tracker_url, before)
    elif config.tracker_db.exists():
        conversations, events = purge_conversations(sqlite_url(config.tracker_db), before)
    feedback = 0
    if config.feedback_db.exists():
        feedback = FeedbackStore(config.feedback_db, store_versions).purge(before)
    return (f"Bewaartermijn {config.retention_days} dagen (alles van voor "
            f"{before:%Y-%m-%d %H:%M} UTC): {conversations} gesprekken ({events} gebeurtenissen) "
            f"en {feedback} reacties verwijderd.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, help="bewaartermijn in dagen (standaard RETENTION_DAYS)")
    args = parser.parse_args(argv)
    config = WebConfig.from_env()
    if args.days is not None:
        config = WebConfig(**{**config.__dict__, "retention_days": args.days})
    from bot.faq.store import default_store

    versions = {v.label: v.id for v in default_store().versions}
    try:
        print(purge(config, versions))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
