"""Rate limiting: a burst is served, then 429 with the error shape; the limiter itself refills."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.conftest import Live, live_server, make_settings
from assistant.api.ratelimit import RateLimiter


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Iterator[Live]:
    db = tmp_path_factory.mktemp("limited") / "assistant.db"
    with live_server(make_settings(index_dir, f"sqlite:///{db}", rate_limit_per_minute=5)) as server:
        yield server


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/v1/chat", "/v1/chat/completions"])
def test_a_burst_over_the_limit_gets_429(limited: Live, path: str) -> None:
    if path.endswith("completions"):
        body: dict = {"model": "isl-assistant", "messages": [{"role": "user", "content": "What is Level 2 in Finances?"}]}
    else:
        body = {"message": "What is Level 2 in Finances?"}
    with limited.client() as c:
        statuses = [c.post(path, json=body).status_code for _ in range(8)]
        assert statuses.count(429) >= 3  # the bucket (5) may have refilled a little since the last test
        first = statuses.index(429)
        assert statuses[first:] == [429] * (8 - first)
        r = c.post(path, json=body)
        assert r.status_code == 429
        error = r.json()["error"]
        assert error["code"] == "rate_limited" and error["message"] and "5 a minute" in error["hint"]
        assert c.get("/healthz").status_code == 200  # health checks are never limited


@pytest.mark.slow
def test_rejected_requests_store_nothing(limited: Live) -> None:
    with limited.client() as c:
        while c.post("/v1/chat", json={"message": "What is Level 2 in Finances?"}).status_code != 429:
            pass
        before = limited.counts()
        assert c.post("/v1/chat", json={"message": "What is Level 2 in Finances?"}).status_code == 429
    assert limited.counts() == before


def test_the_bucket_allows_its_burst_then_refuses() -> None:
    limiter = RateLimiter(60, burst=3)
    assert [limiter.allow("ip") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("other-ip")  # buckets are per client


def test_the_bucket_refills_with_time() -> None:
    limiter = RateLimiter(6_000, burst=1)  # 100 tokens a second
    assert limiter.allow("ip") and not limiter.allow("ip")
    time.sleep(0.05)
    assert limiter.allow("ip")


@pytest.mark.parametrize("per_minute", [0, -1])
def test_a_limit_must_be_positive(per_minute: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        RateLimiter(per_minute)
