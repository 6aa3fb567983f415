"""Robustness: hostile and malformed requests sent to the real app must get their expected status.

The app is the real ``create_app`` behind FastAPI's ``TestClient``, on a scratch SQLite file, serving the
pipeline under evaluation (so a degraded retriever is what the app uses too). Requests are data:
``evals/suites/data/robustness.yaml``.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from assistant.evaluation.datasets import load_hostile_requests
from assistant.evaluation.families.base import EvalContext, FamilyResult
from assistant.evaluation.metrics import StatusCase, status_match


def run_robustness(ctx: EvalContext) -> FamilyResult:
    try:
        from fastapi.testclient import TestClient

        from assistant.api import features
        from assistant.api.app import create_app
        from assistant.api.services import Services
    except ImportError as exc:  # the API extra is part of the package, but say so if it is missing
        return FamilyResult.skipped("robustness", f"not available: the API cannot be imported ({exc})")
    from assistant.audit.db import make_engine
    from assistant.audit.migrate import upgrade
    from assistant.audit.store import AuditStore
    from assistant.dialogue.service import ChatService

    requests = load_hostile_requests(ctx.dataset(ctx.suite.datasets.robustness), ctx.split)
    if not requests:
        return FamilyResult.skipped("robustness", f"no {ctx.split} requests in the robustness set")
    cases: list[StatusCase] = []
    with tempfile.TemporaryDirectory(prefix="isl-eval-api-") as tmp:
        settings = ctx.runtime.settings.model_copy(
            update={"database_url": f"sqlite:///{Path(tmp) / 'eval.db'}", "rate_limit_per_minute": 10_000}
        )
        engine = make_engine(settings.database_url)
        try:
            upgrade(engine)
            runtime = dataclasses.replace(ctx.runtime, settings=settings, qa=ctx.qa)
            store = AuditStore(engine)
            chat = ChatService(ctx.qa, store, runtime.index.version, max_chars=settings.max_message_chars)
            services = Services(settings, runtime, store, chat)
            features.attach(services)
            with TestClient(create_app(settings, services=services), raise_server_exceptions=False) as client:
                for req in ctx.bar(requests, "robustness", len(requests)):
                    raw, body = req.body()
                    headers = dict(req.headers)
                    if raw is not None:
                        headers.setdefault("content-type", "application/json")
                    resp = client.request(req.method, req.path, content=raw, json=body, headers=headers)
                    cases.append(StatusCase(req.expected_status, resp.status_code, req.id))
        finally:
            engine.dispose()
    metric = status_match(cases)
    res = FamilyResult("robustness")
    res.add(metric)
    for c, value in zip(cases, metric.per_case, strict=True):
        res.cases.append({"id": c.case_id, "expected": c.expected_status, "actual": c.actual_status,
                          "status_match": value})
    return res
