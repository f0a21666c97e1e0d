from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.faq.store import FaqStore  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def store() -> FaqStore:
    return FaqStore.from_dir(ROOT / "faq")
