"""Alembic migrations, run from code (no alembic.ini): ``upgrade(engine)`` brings a database to head.

All tables (audit, coaching, ratings) share one history in ``assistant/audit/migrations/versions``.
To add a revision after changing tables: ``python -m assistant.audit.migrate revision "message"``.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

MIGRATIONS = Path(__file__).parent / "migrations"
_lock = threading.Lock()


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def import_all_tables() -> None:
    """Import every module that defines tables so ``Base.metadata`` is complete."""
    import assistant.audit.tables  # noqa: F401

    for mod in ("assistant.coaching.tables", "assistant.audit.ratings"):
        with contextlib.suppress(ImportError):  # features not installed yet add no tables
            __import__(mod)


MIGRATION_LOCK_ID = 7_150_021  # any constant: serialises workers migrating one PostgreSQL database


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision; safe when several workers start at once."""
    import_all_tables()
    with _lock, engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_ID})
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def main(argv: list[str]) -> int:
    from assistant.audit.db import make_engine
    from assistant.settings import Settings

    import_all_tables()
    engine = make_engine(Settings().database_url)
    cfg = alembic_config(engine)
    if argv[:1] == ["revision"]:
        upgrade(engine)
        command.revision(cfg, message=argv[1] if len(argv) > 1 else "change", autogenerate=True)
    else:
        upgrade(engine)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
