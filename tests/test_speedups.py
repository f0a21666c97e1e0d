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
    finally:
        speedups.uninstall()
