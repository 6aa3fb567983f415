"""Prometheus metrics, one registry per app (so several apps in one process never collide)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "isl_http_requests_total", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "isl_http_request_seconds", "HTTP request latency", ["route"], registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.turns = Counter("isl_turns_total", "Chat turns answered", ["mode", "channel"], registry=self.registry)
        self.refusals = Counter("isl_refusals_total", "Turns refused", ["mode"], registry=self.registry)
        self.ready = Gauge("isl_ready", "1 when the index and model are loaded", registry=self.registry)

    def observe_turn(self, mode: str, channel: str, refused: bool) -> None:
        self.turns.labels(mode, channel).inc()
        if refused:
            self.refusals.labels(mode).inc()
