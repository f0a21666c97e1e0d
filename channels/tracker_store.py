"""Rasa's SQL tracker store, made loud: when the database fails, Rasa's fail-safe wrapper
keeps the conversation in memory and only logs. This store also logs an ALERT and marks the
message being handled, so the REST channel can tell the resident it was not saved (503)
instead of a normal reply that hides the loss. Used by endpoints.yml (SQLite) and
deploy/endpoints.postgres.yml (PostgreSQL)."""

from __future__ import annotations

import contextvars
import logging

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)
# Set by the channel per message: a list the store appends a failure to. A task created
# after it is set shares the same list.
STORE_FAILURES: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "store_failures", default=None)


def _failed(operation: str, error: Exception) -> None:
    logger.error("ALERT: tracker database unavailable (%s failed: %s); the conversation is "
                 "not being saved", operation, type(error).__name__)
    failures = STORE_FAILURES.get()
    if failures is not None:
        failures.append(operation)


class AlertingSQLTrackerStore(SQLTrackerStore):
    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        try:
            return await super().retrieve(sender_id)
        except Exception as error:
            _failed("read", error)
            raise

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await super().save(tracker)
        except Exception as error:
            _failed("write", error)
            raise
