"""Robustness: hostile and malformed requests sent to the real app must get their expected status.

The app is the real ``create_app``, opened by the caller's :class:`~assistant.evaluation.families.base.
AppClientFactory` (``assistant.api.evalclient.open_app_client`` from the command line) on a scratch
database, serving the pipeline under evaluation (so a degraded retriever is what the app uses too).
Evaluation never imports the API itself: without a factory the family is skipped. Requests are data:
``evals/suites/data/robustness.yaml``.
"""

from __future__ import annotations

from assistant.evaluation.datasets import load_hostile_requests
from assistant.evaluation.families.base import EvalContext, FamilyResult
from assistant.evaluation.metrics import StatusCase, status_match

NO_CLIENT = ("not available: no app client was passed in (run_suites(..., app_client=open_app_client) "
             "from assistant.api.evalclient, as `isl-assistant eval run` does)")


def run_robustness(ctx: EvalContext) -> FamilyResult:
    if ctx.app_client is None:
        return FamilyResult.skipped("robustness", NO_CLIENT)
    requests = load_hostile_requests(ctx.dataset(ctx.suite.datasets.robustness), ctx.split)
    if not requests:
        return FamilyResult.skipped("robustness", f"no {ctx.split} requests in the robustness set")
    try:
        opened = ctx.app_client(ctx.runtime, ctx.qa)
    except ImportError as exc:  # the API is part of the package, but say so if it cannot be imported
        return FamilyResult.skipped("robustness", f"not available: the API cannot be imported ({exc})")
    cases: list[StatusCase] = []
    with opened as client:
        for req in ctx.bar(requests, "robustness", len(requests)):
            raw, body = req.body()
            headers = dict(req.headers)
            if raw is not None:
                headers.setdefault("content-type", "application/json")
            resp = client.request(req.method, req.path, content=raw, json=body, headers=headers)
            cases.append(StatusCase(req.expected_status, resp.status_code, req.id))
    metric = status_match(cases)
    res = FamilyResult("robustness")
    res.add(metric)
    for c, value in zip(cases, metric.per_case, strict=True):
        res.cases.append({"id": c.case_id, "expected": c.expected_status, "actual": c.actual_status,
                          "status_match": value})
    return res
