"""The regression gate: compare a run's aggregates with ``evals/thresholds.yaml``.

    composer:                              # suite
      retrieval.recall@10: {min: 0.82}     # family.metric: bounds on the mean over repeats
      robustness.status_match: {min: 1.0}

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


Thresholds = dict[str, dict[str, Bounds]]


def load_thresholds(path: Path) -> Thresholds:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SuiteError(f"Cannot read thresholds {path}: {exc}", hint="See evals/thresholds.yaml.") from exc
    if not isinstance(data, dict):
        raise SuiteError(f"{path} must map suite -> metric -> {{min, max}}.")
    out: Thresholds = {}
    for suite, metrics in data.items():
        if not isinstance(metrics, dict):
            raise SuiteError(f"{path}: suite {suite!r} must map metric -> {{min, max}}.")
        try:
            out[str(suite)] = {str(m): Bounds.model_validate(b) for m, b in metrics.items()}
        except ValidationError as exc:
            raise SuiteError(f"{path}: suite {suite!r}: {exc.errors()[0].get('msg')}") from exc
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
        bounds_by_metric = thresholds.get(suite, {})
        data = results.get("suites", {}).get(suite)
        for metric, bounds in bounds_by_metric.items():
            row: dict[str, Any] = {"suite": suite, "metric": metric, "min": bounds.min, "max": bounds.max,
                                   "value": None, "ok": False}
            report.checked.append(row)
            if data is None or data.get("status") != "ok":
                why = "was not run" if data is None else f"was skipped ({data.get('reason')})"
                report.regressions.append(f"{suite}/{metric}: suite {suite!r} {why}")
                continue
            value = (data.get("aggregate", {}).get(metric) or {}).get("mean")
            row["value"] = value
            if value is None:
                report.regressions.append(f"{suite}/{metric}: not measured (family skipped or no scorable cases)")
            elif bounds.min is not None and value < bounds.min:
                report.regressions.append(f"{suite}/{metric}: {value:.4f} is below the minimum {bounds.min}")
            elif bounds.max is not None and value > bounds.max:
                report.regressions.append(f"{suite}/{metric}: {value:.4f} is above the maximum {bounds.max}")
            else:
                row["ok"] = True
    return report
