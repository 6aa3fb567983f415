"""Per-client rate limit: a moving window of requests (the ``limits`` library), in memory for one worker or
in Redis, so every worker of a deployment shares one budget per client.

"N a minute" means at most N requests from a client in any 60 seconds, which is what the 429's hint says.
If Redis cannot be reached the request is allowed and the failure logged: a broken limiter must not take
the assistant down.

    >>> limiter = RateLimiter("2/minute")
    >>> [limiter.allow("203.0.113.7") for _ in range(3)]
    [True, True, False]
"""

from __future__ import annotations

import logging

from limits import parse, storage, strategies
from limits.errors import StorageError

log = logging.getLogger(__name__)
PREFIX = "isl-rl"


class RateLimiter:
    """``limit`` in the ``limits`` notation ("30/minute"); ``storage_uri`` "memory://" or a redis:// URL."""

    def __init__(self, limit: str, storage_uri: str = "memory://", *, prefix: str = PREFIX) -> None:
        self.item = parse(limit)
        self.prefix = prefix
        self.shared = not storage_uri.startswith("memory://")
        options = {"wrap_exceptions": True, "socket_timeout": 0.5, "socket_connect_timeout": 0.5} if self.shared else {}
        self._window = strategies.MovingWindowRateLimiter(storage.storage_from_string(storage_uri, **options))

    def allow(self, key: str) -> bool:
        try:
            return self._window.hit(self.item, self.prefix, key)
        except StorageError:
            log.warning("rate limiter: Redis unavailable, request allowed", exc_info=True)
            return True


def make_rate_limiter(per_minute: int, redis_url: str = "") -> RateLimiter:
    """``per_minute`` requests per client in any minute; shared through Redis when a URL is configured."""
    if per_minute <= 0:
        raise ValueError("per_minute must be positive (ASSISTANT_RATE_LIMIT_PER_MINUTE)")
    return RateLimiter(f"{per_minute}/minute", redis_url or "memory://")
