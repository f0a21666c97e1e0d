"""``create_app()``: the Sanic app of the demo page with the chat widget, the staff lookup and
the JSON API. ``python -m bot.web`` (started by ``make run``) serves it on WEB_PORT (8000)."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import logging
import re
from pathlib import Path
from typing import Any

import aiohttp
from sanic import Request, Sanic
from sanic.handlers import ErrorHandler
from sanic.response import HTTPResponse, html, json

from bot import retention
from bot.faq.store import FaqStore, default_store
from bot.lookup import Lookup
from bot.routing.locations import default_index
from bot.routing.policy import known_products
from bot.web.api import Services, blueprint
from bot.web.config import WebConfig
from bot.web.errors import MAX_BODY_BYTES, ApiError, message
from bot.web.feedback import FeedbackStore
from bot.web.openapi import spec

STATIC = Path(__file__).with_name("static")
INLINE_SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.DOTALL)
log = logging.getLogger(__name__)


def _csp(page: str, connect: str) -> str:
    """A Content-Security-Policy for one of our pages: own files only, the inline
    configuration script by its hash, and calls to the Rasa server."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in INLINE_SCRIPT_RE.findall(page)
    )
    return (f"default-src 'self'; script-src 'self' {hashes}; style-src 'self'; "
            f"img-src 'self' data:; connect-src 'self' {connect}; frame-ancestors 'self'; "
            "base-uri 'none'; form-action 'self'")


def create_app(
    config: WebConfig | None = None, store: FaqStore | None = None, name: str = "jeugdhulp_web",
    today: Any = dt.date.today,
) -> Sanic:
    config = config or WebConfig.from_env()
    store = store or default_store()
    services = Services(
        store=store, lookup=Lookup(store), locations=default_index(),
        feedback=FeedbackStore(config.feedback_db, {v.label: v.id for v in store.versions}),
        today=today, products=frozenset(known_products(store)),
    )
    app = Sanic(name, error_handler=JsonErrors())
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.ctx.config = config
    app.ctx.services = services
    app.blueprint(blueprint(services))

    def rasa_url(request: Request) -> str:
        if config.rasa_public_url:
            return config.rasa_public_url.rstrip("/")
        host = request.host.rsplit(":", 1)[0] if request.host else "localhost"
        return f"{request.scheme}://{host}:{config.rasa_port}"

    pages = {f: (STATIC / f).read_text(encoding="utf-8") for f in ("index.html", "staff.html")}

    def page(file: str, request: Request, **values: str) -> HTTPResponse:
        text = pages[file]
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        return html(text, headers={"Content-Security-Policy": _csp(text, rasa_url(request))})

    @app.get("/")
    async def demo(request: Request) -> HTTPResponse:
        return page("index.html", request, rasa_url=rasa_url(request),
                    retention_days=str(config.retention_days))

    @app.get("/medewerkers")
    async def staff(request: Request) -> HTTPResponse:
        return page("staff.html", request)

    app.static("/static", str(STATIC), name="static")
    app.static("/widget/widget.js", str(STATIC / "widget.js"), name="widget_js")
    app.static("/widget/widget.css", str(STATIC / "widget.css"), name="widget_css")

    @app.get("/favicon.ico")
    async def favicon(request: Request) -> HTTPResponse:
        return HTTPResponse(status=204)

    @app.get("/health")
    async def health(request: Request) -> HTTPResponse:
        return json({"status": "ok", "versions": [v.id for v in store.versions],
                     "rasa": await _rasa_status(config.rasa_port)})

    @app.get("/openapi.json")
    async def openapi(request: Request) -> HTTPResponse:
        return json(spec(store))

    @app.on_response  # type: ignore[misc]
    async def security_headers(request: Request, response: HTTPResponse) -> None:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.path.startswith("/api/"):
            # The widget may sit on any site: the API answers cross-origin calls (no cookies).
            response.headers["Access-Control-Allow-Origin"] = "*"

    return app


def schedule_purge(app: Sanic) -> None:
    """Apply the retention period while the app runs (``python -m bot.web`` does this)."""
    store: FaqStore = app.ctx.services.store
    app.add_task(_purge_daily(app.ctx.config, {v.label: v.id for v in store.versions}))


class JsonErrors(ErrorHandler):
    """Every error as JSON with a Dutch message, routing errors (404, 405) included, which
    Sanic 21.12 does not pass to ``@app.exception`` handlers."""

    def default(self, request: Request, exception: BaseException) -> HTTPResponse:
        status = getattr(exception, "status_code", None) or 500
        if status >= 500:
            log.error("error on %s", request.path, exc_info=exception)
            text = message("server_error")
        elif isinstance(exception, ApiError):
            text = str(exception)
        else:  # Sanic's own messages are English
            text = message(SANIC_MESSAGES.get(status, "cannot_process"), kb=MAX_BODY_BYTES // 1024)
        headers = getattr(exception, "headers", None) or {}
        return json({"error": text}, status=status, headers=headers)


# Sanic's own errors, by status: the key of their message in bot/messages.yml.
SANIC_MESSAGES = {400: "bad_request", 404: "not_found", 405: "method", 413: "too_large"}


async def _rasa_status(port: int) -> str:
    try:
        timeout = aiohttp.ClientTimeout(total=1)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(f"http://127.0.0.1:{port}/") as response:
                return "up" if response.status == 200 else "down"
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        return "down"


async def _purge_daily(config: WebConfig, versions: dict[str, str]) -> None:
    """Apply the retention period at start and then once a day."""
    loop = asyncio.get_running_loop()
    while True:
        try:
            report = await loop.run_in_executor(None, retention.purge, config, versions)
            log.info(report)
        except Exception:  # noqa: BLE001 - a failed purge must be seen, not stop the app
            log.exception("retention purge failed")
        await asyncio.sleep(24 * 3600)
