"""Fresh PostgreSQL databases for tests: each test session creates its own and drops it at the end.

The server runs on loopback with trust auth (user ``postgres``); a database named after a random
suffix keeps parallel runs and other checkouts from ever seeing each other's rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

SERVER = "postgresql://postgres@127.0.0.1:5432"


def _admin() -> psycopg.Connection:
    return psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=5)


@contextmanager
def database_factory(prefix: str = "isl_test") -> Iterator[Callable[[], str]]:
    """Yield a function that creates a fresh database and returns its URL; all are dropped on exit."""
    created: list[str] = []

    def create() -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with _admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        created.append(name)
        return f"{SERVER}/{name}"

    try:
        yield create
    finally:
        with _admin() as conn:
            for name in created:
                # WITH (FORCE) ends connections a pool still holds (PostgreSQL 13+)
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def reset_schema(url: str) -> None:
    """Empty a test database: drop every table (and Alembic's version table) in one statement."""
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
