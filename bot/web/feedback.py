"""Thumbs up/down on answers, stored in SQLite. Keeps which answer (version and question) and
the vote, never anything the user typed; the answer text is redacted all the same."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bot.input_guard import redact

SOURCE_RE = re.compile(r"versie (?P<label>.+?), vraag (?P<number>\d+)")
MAX_ANSWER_CHARS = 2000
VOTES = ("up", "down")
SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    version TEXT,
    question INTEGER,
    source TEXT NOT NULL,
    answer TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Feedback:
    id: int
    created_at: str
    vote: str
    version: str | None
    question: int | None
    source: str
    answer: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class FeedbackStore:
    """One SQLite file; a connection per call, so it is safe from any thread or task."""

    def __init__(self, path: Path, version_ids: dict[str, str]) -> None:
        self.path = path
        self.version_ids = version_ids  # version label ("4 december 2023") -> id

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path)
        conn.execute(SCHEMA)
        return conn

    def add(self, vote: str, source: str, answer: str, now: dt.datetime | None = None) -> Feedback:
        if vote not in VOTES:
            raise ValueError(vote)
        m = SOURCE_RE.search(source)
        version = self.version_ids.get(m.group("label")) if m else None
        question = int(m.group("number")) if m else None
        answer, _ = redact(answer[:MAX_ANSWER_CHARS])
        source, _ = redact(source[:300])
        created = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (created_at, vote, version, question, source, answer) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (created, vote, version, question, source, answer),
            )
            row_id = int(cur.lastrowid or 0)
        return Feedback(row_id, created, vote, version, question, source, answer)

    def latest(self, limit: int = 100) -> list[Feedback]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, created_at, vote, version, question, source, answer FROM feedback "
                "ORDER BY id DESC LIMIT ?", (limit,),
            ).fetchall()
        return [Feedback(*row) for row in rows]

    def summary(self) -> list[dict[str, Any]]:
        """Votes per answered question, worst first: where the FAQ answers need work."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT version, question, SUM(vote = 'up'), SUM(vote = 'down') FROM feedback "
                "GROUP BY version, question ORDER BY SUM(vote = 'down') DESC, version, question"
            ).fetchall()
        return [{"version": v, "question": q, "up": up, "down": down} for v, q, up, down in rows]

    def purge(self, before: dt.datetime) -> int:
        with self._connect() as conn:
            cur = conn.execute("DELETE FROM feedback WHERE created_at < ?",
                               (before.isoformat(timespec="seconds"),))
            return cur.rowcount
