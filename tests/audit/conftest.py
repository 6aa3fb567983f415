"""Audit fixtures: a database URL for each backend, PostgreSQL in a fresh database of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from assistant.audit.db import make_engine
from assistant.audit.migrate import upgrade
from assistant.audit.store import AuditStore
from audit.pgdb import database_factory, reset_schema

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, uniquely named PostgreSQL database for this test session, dropped at its end."""
    with database_factory() as create:
        yield create()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each backend (no tables yet)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'audit.db'}"
    url: str = request.getfixturevalue("postgres_url")
    reset_schema(url)  # faster than a database per test: DROP DATABASE waits for a checkpoint
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def store(engine: Engine) -> AuditStore:
    upgrade(engine)
    return AuditStore(engine)
