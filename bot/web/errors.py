"""Bad requests, for the website's API and the chat's REST channel alike: one JSON-body
reader, one size limit, and Dutch messages from ``bot/messages.yml`` (section api_errors)."""

from __future__ import annotations

import json
from typing import Any

from sanic import Request
from sanic.exceptions import SanicException

from bot.texts import section

MAX_BODY_BYTES = 64 * 1024


def message(code: str, /, **values: Any) -> str:
    return section("api_errors", code, **values)


class ApiError(SanicException):
    """Bad input: a 4xx with a message the caller can act on."""

    def __init__(self, code: str, status: int = 400, /, **values: Any) -> None:
        super().__init__(message(code, **values), status_code=status)
        self.status = status


def json_object(request: Request, example: str) -> dict[str, Any]:
    """The JSON object in a request body: 415 for another content type, 413 over the size
    limit, 400 for bad JSON or anything but an object (``example`` shows the caller one)."""
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ApiError("not_json", 415)
    body = request.body or b""
    if len(body) > MAX_BODY_BYTES:
        raise ApiError("too_large", 413, kb=MAX_BODY_BYTES // 1024)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ApiError("bad_json") from None
    if not isinstance(data, dict):
        raise ApiError("not_object", example=example)
    return data
