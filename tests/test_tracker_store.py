"""The tracker store's cache: it must give what the database holds, whoever wrote it."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from channels.tracker_store import AlertingSQLTrackerStore

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


def _store(domain: Domain, db: Path, cls: Any = AlertingSQLTrackerStore, **kw: Any) -> Any:
    return cls(domain, dialect="sqlite", db=str(db), **kw)


def _turn(text: str, intent: str, slot: tuple[str, Any] | None = None) -> list[Event]:
    events: list[Event] = [UserUttered(text, {"name": intent, "confidence": 0.9})]
    if slot:
        events.append(SlotSet(*slot))
    return events + [ActionExecuted("action_answer_faq"), ActionExecuted("action_listen")]


async def _greet_then_ask(store: Any, sender: str) -> None:
    """The opening of most tests: a greeting, then a FAQ question."""
    for turn in (_turn("hoi", "greet"), _turn("pgb", "faq_pgb")):
        await _message(store, sender, turn)


async def _message(store: Any, sender: str, events: list[Event]) -> DialogueStateTracker:
    """What the processor does per message: get or create, add events, save."""
    tracker = await store.get_or_create_tracker(sender)
    for event in events:
        tracker.update(event)
    await store.save(tracker)
    return tracker


def _dicts(tracker: DialogueStateTracker | None) -> list[dict[str, Any]]:
    return [e.as_dict() for e in tracker.events] if tracker else []


def test_cached_reads_equal_fresh_reads(domain: Domain, tmp_path: Path) -> None:
    async def run() -> None:
        store = _store(domain, tmp_path / "t.db")
        plain = _store(domain, tmp_path / "t.db", cls=SQLTrackerStore)
        turns = [_turn("hoi", "greet"), _turn("pgb", "faq_pgb", ("faq_topic", "pgb")),
                 _turn("9736", "inform", ("locatie", "9736")), _turn("doei", "goodbye")]
        hits = 0
        for turn in turns:
            before = store._kept.get("a")
            tracker = await _message(store, "a", turn)
            hits += before is not None and before.tracker is tracker
            assert _dicts(await plain.retrieve("a")) == _dicts(await store.retrieve("a"))
            assert (await store.retrieve("a")).current_slot_values() == \
                (await plain.retrieve("a")).current_slot_values()
        assert hits >= len(turns) - 2  # the first messages read the database

    asyncio.run(run())


def test_rows_are_the_rows_rasa_writes(domain: Domain, tmp_path: Path) -> None:
    async def run() -> None:
        for name, cls in (("ours", AlertingSQLTrackerStore), ("rasa", SQLTrackerStore)):
            store = _store(domain, tmp_path / f"{name}.db", cls=cls)
            for turn in (_turn("hoi", "greet"), _turn("pgb", "faq_pgb", ("faq_topic", "pgb")),
                         _turn("nog eens", "faq_pgb")):
                await _message(store, "a", turn)

    asyncio.run(run())
    columns = "sender_id, type_name, intent_name, action_name, data"
    rows = {}
    for name in ("ours", "rasa"):
        with sqlite3.connect(tmp_path / f"{name}.db") as db:
            rows[name] = [(*row[:4], {k: v for k, v in json.loads(row[4]).items() if k != "timestamp"})
                          for row in db.execute(f"SELECT {columns} FROM events ORDER BY id")]
    assert len(rows["ours"]) > 10
    assert rows["ours"] == rows["rasa"]


def test_another_worker_writes_in_between(domain: Domain, tmp_path: Path) -> None:
    async def run() -> None:
        first, second = _store(domain, tmp_path / "t.db"), _store(domain, tmp_path / "t.db")
        await _greet_then_ask(first, "a")
        await _message(second, "a", _turn("9736", "inform", ("locatie", "9736")))
        seen = await first.retrieve("a")
        assert seen is not None and seen.get_slot("locatie") == "9736"
        await _message(first, "a", _turn("doei", "goodbye"))
        assert _dicts(await second.retrieve("a")) == _dicts(await first.retrieve("a"))

    asyncio.run(run())


def test_unsaved_changes_are_not_served(domain: Domain, tmp_path: Path) -> None:
    async def run() -> None:
        store = _store(domain, tmp_path / "t.db")
        await _greet_then_ask(store, "a")
        tracker = await store.retrieve("a")
        stored = _dicts(tracker)
        tracker.update(SlotSet("locatie", "9999"))  # e.g. an action failed before the save
        again = await store.retrieve("a")
        assert _dicts(again) == stored and again.get_slot("locatie") is None

    asyncio.run(run())


def test_purged_conversation_is_gone(domain: Domain, tmp_path: Path) -> None:
    async def run() -> None:
        store = _store(domain, tmp_path / "t.db")
        await _greet_then_ask(store, "a")
        with sqlite3.connect(tmp_path / "t.db") as db:
            db.execute("DELETE FROM events WHERE sender_id = 'a'")
        assert await store.retrieve("a") is None

    asyncio.run(run())


def test_new_session_predicts_as_a_fresh_read(domain: Domain, tmp_path: Path) -> None:
    """A fresh read leaves out the old session; the kept tracker still holds it. What Rasa
    predicts from (events after the latest SessionStarted, slots) must be the same."""

    def applied(tracker: DialogueStateTracker) -> list[dict[str, Any]]:
        return [e.as_dict() for e in tracker.applied_events()]

    async def run() -> None:
        store = _store(domain, tmp_path / "t.db")
        plain = _store(domain, tmp_path / "t.db", cls=SQLTrackerStore)
        for turn in (_turn("hoi", "greet"), _turn("pgb", "faq_pgb", ("locatie", "9736"))):
            await _message(store, "a", turn)
        await _message(store, "a", [ActionExecuted("action_session_start"), SessionStarted(),
                                    SlotSet("locatie", "9736"), ActionExecuted("action_listen")])
        await _message(store, "a", _turn("doei", "goodbye"))
        kept, fresh = await store.retrieve("a"), await plain.retrieve("a")
        assert kept is store._kept["a"].tracker
        assert len(kept.events) > len(fresh.events)
        assert applied(kept) == applied(fresh)
        assert kept.current_slot_values() == fresh.current_slot_values()
        assert kept.latest_message.as_dict() == fresh.latest_message.as_dict()

    asyncio.run(run())


@pytest.mark.parametrize("size, kept", [(0, 0), (2, 2), (256, 3)])
def test_cache_is_bounded(domain: Domain, tmp_path: Path, size: int, kept: int) -> None:
    async def run() -> None:
        store = _store(domain, tmp_path / "t.db", cache_size=size)
        for sender in "abc":
            await _greet_then_ask(store, sender)
            await store.retrieve(sender)
        assert len(store._kept) == kept

    asyncio.run(run())


def test_one_worker_never_reads_a_conversation_back(
        domain: Domain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = []
    full_read = SQLTrackerStore._retrieve

    async def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        reads.append(args[0])
        return await full_read(self, *args, **kwargs)

    monkeypatch.setattr(SQLTrackerStore, "_retrieve", counted)

    async def run() -> None:
        store = _store(domain, tmp_path / "t.db")
        for turn in (_turn("hoi", "greet"), _turn("pgb", "faq_pgb"), _turn("doei", "goodbye")):
            await _message(store, "a", turn)
        assert reads == []
        await _message(_store(domain, tmp_path / "t.db"), "a", _turn("hoi", "greet"))
        assert reads == ["a"]  # another worker, without the conversation in memory

    asyncio.run(run())


@pytest.mark.parametrize("options, mode", [({}, "wal"), ({"sqlite_wal": "false"}, "delete")])
def test_sqlite_journal(domain: Domain, tmp_path: Path, options: dict[str, Any], mode: str) -> None:
    async def run() -> None:
        store = _store(domain, tmp_path / "t.db", **options)
        await _message(store, "a", _turn("hoi", "greet"))
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == mode

    asyncio.run(run())
