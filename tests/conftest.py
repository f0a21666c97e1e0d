from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.devserver import DevServers  # noqa: E402
from bot.faq.store import FaqStore  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def store() -> FaqStore:
    return FaqStore.from_dir(ROOT / "faq")




def _post(url: str, body: bytes, content_type: str = "application/json") -> tuple[int, Any]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read() or b"null")
        except ValueError:
            return error.code, None


API_TOKEN = "test-token-not-secret"


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServers]:
    """The servers started as `make run` starts them, on free ports, once per test run."""
    running = DevServers(tmp_path_factory.mktemp("e2e"), RASA_API_TOKEN=API_TOKEN)
    try:
        running.start(timeout=240)
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield running
    finally:
        running.stop()
