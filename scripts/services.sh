#!/usr/bin/env bash
# The local services the tests talk to, on loopback: PostgreSQL (5432) and Redis (6379).
# This machine kind starts both before a session; whichever is down is started with its usual command.
set -uo pipefail
if command -v pg_isready >/dev/null && ! pg_isready -h 127.0.0.1 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start \
    || echo "PostgreSQL is not running on 127.0.0.1:5432: the PostgreSQL tests will fail" >&2
fi
if command -v redis-cli >/dev/null && ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log \
    || echo "Redis is not running on 127.0.0.1:6379: the shared rate-limit tests will fail" >&2
fi
exit 0
