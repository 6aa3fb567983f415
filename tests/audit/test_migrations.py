"""The Alembic history builds exactly the ORM's tables, on SQLite and PostgreSQL alike.

Like simonw/llm ``tests/test_migrate.py``: the column set of the audit table is pinned here, so a
change to what is recorded about each turn is a deliberate, reviewed change.
"""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from assistant.audit.db import Base
from assistant.audit.migrate import alembic_config, import_all_tables, upgrade

AUDIT_COLUMNS = {
    "turn_id": "VARCHAR(36)",
    "channel": "VARCHAR(32)",
    "user_message": "TEXT",
    "query": "TEXT",
    "mode": "VARCHAR(16)",
    "decision": "VARCHAR(32)",
    "retrieved": "JSON",
    "prompt_id": "VARCHAR(64)",
    "prompt_version": "VARCHAR(32)",
    "generator": "VARCHAR(64)",
    "model": "VARCHAR(128)",
    "index_version": "VARCHAR(64)",
    "reply": "TEXT",
    "citations": "JSON",
    "flags": "JSON",
    "refused": "BOOLEAN",
    "latency_ms": "FLOAT",
    "started_at": "DATETIME",
    "created_at": "DATETIME",
}
NULLABLE_AUDIT_COLUMNS = {"prompt_id", "prompt_version", "model"}
TURN_COLUMNS = {"id", "session_id", "seq", "mode", "user_message", "reply", "refused", "flagged", "feedback", "created_at"}
SESSION_COLUMNS = {"id", "visitor_id", "created_at", "updated_at", "state", "turn_count"}


def _diff(engine: Engine) -> list[object]:
    import_all_tables()
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), Base.metadata))


def _type_name(column: Any) -> str:
    # PostgreSQL reports TIMESTAMP WITH TIME ZONE / DOUBLE PRECISION; compare by family
    name = str(column["type"]).upper()
    aliases = {"TIMESTAMP WITH TIME ZONE": "DATETIME", "TIMESTAMP": "DATETIME", "DOUBLE PRECISION": "FLOAT",
               "REAL": "FLOAT"}
    return aliases.get(name, name)


def test_migrations_build_exactly_the_orm_metadata(engine: Engine) -> None:
    upgrade(engine)
    assert _diff(engine) == []


def test_an_empty_database_differs_from_the_metadata(engine: Engine) -> None:
    # guards the test above: compare_metadata does see missing tables on this backend
    assert any(d[0] == "add_table" for d in _diff(engine))  # type: ignore[index]


def test_upgrade_is_idempotent_and_stamps_head(engine: Engine) -> None:
    upgrade(engine)
    upgrade(engine)  # a second start-up must not fail or duplicate anything
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert versions == [head]


def test_audit_records_column_set_is_pinned(engine: Engine) -> None:
    upgrade(engine)
    columns = {c["name"]: c for c in inspect(engine).get_columns("audit_records")}
    assert {name: _type_name(c) for name, c in columns.items()} == AUDIT_COLUMNS
    assert {name for name, c in columns.items() if c["nullable"]} == NULLABLE_AUDIT_COLUMNS


@pytest.mark.parametrize(
    ("table", "expected"), [("turns", TURN_COLUMNS), ("chat_sessions", SESSION_COLUMNS)]
)
def test_conversation_column_sets_are_pinned(engine: Engine, table: str, expected: set[str]) -> None:
    upgrade(engine)
    assert {c["name"] for c in inspect(engine).get_columns(table)} == expected


def test_turn_sequence_is_unique_per_session(engine: Engine) -> None:
    upgrade(engine)
    indexes = {ix["name"]: ix for ix in inspect(engine).get_indexes("turns")}
    assert indexes["ix_turns_session_seq"]["unique"]
    assert indexes["ix_turns_session_seq"]["column_names"] == ["session_id", "seq"]


def test_deleting_a_session_cascades_in_the_schema(engine: Engine) -> None:
    upgrade(engine)
    fks = {fk["referred_table"]: fk for fk in inspect(engine).get_foreign_keys("turns")}
    assert fks["chat_sessions"]["options"].get("ondelete") == "CASCADE"
    fks = {fk["referred_table"]: fk for fk in inspect(engine).get_foreign_keys("audit_records")}
    assert fks["turns"]["options"].get("ondelete") == "CASCADE"
