"""API fixtures: the real app served by a real uvicorn server on loopback, in a thread.

Like httpx's ``tests/conftest.py`` ``serve_in_thread``: port 0 lets the OS pick a free port, the
test talks HTTP to it, and teardown asks the server to exit. Services (model, index, store) are
built once per module because loading them takes seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from audit.pgdb import database_factory
from fastapi import FastAPI
from sqlalchemy import func, select

from assistant.api.app import create_app
from assistant.api.services import Services, build_services
from assistant.audit.tables import AuditRecord, ChatSession, Turn
from assistant.settings import Settings

API_KEYS = {"eval-key-0123456789": "evaluator", "admin-key-0123456789": "admin"}


def make_settings(index_dir: Path, database_url: str, **over: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test", "index_dir": index_dir, "database_url": database_url,
        "auto_build_index": False, "rate_limit_per_minute": 100_000, "api_keys": API_KEYS,
    }
    values.update(over)
    return Settings(**values)


@contextmanager
def serve_in_thread(app: FastAPI) -> Iterator[str]:
    """Run ``app`` under uvicorn on 127.0.0.1 and yield its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@dataclass
class Live:
    """A running server and what it serves."""

    url: str
    app: FastAPI
    services: Services

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=120, **kwargs)

    def counts(self) -> tuple[int, int, int]:
        """(sessions, turns, audit records) stored right now."""
        with self.services.store.sessions() as db:
            return tuple(  # type: ignore[return-value]
                int(db.scalar(select(func.count()).select_from(t)) or 0) for t in (ChatSession, Turn, AuditRecord)
            )


@contextmanager
def live_server(settings: Settings) -> Iterator[Live]:
    services = build_services(settings)
    app = create_app(settings, services=services)
    try:
        with serve_in_thread(app) as url:
            yield Live(url, app, services)
    finally:
        services.store.engine.dispose()


@pytest.fixture(scope="session")
def new_postgres_database() -> Iterator[Callable[[], str]]:
    """Creates fresh, uniquely named PostgreSQL databases; all are dropped when the session ends."""
    with database_factory() as create:
        yield create


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Iterator[Live]:
    """One server per module on a fresh SQLite file."""
    db = tmp_path_factory.mktemp("api-db") / "assistant.db"
    with live_server(make_settings(index_dir, f"sqlite:///{db}")) as server:
        yield server


@pytest.fixture
def client(live: Live) -> Iterator[httpx.Client]:
    with live.client() as c:
        yield c
