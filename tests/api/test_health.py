"""Liveness, readiness with the index version, and Prometheus metrics."""

from __future__ import annotations

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.conftest import Live

pytestmark = pytest.mark.slow


def samples(client: httpx.Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(r.text)
        for s in family.samples
    }


def test_healthz(client: httpx.Client) -> None:
    r = client.get("/healthz")
    assert (r.status_code, r.json()) == (200, {"status": "ok"})


def test_readyz_reports_the_index_version(client: httpx.Client, live: Live) -> None:
    r = client.get("/readyz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ready"
    assert body["index_version"] == live.services.runtime.index.manifest["index_version"]
    assert len(body["index_version"]) == 16
    assert body["chunks"] > 0 and body["generator"] == "composer"


def test_metrics_count_turns_and_refusals(client: httpx.Client) -> None:
    turns = ("isl_turns_total", (("channel", "chat"), ("mode", "qa")))
    refusals = ("isl_refusals_total", (("mode", "qa"),))
    before = samples(client)
    client.post("/v1/chat", json={"message": "What is Level 2 in Finances?"})
    client.post("/v1/chat", json={"message": "What is the capital of France?"})
    after = samples(client)
    assert after[turns] - before.get(turns, 0.0) == 2
    assert after[refusals] - before.get(refusals, 0.0) == 1
    assert after[("isl_ready", ())] == 1


def test_metrics_count_requests_by_route_and_status(client: httpx.Client) -> None:
    key = ("isl_http_requests_total", (("method", "GET"), ("route", "/healthz"), ("status", "200")))
    before = samples(client).get(key, 0.0)
    client.get("/healthz")
    assert samples(client)[key] == before + 1


def test_an_unexpected_error_is_a_logged_json_500_and_counted(live: Live, caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> None:
        raise RuntimeError("a bug in a route")

    live.app.add_api_route("/test-broken", broken, methods=["GET"])
    key = ("isl_http_requests_total", (("method", "GET"), ("route", "/test-broken"), ("status", "500")))
    with live.client() as c:
        before = samples(c).get(key, 0.0)
        r = c.get("/test-broken")
        assert r.status_code == 500
        assert r.json()["error"]["code"] == "internal_error"
        assert "a bug in a route" not in r.text and "Traceback" not in r.text
        assert samples(c)[key] == before + 1
    assert any("unhandled error on GET /test-broken" in rec.getMessage() for rec in caplog.records)
