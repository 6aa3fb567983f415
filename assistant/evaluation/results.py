"""The result of a run: per suite, each metric's aggregate over repeats and the per-case table.

``results.json`` is :meth:`RunResult.to_dict`; the gate and the report read only that shape::

    {"created_at", "repeat", "index_version",
     "suites": {"composer": {"generator", "status", "reason",
                             "splits": {"dev": {...}, "test": {
                                 "families": {"retrieval": {"status", "reason", "seconds", "runs"}},
                                 "aggregate": {"retrieval.recall@10": {"mean", "std", "min", "max", "runs", "scored"}},
                                 "cases": {"retrieval": [{"id": "tq001", "recall@10": 1.0, ...}]}}}}}}

``scored`` is the number of records a metric was computed on: the report shows it beside each value.

Scores that were never measured are ``null`` (JSON has no NaN), never 0.
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def finite_or_none(value: Any) -> float | None:
    if value is None:
        return None
    f = float(value)
    return f if math.isfinite(f) else None


def json_safe(value: Any) -> Any:
    """Replace NaN and infinities by None, recursively, and tuples/sets by lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(json_safe(v) for v in value)
    return value


@dataclass(frozen=True)
class MetricSummary:
    """One metric over ``repeat`` runs: mean and spread of the run scores (unmeasured runs left out)."""

    runs: tuple[float | None, ...]
    scored: int = 0

    @property
    def kept(self) -> list[float]:
        return [v for v in self.runs if v is not None]

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.kept) if self.kept else None

    @property
    def std(self) -> float | None:
        return statistics.pstdev(self.kept) if self.kept else None

    def to_dict(self) -> dict[str, Any]:
        kept = self.kept
        return {"mean": self.mean, "std": self.std, "min": min(kept) if kept else None,
                "max": max(kept) if kept else None, "runs": list(self.runs), "scored": self.scored}


@dataclass
class SplitResult:
    """One split's families (status, seconds), metric aggregates and per-case rows."""

    families: dict[str, dict[str, Any]] = field(default_factory=dict)
    aggregate: dict[str, MetricSummary] = field(default_factory=dict)
    cases: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"families": self.families, "aggregate": {k: v.to_dict() for k, v in self.aggregate.items()},
                "cases": self.cases}


@dataclass
class SuiteResult:
    name: str
    generator: str
    status: str = "ok"
    reason: str | None = None
    splits: dict[str, SplitResult] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return json_safe({
            "generator": self.generator, "status": self.status, "reason": self.reason,
            "splits": {k: v.to_dict() for k, v in self.splits.items()},
        })


@dataclass
class RunResult:
    created_at: str
    repeat: int
    index_version: str
    suites: dict[str, SuiteResult] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"created_at": self.created_at, "repeat": self.repeat, "index_version": self.index_version,
                "suites": {k: v.to_dict() for k, v in self.suites.items()}}

    def metric_table(self) -> list[tuple[str, str, str, dict[str, Any]]]:
        """(suite, split, metric, summary) rows in order, for printing."""
        return [(s, sp, m, v.to_dict()) for s, sr in self.suites.items() for sp, r in sr.splits.items()
                for m, v in r.aggregate.items()]


def write_json(data: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(json_safe(data), indent=2, ensure_ascii=False, allow_nan=False), encoding="utf-8")
    return path


def read_json(path: Path) -> dict[str, Any]:
    from assistant.evaluation.suites import SuiteError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SuiteError(f"Cannot read results {path}: {exc}", hint="Run: isl-assistant eval run") from exc
    if not isinstance(data, dict) or "suites" not in data:
        raise SuiteError(f"{path} is not a results.json written by 'isl-assistant eval run'.")
    return data
