"""Fixes for hot spots in Rasa 3.6, applied when the REST channel is created.

1. Rasa checks every custom action's response against a JSON schema with
``jsonschema.validate(result, schema)``, which first validates the (large) events schema
itself against the JSON Schema meta-schema, on every call. py-spy showed that check at 55% of
the Rasa server's CPU time in a single-user run (benchmarks note, issue 6). Here the schema is
checked once and its validator reused, and each event is checked against the one ``oneOf``
alternative its type names instead of all 23 (``_by_event``). Responses get the same verdicts
as before; an invalid one goes through Rasa's full check, for the same error message.

2. For every call to the action server Rasa creates an HTTP client session, opens a new TCP
connection and closes both (``EndpointConfig.request``): about a tenth of the Rasa server's
CPU under load. Here each endpoint keeps one session per event loop, so connections are
reused. The client lets an idle connection go after 2 s, before the action server (Sanic,
5 s) closes it, so a request never races the server's close; a dead action server's
connections are closed by the kernel and not reused.

3. The model graph runs without dask (``channels/graph_runner.py``).
"""

from __future__ import annotations

import asyncio
import copy
from functools import lru_cache
from typing import Any

import aiohttp
import rasa.core.processor
from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DOCS_BASE_URL
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

from channels.graph_runner import SequentialGraphRunner

_original = RemoteAction._validate_action_result
_original_session = EndpointConfig.session
IDLE_SECONDS = 2.0  # below Sanic's keep-alive timeout (5 s) on the action server


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@lru_cache(maxsize=1)
def _by_event() -> tuple[Any, dict[str, Any]]:
    """The schema split for speed: everything but the events' ``oneOf``, and one validator
    per event type. Each ``oneOf`` alternative pins ``event`` to a constant, so an event
    matches exactly one alternative iff it matches the one named by its ``event``: checking
    that one is the same verdict as ``oneOf`` over all 23 (2 ms for a typical reply)."""
    schema = copy.deepcopy(RemoteAction.action_response_format_spec())
    items = schema["properties"]["events"]["items"]
    alternatives = items.pop("oneOf")
    cls = validators.validator_for(schema)
    per_event = {alt["properties"]["event"]["const"]: cls(alt) for alt in alternatives}
    assert len(per_event) == len(alternatives), "each alternative names one event type"
    return cls(schema), per_event


def _valid_fast(result: Any) -> bool:
    rest, per_event = _by_event()
    if not rest.is_valid(result):
        return False
    for event in result.get("events") or []:
        validator = per_event.get(event["event"])
        if validator is None or not validator.is_valid(event):
            return False
    return True


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if _valid_fast(result):
        return True
    error = exceptions.best_match(_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            "from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


class _Kept:
    """``async with`` on a session that stays open: Rasa's ``request`` closes its session on
    leaving the block."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *_: object) -> None:
        return None


def _session(self: EndpointConfig) -> _Kept:
    loop = asyncio.get_running_loop()
    kept: aiohttp.ClientSession | None = getattr(self, "_kept_session", None)
    if kept is None or kept.closed or kept.loop is not loop:
        auth = (aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
                if self.basic_auth else None)
        kept = aiohttp.ClientSession(
            headers=self.headers, auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=IDLE_SECONDS),
        )
        self._kept_session = kept  # type: ignore[attr-defined]
    return _Kept(kept)


def install() -> None:
    """Replace the slow validation, the session per request and the dask runner for models
    loaded from now on (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    EndpointConfig.session = _session  # type: ignore[method-assign]
    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner  # type: ignore[misc]


def uninstall() -> None:
    RemoteAction._validate_action_result = _original  # type: ignore[method-assign]
    EndpointConfig.session = _original_session  # type: ignore[method-assign]
    rasa.core.processor.DaskGraphRunner = DaskGraphRunner  # type: ignore[misc]
