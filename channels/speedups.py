"""A fix for a hot spot in Rasa 3.6, applied when the REST channel is created.

Rasa checks every custom action's response against a JSON schema with
``jsonschema.validate(result, schema)``, which first validates the (large) events schema
itself against the JSON Schema meta-schema, on every call. py-spy showed that check at 55% of
the Rasa server's CPU time in a single-user run (benchmarks note, issue 6). Here the schema is
checked once and its validator reused; responses are validated exactly as before, with the
same error message.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_original = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    error = exceptions.best_match(_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            "from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    """Replace the slow validation (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


def uninstall() -> None:
    RemoteAction._validate_action_result = _original  # type: ignore[method-assign]
