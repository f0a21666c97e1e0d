"""The Dutch message templates of ``bot/messages.yml``, loaded once and filled in."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

MESSAGES_FILE = Path(__file__).with_name("messages.yml")


@lru_cache(maxsize=1)
def _all() -> dict[str, Any]:
    with MESSAGES_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)  # type: ignore[no-any-return]


def _templates() -> dict[str, str]:
    return {k: str(v) for k, v in _all().items() if isinstance(v, str)}


def fact_label(fact_id: str) -> str:
    """The Dutch label of a policy fact id, or the id itself."""
    return str(_all().get("fact_labels", {}).get(fact_id, fact_id))


def text(key: str, /, **values: Any) -> str:
    """The template ``key`` with ``values`` filled in; a missing key is a programming error."""
    return _templates()[key].format(**values)


def section(part: str, key: str, /, **values: Any) -> str:
    """A template from a nested section of ``bot/messages.yml`` (e.g. "diff")."""
    return str(_all()[part][key]).format(**values)
