"""What every family gets (:class:`EvalContext`) and returns (:class:`FamilyResult`).

The robustness family talks HTTP to the real app, but evaluation sits below ``api/`` and may not import
FastAPI or ``assistant.api``: whoever may know the app (``assistant.cli``, a test) passes an
:class:`AppClientFactory` in, and evaluation sees only the small :class:`HttpClient` protocol.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

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


class HttpResponse(Protocol):
    """What the robustness family reads from a response."""

    @property
    def status_code(self) -> int: ...


class HttpClient(Protocol):
    """Sends one request to the app (Starlette's ``TestClient`` and ``httpx.Client`` both fit)."""

    def request(self, method: str, path: str, /, *, content: bytes | None = None, json: Any = None,
                headers: Mapping[str, str] | None = None) -> HttpResponse: ...


class AppClientFactory(Protocol):
    """Opens a client on the real app serving ``qa`` over ``runtime`` (a scratch database, no rate limit).

    The app must answer with the pipeline under evaluation, so the factory gets it per suite rather than
    the caller building one client up front.
    """

    def __call__(self, runtime: Runtime, qa: QAPipeline) -> AbstractContextManager[HttpClient]: ...


@dataclass
class EvalContext:
    """The loaded parts one suite run uses; ``retriever`` may differ from ``runtime.retriever``.

    ``app_client`` opens a client on the real app; without one the robustness family is skipped.
    """

    runtime: Runtime
    retriever: Retriever
    qa: QAPipeline
    suite: SuiteSpec
    evals_dir: Path
    similarity: EmbeddingSimilarity
    split: Split = "test"
    progress: bool = True
    llm_judge: Any = None
    app_client: AppClientFactory | None = None
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
