"""Rasa's SQL tracker store, made loud and made cheap.

Loud: when the database fails, Rasa's fail-safe wrapper keeps the conversation in memory and
only logs. This store also logs an ALERT and marks the message being handled, so the REST
channel can tell the resident it was not saved (503) instead of a normal reply that hides
the loss.

Cheap: Rasa reads a conversation back for every message (all its events, parsed from JSON
and replayed into a tracker) and, to save it, counts the stored events again. Here the
tracker is kept in memory after a save, with what the database held then: the number of the
conversation's rows and its highest row id. A read asks the database only for those two
numbers; when they still match (no other replica or worker wrote, nothing was purged) the
kept tracker is returned, else it is read as Rasa reads it. A save writes only the events
added since. The database stays the truth; the cache only skips work. It is off with an
event broker (which diffs against a fresh read) and with ``cache_size: 0``.

SQLite: Rasa opens a new connection per read or write and commits in rollback-journal mode,
which waits for the disk twice per message in the server's only thread (about 6 ms here,
`benchmarks/store_bench.py`). This store keeps one connection open and uses write-ahead
logging with ``synchronous=NORMAL``: a commit is an append, and the log is synced to the
database file at checkpoints. A crash of the server loses nothing; a power cut or kernel
crash may lose the last commits (not corrupt the file). ``sqlite_wal: false`` in endpoints.yml
restores Rasa's behaviour.

Used by endpoints.yml (SQLite) and deploy/endpoints.postgres.yml (PostgreSQL).
"""

from __future__ import annotations

import contextvars
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)
# Set by the channel per message: a list the store appends a failure to. A task created
# after it is set shares the same list.
STORE_FAILURES: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "store_failures", default=None)
DEFAULT_CACHE_SIZE = 256

Marker = tuple[int, int]  # (rows of the conversation, highest row id)
_EVENTS = SQLTrackerStore.SQLEvent.__table__
# Built once: building a statement costs more than running it (190 us against 40 us here).
_MARKER = sa.select(sa.func.count(_EVENTS.c.id), sa.func.max(_EVENTS.c.id)).where(
    _EVENTS.c.sender_id == sa.bindparam("sender_id"))
_INSERT = _EVENTS.insert()


def _failed(operation: str, error: Exception) -> None:
    logger.error("ALERT: tracker database unavailable (%s failed: %s); the conversation is "
                 "not being saved", operation, type(error).__name__)
    failures = STORE_FAILURES.get()
    if failures is not None:
        failures.append(operation)


def _sqlite_wal(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@dataclass
class _Kept:
    tracker: DialogueStateTracker | None  # None: the conversation had no rows
    stored: int  # how many of tracker.events are in the database
    marker: Marker


class AlertingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, cache_size: int | str = DEFAULT_CACHE_SIZE,
                 sqlite_wal: bool | str = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cache_size = int(cache_size)
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        if self.engine.dialect.name == "sqlite" and str(sqlite_wal).lower() != "false" \
                and self.engine.url.database not in (None, "", ":memory:"):
            self._keep_sqlite_open()

    def _keep_sqlite_open(self) -> None:
        """One connection, kept open, in WAL mode (see the module docstring)."""
        engine = sa.create_engine(self.engine.url, poolclass=sa.pool.QueuePool, pool_size=1,
                                  connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_wal)
        self.engine.dispose()
        self.engine = engine
        self.sessionmaker = sa.orm.session.sessionmaker(bind=engine)

    @property
    def _caching(self) -> bool:
        # An event broker diffs the saved tracker against a fresh read: give it a fresh one.
        return self.cache_size > 0 and self.event_broker is None

    def _marker(self, sender_id: str) -> Marker:
        with self.engine.connect() as connection:
            count, highest = connection.execute(_MARKER, {"sender_id": sender_id}).one()
        return int(count or 0), int(highest or 0)

    def _keep(self, sender_id: str, kept: _Kept) -> None:
        self._kept[sender_id] = kept
        self._kept.move_to_end(sender_id)
        while len(self._kept) > self.cache_size:
            self._kept.popitem(last=False)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        try:
            if not self._caching:
                return await super().retrieve(sender_id)
            marker = self._marker(sender_id)
            kept = self._kept.get(sender_id)
            if kept and kept.marker == marker and kept.tracker is None:
                return None  # still no rows: a new conversation, about to be created
            if kept and kept.marker == marker and kept.tracker is not None \
                    and len(kept.tracker.events) == kept.stored:
                self._kept.move_to_end(sender_id)
                return kept.tracker
            self._kept.pop(sender_id, None)
            if marker == (0, 0):
                self._keep(sender_id, _Kept(None, 0, marker))
                return None
            # Rows written after `marker` was read make the marker stale, never the tracker:
            # the next read then misses and reads again.
            tracker = await super().retrieve(sender_id)
            if tracker is not None:
                self._keep(sender_id, _Kept(tracker, len(tracker.events), marker))
            return tracker
        except Exception as error:
            _failed("read", error)
            raise

    async def save(self, tracker: DialogueStateTracker) -> None:
        kept = self._kept.pop(tracker.sender_id, None)
        try:
            if not self._caching or kept is None or not (
                    kept.tracker is tracker or kept.tracker is None):
                await super().save(tracker)
                return
            new = list(tracker.events)[kept.stored:]
            with self.engine.begin() as connection:  # one transaction, committed at the end
                ids = [connection.execute(_INSERT, self._row(tracker.sender_id, event))
                       .inserted_primary_key[0] for event in new]
            # After a new session starts, the kept tracker also holds the old session's
            # events, which a read from the database leaves out; Rasa's prediction only
            # looks at events after the latest SessionStarted either way.
            marker = (kept.marker[0] + len(ids), max([kept.marker[1], *ids]))
            self._keep(tracker.sender_id, _Kept(tracker, len(tracker.events), marker))
        except Exception as error:
            _failed("write", error)
            raise

    @staticmethod
    def _row(sender_id: str, event: Any) -> dict[str, Any]:
        """The row Rasa's ``save`` writes for an event."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }
