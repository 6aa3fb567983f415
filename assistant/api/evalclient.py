"""The real app behind a ``TestClient``, for the robustness family of the offline evaluation.

Evaluation sits below ``api/`` and never imports it; ``assistant.cli`` (and the tests) pass
:func:`open_app_client` into ``run_suites(..., app_client=...)``, where it fits
:class:`~assistant.evaluation.families.base.AppClientFactory`.

    >>> with open_app_client(runtime, qa) as client:                 # doctest: +SKIP
    ...     client.request("GET", "/healthz").status_code
    200
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from assistant.api import features
from assistant.api.app import create_app
from assistant.api.services import Services
from assistant.audit.db import make_engine
from assistant.audit.migrate import upgrade
from assistant.audit.store import AuditStore
from assistant.dialogue.service import ChatService
from assistant.generation.pipeline import QAPipeline
from assistant.runtime import Runtime

# hostile requests come fast and from one client: the limiter is not what robustness measures
_NO_RATE_LIMIT = 10_000


@contextmanager
def open_app_client(runtime: Runtime, qa: QAPipeline) -> Iterator[TestClient]:
    """A client on ``create_app`` serving ``qa``, with a scratch SQLite audit store removed on exit.

    Server errors come back as 500 responses (``raise_server_exceptions=False``), as a real client sees them.
    """
    with tempfile.TemporaryDirectory(prefix="isl-eval-api-") as tmp:
        settings = runtime.settings.model_copy(
            update={"database_url": f"sqlite:///{Path(tmp) / 'eval.db'}", "rate_limit_per_minute": _NO_RATE_LIMIT}
        )
        engine = make_engine(settings.database_url)
        try:
            upgrade(engine)
            app_runtime = dataclasses.replace(runtime, settings=settings, qa=qa)
            store = AuditStore(engine)
            chat = ChatService(qa, store, app_runtime.index.version, max_chars=settings.max_message_chars)
            services = Services(settings, app_runtime, store, chat)
            features.attach(services)
            with TestClient(create_app(settings, services=services), raise_server_exceptions=False) as client:
                yield client
        finally:
            engine.dispose()
