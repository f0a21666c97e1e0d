"""The Dutch message templates of ``bot/messages.yml``, loaded once and filled in."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

MESSAGES_FILE = Path(__file__).with_name("messages.yml")


@lru_cache(maxsize=1)
def _templates() -> dict[str, str]:
    with MESSAGES_FILE.open(encoding="utf-8") as fh:
        return {k: str(v) for k, v in yaml.safe_load(fh).items()}


def text(key: str, **values: Any) -> str:
    """The template ``key`` with ``values`` filled in; a missing key is a programming error."""
    return _templates()[key].format(**values)
