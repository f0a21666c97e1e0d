"""Lock stores: one conversation's messages are handled one at a time, across processes.

``FileLockStore`` (endpoints.yml, the embedded default) serves the Rasa workers of one
machine (``SANIC_WORKERS``): the lock is an ``flock`` on a small file next to the SQLite
database. The kernel releases it when its holder dies, so a crash never leaves a stale lock.

``AtomicRedisLockStore`` (deploy/endpoints.postgres.yml) serves replicas on several machines.

Rasa 3.6's ``RedisLockStore`` keeps a ticket queue per conversation as one Redis value and
changes it in Python (read, add a ticket, write back). Two replicas that take a ticket for
the same conversation at the same moment can overwrite each other: a ticket disappears, or
the lock is deleted while another message waits, and that message is lost. Our replica test
saw it (1 of 12 messages sent at once lost). Here the lock is one Redis key set with
``SET NX PX`` (atomic) and released only by its owner (compare-and-delete in Lua): messages
of one conversation are handled one at a time, whichever replica gets them. Used by
deploy/endpoints.postgres.yml.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import time
import uuid
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncGenerator

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

POLL_SECONDS = 0.02
RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


class FileLockStore(LockStore):
    """A mutex per conversation for the Rasa workers of one machine: ``flock`` on one of
    ``stripes`` files in ``directory``. Two conversations in one stripe wait for each other;
    with 1,024 stripes that is rare and costs one message's time. The holder's death (even
    ``kill -9``) releases its lock; a waiter gives up with ``LockError`` after
    ``lock_lifetime`` seconds, as with Rasa's stores."""

    def __init__(self, endpoint_config: EndpointConfig | None = None,
                 directory: str | os.PathLike[str] = "var/locks", stripes: int = 1024) -> None:
        if endpoint_config is not None:
            directory = endpoint_config.kwargs.get("directory") or directory
            stripes = int(endpoint_config.kwargs.get("stripes") or stripes)
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.stripes = stripes
        super().__init__()

    def path(self, conversation_id: str) -> Path:
        """The lock file of a conversation: the same in every process (no ``hash()``)."""
        digest = hashlib.blake2b(conversation_id.encode("utf-8", "surrogatepass"), digest_size=8)
        return self.directory / f"{int.from_bytes(digest.digest(), 'big') % self.stripes:04d}.lock"

    @asynccontextmanager
    async def lock(  # type: ignore[override]
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        """Wait (up to ``lock_lifetime``) for the conversation's mutex, hold it, release it."""
        fd = os.open(self.path(conversation_id), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + lock_lifetime
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise LockError(
                            f"Could not acquire lock for conversation_id '{conversation_id}'."
                        ) from None
                    await asyncio.sleep(POLL_SECONDS)
            yield TicketLock(conversation_id)
        finally:
            os.close(fd)  # closing the only descriptor releases the flock

    # Rasa's ticket API: a mutex has no tickets to store.
    def get_lock(self, conversation_id: str) -> TicketLock | None:
        return None

    def delete_lock(self, conversation_id: str) -> None:
        return None

    def save_lock(self, lock: TicketLock) -> None:
        return None


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            options = dict(endpoint_config.kwargs)
            kwargs = {
                "host": endpoint_config.url or "localhost",
                "port": int(options.get("port") or 6379),
                "db": int(options.get("db") or 1),
                "password": options.get("password") or None,
                "key_prefix": options.get("key_prefix"),
            }
        super().__init__(**kwargs)

    @asynccontextmanager
    async def lock(  # type: ignore[override]
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        """Wait (up to ``lock_lifetime``) for the conversation's mutex, hold it, release it.
        A holder that dies releases it by expiry after ``lock_lifetime`` seconds."""
        key = f"{self.key_prefix}mutex:{conversation_id}"
        token = uuid.uuid4().hex
        deadline = time.monotonic() + lock_lifetime
        while not self.red.set(key, token, nx=True, px=int(lock_lifetime * 1000)):
            if time.monotonic() > deadline:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            await asyncio.sleep(POLL_SECONDS)
        try:
            yield TicketLock(conversation_id)
        finally:
            self.red.eval(RELEASE, 1, key, token)
