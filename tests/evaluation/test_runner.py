"""The runner on the real index: suites, repeats, skipped parts, the optional judge, and the gate
failing on a deliberately degraded retriever (a real Retriever wrapper, passed in through the API)."""

from __future__ import annotations

import json
import random

import pytest

from assistant.evaluation.gate import check, load_thresholds
from assistant.evaluation.runner import run_suites
from assistant.evaluation.suites import SuiteSpec, load_suite_file, select_suites
from assistant.retrieval.hybrid import Filters, Hit, Retriever
from assistant.runtime import Runtime
from assistant.settings import ROOT

pytestmark = pytest.mark.slow
EVALS = ROOT / "evals"


class DegradedRetriever:
    """Searches with the real retriever, then drops its two best hits and shuffles the rest."""

    def __init__(self, inner: Retriever, *, drop: int = 2, seed: int = 7) -> None:
        if drop < 0:
            raise ValueError("drop must not be negative")
        self.inner = inner
        self.drop = drop
        self.seed = seed

    def search(self, query: str, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        hits = self.inner.search(query, k=k + self.drop, filters=filters)[self.drop :]
        random.Random(f"{self.seed}:{query}").shuffle(hits)
        return hits[:k]


def composer_subset(*families: str) -> SuiteSpec:
    return load_suite_file(EVALS / "suites" / "composer.yaml").model_copy(update={"families": list(families)})


def test_gate_fails_on_a_degraded_retriever_and_passes_on_the_real_one(runtime: Runtime) -> None:
    spec = composer_subset("retrieval", "refusal", "citations")
    thresholds = load_thresholds(EVALS / "thresholds.yaml")
    subset = {"composer": {m: b for m, b in thresholds["composer"].items() if m.split(".")[0] in spec.families}}

    good = run_suites(runtime, [spec]).to_dict()
    report = check(good, subset, ["composer"])
    assert report.passed, report.regressions

    bad = run_suites(runtime, [spec], retriever=DegradedRetriever(runtime.retriever)).to_dict()
    report = check(bad, subset, ["composer"])
    assert not report.passed
    assert any(r.startswith("composer/retrieval.recall@5") and "below the minimum" in r for r in report.regressions)
    assert bad["suites"]["composer"]["aggregate"]["retrieval.mrr@10"]["mean"] < \
        good["suites"]["composer"]["aggregate"]["retrieval.mrr@10"]["mean"]


def test_repeat_reports_the_spread_and_per_case_rows(runtime: Runtime) -> None:
    spec = select_suites(EVALS, "retrieval")[0]
    result = run_suites(runtime, [spec], repeat=2).to_dict()
    json.dumps(result, allow_nan=False)  # strictly valid JSON
    agg = result["suites"]["retrieval"]["aggregate"]["retrieval.recall@10"]
    assert len(agg["runs"]) == 2 and agg["std"] == 0.0 and agg["min"] == agg["max"] == agg["mean"]
    cases = result["suites"]["retrieval"]["cases"]["retrieval"]
    assert cases[0]["id"] == "q001" and "recall@10" in cases[0] and cases[0]["retrieved"]
    assert result["suites"]["retrieval"]["families"]["retrieval"]["runs"] == 2


def test_llm_suite_is_skipped_without_a_configured_llm(runtime: Runtime) -> None:
    result = run_suites(runtime, select_suites(EVALS, "llm")).to_dict()
    suite = result["suites"]["llm"]
    assert suite["status"] == "skipped" and "not available" in suite["reason"] and suite["aggregate"] == {}


def test_judge_runs_beside_offline_metrics_with_a_given_model(runtime: Runtime) -> None:
    seen: list[str] = []

    def judge(system: str, user: str) -> str:
        seen.append(user)
        return "SCORE: 4\nMostly supported." if "PASSAGES" in user else "no score"

    spec = composer_subset("groundedness", "judge").model_copy(update={"limit": 6})
    suite = run_suites(runtime, [spec], judge=judge).to_dict()["suites"]["composer"]
    assert suite["aggregate"]["judge.judge_faithfulness"]["mean"] == pytest.approx(0.75)
    assert "groundedness.groundedness" in suite["aggregate"]
    assert seen and all("ANSWER:" in u for u in seen)


def test_judge_is_skipped_without_an_llm(runtime: Runtime) -> None:
    spec = composer_subset("judge").model_copy(update={"limit": 3})
    fam = run_suites(runtime, [spec]).to_dict()["suites"]["composer"]["families"]["judge"]
    assert fam["status"] == "skipped" and "not available" in fam["reason"]


def test_robustness_family_hits_the_real_app(runtime: Runtime) -> None:
    suite = run_suites(runtime, [composer_subset("robustness")]).to_dict()["suites"]["composer"]
    rows = {r["id"]: r for r in suite["cases"]["robustness"]}
    assert rows["oversized-25k"]["actual"] == 413 and rows["invalid-json"]["actual"] == 422
    assert rows["nul-bytes"]["actual"] == 200 and rows["unknown-session"]["actual"] == 404
    assert rows["audit-without-key"]["actual"] == 401
    assert suite["aggregate"]["robustness.status_match"]["mean"] == 1.0
