"""The file lock store: one conversation at a time, across coroutines and processes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rasa.core.lock_store import LockError

from channels.lock_store import FileLockStore

ROOT = Path(__file__).resolve().parents[1]


def _other_conversation(store: FileLockStore, conversation: str) -> str:
    """A conversation id in another stripe than ``conversation``."""
    return next(c for c in (f"c{i}" for i in range(100)) if store.path(c) != store.path(conversation))


def test_one_conversation_at_a_time_others_in_parallel(tmp_path: Path) -> None:
    store = FileLockStore(directory=tmp_path / "locks")
    spans: dict[str, list[tuple[float, float]]] = {}

    async def hold(conversation: str) -> None:
        async with store.lock(conversation):
            start = time.monotonic()
            await asyncio.sleep(0.1)
            spans.setdefault(conversation, []).append((start, time.monotonic()))

    other = _other_conversation(store, "a")

    async def run() -> float:
        t0 = time.monotonic()
        await asyncio.gather(hold("a"), hold("a"), hold("a"), hold(other))
        return time.monotonic() - t0

    elapsed = asyncio.run(run())
    first, second, third = sorted(spans["a"])
    assert first[1] <= second[0] and second[1] <= third[0]  # never two at once
    assert spans[other][0][0] < first[1] or spans[other][0][0] < second[1]  # not kept waiting
    assert 0.3 <= elapsed < 0.6


def test_same_stripe_in_every_process(tmp_path: Path) -> None:
    store = FileLockStore(directory=tmp_path / "locks")
    code = ("from channels.lock_store import FileLockStore; import sys; "
            f"print(FileLockStore(directory={str(tmp_path / 'locks')!r}).path('gesprek-1'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONHASHSEED": "123"})
    assert out.stdout.strip() == str(store.path("gesprek-1"))


def test_another_process_holds_it_and_dies(tmp_path: Path) -> None:
    """A process that holds the lock keeps us waiting; `kill -9` releases it at once."""
    directory = tmp_path / "locks"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import asyncio, sys\n"
         "from channels.lock_store import FileLockStore\n"
         "async def main():\n"
         f"    async with FileLockStore(directory={str(directory)!r}).lock('a'):\n"
         "        print('held', flush=True); await asyncio.sleep(60)\n"
         "asyncio.run(main())\n"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        store = FileLockStore(directory=directory)

        async def wait(lifetime: float) -> None:
            async with store.lock("a", lock_lifetime=lifetime):
                pass

        with pytest.raises(LockError):
            asyncio.run(wait(0.3))
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        t0 = time.monotonic()
        asyncio.run(wait(5))
        assert time.monotonic() - t0 < 1
    finally:
        holder.kill()


def test_configured_from_endpoints(tmp_path: Path) -> None:
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig

    store = LockStore.create(EndpointConfig(type="channels.lock_store.FileLockStore",
                                            directory=str(tmp_path / "x.locks"), stripes=8))
    assert isinstance(store, FileLockStore) and store.stripes == 8
    assert store.path("a").parent == tmp_path / "x.locks" and (tmp_path / "x.locks").is_dir()
