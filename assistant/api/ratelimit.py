"""Per-client token buckets: in memory (one worker), or in Redis (shared by every worker of a deployment)."""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)


def bucket_size(per_minute: int, burst: int | None) -> tuple[float, float]:
    """(tokens a second, capacity) of a client's bucket; the burst defaults to a quarter minute's worth."""
    if per_minute <= 0:
        raise ValueError("per_minute must be positive")
    return per_minute / 60.0, float(burst if burst is not None else max(per_minute // 4, 5))


class RateLimiter:
    def __init__(self, per_minute: int, *, burst: int | None = None) -> None:
        self.rate, self.capacity = bucket_size(per_minute, burst)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > 50_000:  # forget idle clients
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 300}
            return True


# KEYS[1] the client's bucket; ARGV: capacity, tokens per second, now (seconds), ttl (seconds)
_BUCKET = """
local state = redis.call('HMGET', KEYS[1], 'tokens', 'last')
local capacity, rate, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens = tonumber(state[1]) or capacity
local last = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - last) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'last', now)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
return allowed
"""


class RedisRateLimiter:
    """The same token bucket, kept in Redis, so every worker of a deployment shares one budget per client.

    The bucket is read and updated in one Lua script (atomic on the server), with Redis's own clock so
    workers on different machines agree. If Redis cannot be reached the request is allowed and the
    failure logged: a broken limiter must not take the assistant down.
    """

    def __init__(self, url: str, per_minute: int, *, burst: int | None = None, prefix: str = "isl:rl:") -> None:
        import redis

        self.rate, self.capacity = bucket_size(per_minute, burst)
        self.prefix = prefix
        self.ttl = max(60, int(self.capacity / self.rate) + 60)  # an idle bucket is full again by then
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._script = self._redis.register_script(_BUCKET)

    def allow(self, key: str) -> bool:
        import redis

        try:
            seconds, micros = self._redis.time()  # type: ignore[misc]
            now = seconds + micros / 1e6
            return bool(self._script(keys=[self.prefix + key], args=[self.capacity, self.rate, now, self.ttl]))
        except redis.RedisError:
            log.warning("rate limiter: Redis unavailable, request allowed", exc_info=True)
            return True


def make_rate_limiter(per_minute: int, redis_url: str = "") -> RateLimiter | RedisRateLimiter:
    """In memory (one worker), or in Redis when a URL is configured (several workers share the limit)."""
    return RedisRateLimiter(redis_url, per_minute) if redis_url else RateLimiter(per_minute)
