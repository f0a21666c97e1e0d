"""A Redis lock store whose lock is atomic across replicas.

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
import time
import uuid
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

POLL_SECONDS = 0.02
RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


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
