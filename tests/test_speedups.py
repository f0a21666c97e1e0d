"""channels/speedups.py: the cached action-response check accepts and rejects exactly what
Rasa's own check does."""

from __future__ import annotations

from typing import Any, Iterator

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from channels import speedups

CASES: list[tuple[dict[str, Any], bool]] = [
    ({"events": [], "responses": []}, True),
    ({"events": [{"event": "slot", "name": "locatie", "value": "9736"}],
      "responses": [{"text": "Postcode 9736 hoort bij WIJ Beijum."}]}, True),
    ({"events": [{"event": "followup", "name": "action_listen"}], "responses": []}, True),
    ({"events": [{"event": "no_such_event"}], "responses": []}, False),
    ({"events": "not a list", "responses": []}, False),
    ({"events": [], "responses": ["not an object"]}, False),
]


@pytest.fixture
def action() -> Iterator[RemoteAction]:
    yield RemoteAction("action_answer_faq", None)
    speedups.uninstall()


@pytest.mark.parametrize("result, valid", CASES)
def test_same_verdict_as_rasa(action: RemoteAction, result: dict[str, Any], valid: bool) -> None:
    verdicts = []
    for patched in (False, True):
        speedups.install() if patched else speedups.uninstall()
        try:
            verdicts.append(action._validate_action_result(result))
        except ValidationError as error:
            assert "Failed to validate Action server response" in error.message
            verdicts.append(False)
    assert verdicts == [valid, valid]


def test_installed_by_the_rest_channel() -> None:
    from channels.guarded import GuardedRestInput

    speedups.uninstall()
    GuardedRestInput()
    try:
        assert RemoteAction._validate_action_result is speedups._validate_action_result
        import rasa.core.processor

        from channels.graph_runner import SequentialGraphRunner
        assert rasa.core.processor.DaskGraphRunner is SequentialGraphRunner
    finally:
        speedups.uninstall()


def _serve_and_call(patched: bool, restart: bool = False) -> list[object]:
    """Five calls through Rasa's ``EndpointConfig.request`` to a small server; the client
    ports the server saw (one port: one reused connection). With ``restart`` the server
    goes down and comes back on the same port between the calls."""
    import asyncio
    import socket

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    peers: list[object] = []

    async def webhook(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername")[1])
        return web.json_response({"events": [], "responses": []})

    async def start(port: int) -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        return runner

    async def run() -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        runner = await start(port)
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
        for i in range(5):
            if restart and i == 2:
                await runner.cleanup()
                runner = await start(port)
            assert await endpoint.request(json={"next_action": "x"}) == {"events": [], "responses": []}
        await runner.cleanup()

    speedups.install() if patched else speedups.uninstall()
    try:
        asyncio.run(run())
    finally:
        speedups.uninstall()
    return peers


def test_action_server_connection_is_reused() -> None:
    assert len(set(_serve_and_call(patched=False))) == 5
    assert len(set(_serve_and_call(patched=True))) == 1


def test_action_server_restart_costs_no_request() -> None:
    peers = _serve_and_call(patched=True, restart=True)
    assert len(peers) == 5 and len(set(peers)) == 2


def _events() -> list[dict[str, Any]]:
    """One valid dict of every event type Rasa knows, as an action server would send it."""
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionExecutionRejected,
        ActionReverted,
        ActiveLoop,
        AllSlotsReset,
        BotUttered,
        ConversationPaused,
        ConversationResumed,
        FollowupAction,
        LoopInterrupted,
        ReminderCancelled,
        Restarted,
        SessionStarted,
        SlotSet,
        UserUtteranceReverted,
        UserUttered,
    )
    events = [UserUttered("hoi", {"name": "greet", "confidence": 0.9}), ActionExecuted("utter_greet"),
              SlotSet("locatie", "9736"), BotUttered("Hallo", {"buttons": []}), ActiveLoop("locatie_form"),
              ActiveLoop(None), AllSlotsReset(), ConversationPaused(), ConversationResumed(),
              FollowupAction("action_listen"), Restarted(), SessionStarted(), UserUtteranceReverted(),
              ActionReverted(), ReminderCancelled(name="r"), LoopInterrupted(True),
              ActionExecutionRejected("locatie_form")]
    return [e.as_dict() for e in events]


def test_fast_check_agrees_with_the_full_schema_on_random_replies() -> None:
    import random

    rng = random.Random(7)
    full = speedups._validator()
    pool = _events()
    corruptions = [
        lambda e: {**e, "event": "no_such_event"},
        lambda e: {**e, "event": 3},
        lambda e: {k: v for k, v in e.items() if k != "event"},
        lambda e: {**e, "timestamp": "yesterday"},
        lambda e: {**e, "name": 12} if "name" in e else {**e, "text": 5},
        lambda e: {**e, "value": None, "name": None},
        lambda e: "not an event",
        lambda e: {**e, "metadata": []},
    ]
    verdicts = {True: 0, False: 0}
    for _ in range(600):
        events = [dict(rng.choice(pool)) for _ in range(rng.randint(0, 5))]
        if events and rng.random() < 0.5:
            i = rng.randrange(len(events))
            events[i] = rng.choice(corruptions)(events[i])
        reply: Any = {"events": events, "responses": [{"text": "ok"}]}
        if rng.random() < 0.05:
            reply = rng.choice([{"events": "x"}, [], {"responses": 3}, {"events": None}])
        expected = full.is_valid(reply)
        assert speedups._valid_fast(reply) == expected, reply
        verdicts[expected] += 1
    assert min(verdicts.values()) > 100
