"""``create_app(settings)``: the FastAPI application.

Errors are translated here and only here: an :class:`AssistantError` becomes its status with
``{"error": {"code", "message", "hint"}}``; request validation errors become 422 with the same shape.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant import __version__
from assistant.api.memory import limit_malloc_arenas, release_free_memory
from assistant.api.metrics import Metrics
from assistant.api.ratelimit import make_rate_limiter
from assistant.api.services import Services, build_services
from assistant.errors import AssistantError
from assistant.settings import Settings, get_settings

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000


def _error(status: int, code: str, message: str, hint: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "hint": hint}}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        if err.get("type") == "json_invalid":
            return "The request body is not valid JSON."
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "Invalid request."


class BodyLimitMiddleware:
    """413 for request bodies over ``max_bytes``, whether or not the client sent Content-Length.

    The header is the fast path; otherwise the body (small by design: JSON of at most ~1 MB) is read
    here, counted as it arrives, and replayed to the app only when it is within the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in {"GET", "HEAD", "OPTIONS", "DELETE"}:
            await self.app(scope, receive, send)
            return
        too_large = _error(413, "body_too_large", f"The request body is over {self.max_bytes:,} bytes.",
                           "Send less text: chat messages up to 20,000 characters, postings up to 50,000.")
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            await too_large(scope, receive, send)
            return
        messages: list[Message] = []
        seen = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                await too_large(scope, receive, send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


class ObserveMiddleware:
    """Counts requests and their latency per route; an unhandled error becomes a logged 500.

    Plain ASGI rather than ``@app.middleware("http")``: that wrapper runs every request through an
    extra task and stream, a measurable share of a chat turn.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        started = False

        async def observe(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
            await send(message)

        try:
            await self.app(scope, receive, observe)
        except Exception:  # a bug: log it, answer 500 without a traceback
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _error(500, "internal_error", "Something went wrong on our side; it has been logged.")(
                scope, receive, send
            )
        finally:
            route = scope.get("route")
            path = getattr(route, "path", "unmatched")
            m: Metrics = scope["app"].state.metrics
            m.requests.labels(scope.get("method", ""), path, str(status)).inc()
            m.latency.labels(path).observe(time.perf_counter() - start)


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "services", None) is None:
            limit_malloc_arenas()  # before build_services and the request pool start their threads
            app.state.services = build_services(settings)
            release_free_memory()
        app.state.services.chat.listeners.append(app.state.metrics.observe_turn)
        app.state.metrics.ready.set(1)
        yield
        app.state.metrics.ready.set(0)

    app = FastAPI(
        title="ISL Competency Assistant",
        version=__version__,
        description="Answers about the Informal STEM Learning Professional Competency Framework, with citations.",
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.metrics = Metrics()
    app.state.rate_limiter = make_rate_limiter(settings.rate_limit_per_minute, settings.rate_limit_redis_url)

    @app.exception_handler(AssistantError)
    async def _assistant_error(_: Request, exc: AssistantError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.hint)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, "invalid_request", _validation_message(exc), "Check the request body against /docs.")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and "parsing the body" in str(exc.detail):
            return _error(422, "invalid_request", "The request body is not valid JSON or not UTF-8 text.",
                          "Send a UTF-8 JSON object.")
        return _error(exc.status_code, "http_error", str(exc.detail))

    app.add_middleware(ObserveMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=MAX_BODY_BYTES)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
            allow_headers=["Content-Type", "X-Visitor-Id", "X-Session-Id"],
            max_age=600,
        )

    from assistant.api.routes import chat, health, openai_compat

    app.include_router(health.router)
    app.include_router(chat.router)
    app.include_router(openai_compat.router)
    _include_feature_routers(app)
    return app


def _include_feature_routers(app: FastAPI) -> None:
    import importlib

    for name in ("matching", "coverage", "coaching", "audit", "widget"):
        try:
            module: Any = importlib.import_module(f"assistant.api.routes.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"assistant.api.routes.{name}":
                raise
            continue
        app.include_router(module.router)


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` and multi-worker serving."""
    return create_app(get_settings())
