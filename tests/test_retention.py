"""Retention: `make purge` deletes whole conversations older than RETENTION_DAYS, and old
feedback, from Rasa's real SQL tracker store schema."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import retention
from bot.web.config import WebConfig
from bot.web.feedback import FeedbackStore

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.timezone.utc)


def _days_ago(days: float) -> float:
    return (NOW - dt.timedelta(days=days)).timestamp()


def _save(db: Path, conversations: dict[str, list[float]]) -> None:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    for sender, stamps in conversations.items():
        events = [UserUttered("hallo", timestamp=t) if i % 2 == 0 else BotUttered("hoi", timestamp=t)
                  for i, t in enumerate(stamps)]
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


def _senders(db: Path) -> set[str]:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    return set(asyncio.run(store.keys()))


def test_purge_deletes_whole_old_conversations_only(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    _save(db, {
        "old": [_days_ago(40), _days_ago(39)],
        "just_old": [_days_ago(30.01)],
        "recent": [_days_ago(2), _days_ago(1)],
        "spans": [_days_ago(45), _days_ago(10)],  # last message recent: kept, all of it
    })
    feedback = FeedbackStore(tmp_path / "feedback.db", {})
    feedback.add("up", "Bron: x", "", now=NOW - dt.timedelta(days=31))
    feedback.add("down", "Bron: y", "", now=NOW - dt.timedelta(days=1))
    config = WebConfig(tracker_db=db, feedback_db=tmp_path / "feedback.db", retention_days=30)

    report = retention.purge(config, {}, now=NOW)

    assert _senders(db) == {"recent", "spans"}
    assert "2 gesprekken (3 gebeurtenissen)" in report and "1 reacties" in report
    assert [f.source for f in feedback.latest()] == ["Bron: y"]
    spans = asyncio.run(SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
                        .retrieve("spans"))
    assert spans is not None and len(spans.events) == 2


def test_purge_without_stores_and_bad_days(tmp_path: Path) -> None:
    config = WebConfig(tracker_db=tmp_path / "none.db", feedback_db=tmp_path / "none2.db")
    assert "0 gesprekken" in retention.purge(config, {}, now=NOW)
    with pytest.raises(ValueError):
        retention.cutoff(0)


def test_make_purge_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "tracker.db"
    _save(db, {"old": [_days_ago(400)], "new": [dt.datetime.now(dt.timezone.utc).timestamp()]})
    monkeypatch.setenv("TRACKER_DB", str(db))
    monkeypatch.setenv("FEEDBACK_DB", str(tmp_path / "feedback.db"))
    assert retention.main(["--days", "365"]) == 0
    assert "1 gesprekken" in capsys.readouterr().out
    assert _senders(db) == {"new"}
    assert retention.main(["--days", "0"]) == 2
