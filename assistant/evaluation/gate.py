"""The regression gate: compare a run's aggregates with ``evals/thresholds.yaml``.

    composer:                              # suite
      test:                                # split: the gate is on the held-out test split ...
        retrieval.recall@10: {min: 0.82}   # family.metric: bounds on the mean over repeats
      dev:                                 # ... and on dev only for what has no test records
        coaching.sessions_completed: {min: 1.0}

A suite that maps metrics directly (no split key) is gated on ``test``.

A threshold whose metric was not measured (family skipped, suite skipped) is a failure too: a gate that
passes because nothing ran would hide exactly the regression it exists for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from assistant.evaluation.suites import SuiteError


class Bounds(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _some(self) -> Bounds:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self


SPLIT_KEYS = ("dev", "test")
Thresholds = dict[str, dict[str, dict[str, Bounds]]]  # suite -> split -> metric -> bounds


def load_thresholds(path: Path) -> Thresholds:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SuiteError(f"Cannot read thresholds {path}: {exc}", hint="See evals/thresholds.yaml.") from exc
    if not isinstance(data, dict):
        raise SuiteError(f"{path} must map suite -> split -> metric -> {{min, max}}.")
    out: Thresholds = {}
    for suite, body in data.items():
        if not isinstance(body, dict):
            raise SuiteError(f"{path}: suite {suite!r} must map split -> metric -> {{min, max}}.")
        by_split = body if body and set(body) <= set(SPLIT_KEYS) else {"test": body}
        out[str(suite)] = {}
        for split, metrics in by_split.items():
            if not isinstance(metrics, dict):
                raise SuiteError(f"{path}: {suite}.{split} must map metric -> {{min, max}}.")
            try:
                out[str(suite)][str(split)] = {str(m): Bounds.model_validate(b) for m, b in metrics.items()}
            except ValidationError as exc:
                raise SuiteError(f"{path}: suite {suite!r} ({split}): {exc.errors()[0].get('msg')}") from exc
    return out


@dataclass
class GateReport:
    checked: list[dict[str, Any]] = field(default_factory=list)
    regressions: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.regressions


def check(results: dict[str, Any], thresholds: Thresholds, suites: list[str] | None = None) -> GateReport:
    """Every threshold of the given suites (default: every suite in the thresholds) against ``results``."""
    report = GateReport()
    names = suites if suites is not None else list(thresholds)
    for suite in names:
        data = results.get("suites", {}).get(suite)
        for split, bounds_by_metric in thresholds.get(suite, {}).items():
            part = (data or {}).get("splits", {}).get(split)
            for metric, bounds in bounds_by_metric.items():
                where = f"{suite}/{split}/{metric}"
                row: dict[str, Any] = {"suite": suite, "split": split, "metric": metric, "min": bounds.min,
                                       "max": bounds.max, "value": None, "scored": None, "ok": False}
                report.checked.append(row)
                if data is None or data.get("status") != "ok":
                    why = "was not run" if data is None else f"was skipped ({data.get('reason')})"
                    report.regressions.append(f"{where}: suite {suite!r} {why}")
                    continue
                if part is None:
                    report.regressions.append(f"{where}: the {split} split was not run")
                    continue
                summary = part.get("aggregate", {}).get(metric) or {}
                value = summary.get("mean")
                row["value"], row["scored"] = value, summary.get("scored")
                if value is None:
                    report.regressions.append(f"{where}: not measured (family skipped or no scorable cases)")
                elif bounds.min is not None and value < bounds.min:
                    report.regressions.append(f"{where}: {value:.4f} is below the minimum {bounds.min}")
                elif bounds.max is not None and value > bounds.max:
                    report.regressions.append(f"{where}: {value:.4f} is above the maximum {bounds.max}")
                else:
                    row["ok"] = True
    return report
