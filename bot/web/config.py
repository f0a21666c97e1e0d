"""Settings of the web app, read from the environment in this one place (README lists them)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class WebConfig:
    host: str = "0.0.0.0"
    port: int = 8000
    rasa_port: int = 5005
    # The Rasa server as the browser reaches it; empty: the page's host on rasa_port.
    rasa_public_url: str = ""
    feedback_db: Path = ROOT / "var" / "feedback.db"
    tracker_db: Path = ROOT / "var" / "tracker.db"
    # A SQLAlchemy URL of the tracker store when it is not the SQLite file (PostgreSQL).
    tracker_url: str = ""
    retention_days: int = 30

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> WebConfig:
        e = dict(os.environ if env is None else env)
        return cls(
            host=e.get("WEB_HOST", cls.host),
            port=int(e.get("WEB_PORT", cls.port)),
            rasa_port=int(e.get("RASA_PORT", cls.rasa_port)),
            rasa_public_url=e.get("RASA_PUBLIC_URL", ""),
            feedback_db=_path(e.get("FEEDBACK_DB"), cls.feedback_db),
            tracker_db=_path(e.get("TRACKER_DB"), cls.tracker_db),
            tracker_url=e.get("TRACKER_URL", ""),
            retention_days=int(e.get("RETENTION_DAYS", cls.retention_days)),
        )


def _path(value: str | None, default: Path) -> Path:
    if not value:
        return default
    path = Path(value)
    return path if path.is_absolute() else ROOT / path
