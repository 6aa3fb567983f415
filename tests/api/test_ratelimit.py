"""Rate limiting: a client's limit is served, then 429 with the error shape; the window moves on."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.conftest import Live, live_server, make_settings
from assistant.api.ratelimit import RateLimiter, make_rate_limiter


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
        assert statuses.count(429) >= 3  # 5 in any minute, shared with the other parameter of this test
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


def test_a_client_gets_its_limit_then_is_refused() -> None:
    limiter = RateLimiter("3/minute")
    assert [limiter.allow("ip") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("other-ip")  # the budget is per client


def test_the_window_moves_on() -> None:
    limiter = RateLimiter("1/second")
    assert limiter.allow("ip") and not limiter.allow("ip")
    time.sleep(1.05)
    assert limiter.allow("ip")


@pytest.mark.parametrize("per_minute", [0, -1])
def test_a_limit_must_be_positive(per_minute: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        make_rate_limiter(per_minute)


# ---- shared by several workers, in the real Redis on loopback ----------------------------------------
REDIS_URL = "redis://127.0.0.1:6379/15"


def _forget(pattern: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(pattern):
        client.delete(key)


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    prefix = f"isl-test-{uuid.uuid4().hex}"
    yield prefix
    _forget(f"*{prefix}*")


def test_two_workers_share_one_budget(redis_prefix: str) -> None:
    a = RateLimiter("4/minute", REDIS_URL, prefix=redis_prefix)
    b = RateLimiter("4/minute", REDIS_URL, prefix=redis_prefix)
    assert [a.allow("ip"), b.allow("ip"), a.allow("ip"), b.allow("ip")] == [True] * 4
    assert not a.allow("ip") and not b.allow("ip")
    assert a.allow("other-ip")  # the budget is per client


def test_the_shared_window_moves_on(redis_prefix: str) -> None:
    limiter = RateLimiter("1/second", REDIS_URL, prefix=redis_prefix)
    assert limiter.allow("ip") and not limiter.allow("ip")
    time.sleep(1.05)
    assert limiter.allow("ip")


def test_an_unreachable_redis_lets_requests_through_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    limiter = RateLimiter("1/minute", "redis://127.0.0.1:1/0")  # nothing listens on port 1
    assert limiter.allow("ip") and limiter.allow("ip")
    assert any("Redis unavailable" in r.getMessage() for r in caplog.records)


def test_the_settings_choose_where_the_counts_live() -> None:
    assert not make_rate_limiter(60).shared
    shared = make_rate_limiter(60, REDIS_URL)
    assert shared.shared and str(shared.item) == "60 per 1 minute"


@pytest.mark.slow
def test_two_servers_on_one_redis_enforce_one_limit(tmp_path: Path, index_dir: Path) -> None:
    _forget("*isl-rl/127.0.0.1/*")
    db = f"sqlite:///{tmp_path / 'assistant.db'}"
    settings = make_settings(index_dir, db, rate_limit_per_minute=5, rate_limit_redis_url=REDIS_URL)
    body = {"message": "What is Level 2 in Finances?"}
    with live_server(settings) as one, live_server(settings) as two, one.client() as a, two.client() as b:
        statuses = [(a if i % 2 else b).post("/v1/chat", json=body).status_code for i in range(8)]
    _forget("*isl-rl/127.0.0.1/*")
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429] * 3  # five in all, not five each
