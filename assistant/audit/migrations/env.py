from alembic import context

from assistant.audit.db import Base
from assistant.audit.migrate import import_all_tables

import_all_tables()
config = context.config
target_metadata = Base.metadata
# optional: autogenerate a revision for some tables only (one feature at a time)
only = config.attributes.get("only_tables")


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    if only is None:
        return True
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return table is None or table.name in only


def run() -> None:
    connection = config.attributes.get("connection")
    opts = {"target_metadata": target_metadata, "render_as_batch": True, "include_object": include_object}
    if connection is not None:
        context.configure(connection=connection, **opts)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = config.attributes["engine"]
    with engine.begin() as conn:
        context.configure(connection=conn, **opts)
        with context.begin_transaction():
            context.run_migrations()


run()
