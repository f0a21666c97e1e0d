"""The REST and socketio channels of the assistant, registered in credentials.yml under
their usual names (URLs stay ``/webhooks/rest/webhook`` and ``/socket.io``).

Before Rasa sees a message, personal data is replaced by placeholders (``bot.input_guard``),
so the tracker store, the logs and the action server never hold it. The REST channel also:
- answers malformed requests with a 4xx and a JSON error, never a 500;
- answers within ``reply_timeout`` seconds: when the action server is down or slow, the
  resident gets a polite reply with the contact route, and the conversation goes on later;
- answers 503, and logs an ALERT, when the message could not be processed or stored (the
  tracker database is unavailable): never an empty 200 that hides the loss.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response

from bot.input_guard import redact
from bot.texts import text as bot_text
from bot.web.errors import ApiError, json_object
from channels import speedups
from channels.tracker_store import STORE_FAILURES

logger = logging.getLogger(__name__)
MAX_SENDER_CHARS = 128
DEFAULT_REPLY_TIMEOUT = 2.5  # seconds; the resident hears something within 3 s
OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def redacting(on_new_message: OnNewMessage) -> OnNewMessage:
    """Wrap Rasa's handler: the message text is redacted before anything else sees it."""

    async def handle(message: UserMessage) -> Any:
        if message.text:
            message.text, _ = redact(message.text)
        message.metadata = None  # client metadata is not needed and could hold personal data
        return await on_new_message(message)

    return handle


def parse(request: Request) -> tuple[str, str]:
    """(sender, message) from a REST request, or ApiError (a 4xx with a Dutch message)."""
    data = json_object(request, '{"sender": "...", "message": "..."}')
    sender, message = data.get("sender"), data.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise ApiError("bad_sender", max_len=MAX_SENDER_CHARS)
    if not isinstance(message, str):
        raise ApiError("bad_message")
    return sender, message


class GuardedRestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> GuardedRestInput:
        credentials = credentials or {}
        return cls(float(credentials.get("reply_timeout", DEFAULT_REPLY_TIMEOUT)))

    def __init__(self, reply_timeout: float = DEFAULT_REPLY_TIMEOUT) -> None:
        self.reply_timeout = reply_timeout
        speedups.install()  # the server that takes our channel gets the faster action check

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        handle = redacting(on_new_message)
        bp = Blueprint("guarded_rest_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return json_response({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text = parse(request)
            except ApiError as error:
                return json_response({"error": str(error)}, status=error.status)
            collector = CollectingOutputChannel()
            failures: list[str] = []
            STORE_FAILURES.set(failures)  # the task below shares this list with the store
            task = asyncio.ensure_future(handle(UserMessage(text, collector, sender,
                                                            input_channel=self.name())))
            replied = False

            def log_late_failure(done: asyncio.Future[Any]) -> None:
                if replied and not done.cancelled() and done.exception() is not None:
                    logger.error("ALERT: a message failed after its reply was sent",
                                 exc_info=done.exception())

            task.add_done_callback(log_late_failure)
            try:
                await asyncio.wait_for(asyncio.shield(task), self.reply_timeout)
            except asyncio.TimeoutError:
                replied = True
                # Still running (a slow action server): answer now, let it finish for the record.
                logger.warning("reply took over %.1f s; sent the fallback reply", self.reply_timeout)
                return json_response(collector.messages + [_reply(sender, "unavailable")])
            except Exception:  # noqa: BLE001 - any failure here means the message was lost
                logger.error("ALERT: a message could not be processed or stored "
                             "(is the tracker database available?)", exc_info=True)
                return json_response([_reply(sender, "not_saved")], status=503)
            if failures:  # the store failed: Rasa went on in memory, the message is not saved
                return json_response([_reply(sender, "not_saved")], status=503)
            if not collector.messages:  # e.g. the action server is down: Rasa sends nothing
                logger.warning("no reply produced (action server down?); sent the fallback reply")
                return json_response([_reply(sender, "unavailable")])
            return json_response(collector.messages)

        return bp


def _reply(sender: str, key: str) -> dict[str, Any]:
    return {"recipient_id": sender, "text": bot_text(key)}


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's socketio channel with the same redaction before Rasa sees a message."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(redacting(on_new_message))
