"""What every family gets (:class:`EvalContext`) and returns (:class:`FamilyResult`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from tqdm import tqdm

from assistant.evaluation.datasets import Split
from assistant.evaluation.metrics.base import MetricResult
from assistant.evaluation.similarity import EmbeddingSimilarity
from assistant.evaluation.suites import SuiteSpec
from assistant.generation.base import Answer, GenerationRequest
from assistant.generation.pipeline import QAPipeline
from assistant.retrieval.hybrid import Retriever
from assistant.runtime import Runtime

T = TypeVar("T")


@dataclass(frozen=True)
class QAOutcome:
    """One question answered by the pipeline under evaluation."""

    request: GenerationRequest
    answer: Answer
    seconds: float


@dataclass
class EvalContext:
    """The loaded parts one suite run uses; ``retriever`` may differ from ``runtime.retriever``."""

    runtime: Runtime
    retriever: Retriever
    qa: QAPipeline
    suite: SuiteSpec
    evals_dir: Path
    similarity: EmbeddingSimilarity
    split: Split = "test"
    progress: bool = True
    llm_judge: Any = None
    cache: dict[str, Any] = field(default_factory=dict)

    def dataset(self, relative: str) -> Path:
        return self.evals_dir / relative

    def bar(self, items: Iterable[T], desc: str, total: int | None = None) -> Iterator[T]:
        """A progress bar on stderr (none when progress is off)."""
        yield from tqdm(items, desc=f"{self.suite.name}:{self.split}:{desc}", total=total, disable=not self.progress,
                        unit="case", leave=False)


@dataclass
class FamilyResult:
    """A family's metrics (by name) and its per-case rows, or why it was skipped."""

    family: str
    metrics: dict[str, MetricResult] = field(default_factory=dict)
    cases: list[dict[str, Any]] = field(default_factory=list)
    status: Literal["ok", "skipped"] = "ok"
    reason: str | None = None
    seconds: float = 0.0

    @classmethod
    def skipped(cls, family: str, reason: str) -> FamilyResult:
        return cls(family, status="skipped", reason=reason)

    def add(self, result: MetricResult, *, name: str | None = None) -> None:
        self.metrics[name or result.name] = result
