"""The runner on the real index: suites, repeats, skipped parts, the optional judge, and the gate
failing on a deliberately degraded retriever (a real Retriever wrapper, passed in through the API)."""

from __future__ import annotations

import json
import random

import pytest

from assistant.evaluation.datasets import load_questions
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


def composer_subset(*families: str, splits: tuple[str, ...] = ("dev", "test")) -> SuiteSpec:
    return load_suite_file(EVALS / "suites" / "composer.yaml").model_copy(
        update={"families": list(families), "splits": list(splits)})


def test_gate_fails_on_a_degraded_retriever_and_passes_on_the_real_one(runtime: Runtime) -> None:
    spec = composer_subset("retrieval", "refusal", "citations")
    thresholds = load_thresholds(EVALS / "thresholds.yaml")
    subset = {"composer": {"test": {m: b for m, b in thresholds["composer"]["test"].items()
                                    if m.split(".")[0] in spec.families}}}

    good = run_suites(runtime, [spec]).to_dict()
    report = check(good, subset, ["composer"])
    assert report.passed, report.regressions

    bad = run_suites(runtime, [spec], retriever=DegradedRetriever(runtime.retriever)).to_dict()
    report = check(bad, subset, ["composer"])
    assert not report.passed
    assert any(r.startswith("composer/test/retrieval.recall@5") and "below the minimum" in r
               for r in report.regressions)
    for split in ("dev", "test"):
        assert bad["suites"]["composer"]["splits"][split]["aggregate"]["retrieval.mrr@10"]["mean"] < \
            good["suites"]["composer"]["splits"][split]["aggregate"]["retrieval.mrr@10"]["mean"]


def test_repeat_reports_the_spread_and_per_case_rows(runtime: Runtime) -> None:
    spec = select_suites(EVALS, "retrieval")[0].model_copy(update={"splits": ["dev"]})
    result = run_suites(runtime, [spec], repeat=2).to_dict()
    json.dumps(result, allow_nan=False)  # strictly valid JSON
    dev = result["suites"]["retrieval"]["splits"]["dev"]
    agg = dev["aggregate"]["retrieval.recall@10"]
    assert len(agg["runs"]) == 2 and agg["std"] == 0.0 and agg["min"] == agg["max"] == agg["mean"]
    cases = dev["cases"]["retrieval"]
    want = {q.id for q in load_questions(EVALS / "retrieval", split="dev") if q.expected}
    assert {c["id"] for c in cases} == want and all("recall@10" in c and c["retrieved"] for c in cases)
    assert dev["families"]["retrieval"]["runs"] == 2
    # a follow-up is searched as the chat searches it: its question plus the earlier turns' topic
    follow = [c for c in cases if "query" in c]
    assert follow and all(c["query"] != c["question"] and c["question"] in c["query"] for c in follow)
    assert set(result["suites"]["retrieval"]["splits"]) == {"dev"}


def test_llm_suite_is_skipped_without_a_configured_llm(runtime: Runtime) -> None:
    result = run_suites(runtime, select_suites(EVALS, "llm")).to_dict()
    suite = result["suites"]["llm"]
    assert suite["status"] == "skipped" and "not available" in suite["reason"] and suite["splits"] == {}


def test_judge_runs_beside_offline_metrics_with_a_given_model(runtime: Runtime) -> None:
    seen: list[str] = []

    def judge(system: str, user: str) -> str:
        seen.append(user)
        return "SCORE: 4\nMostly supported." if "PASSAGES" in user else "no score"

    spec = composer_subset("groundedness", "judge", splits=("dev",)).model_copy(update={"limit": 6})
    suite = run_suites(runtime, [spec], judge=judge).to_dict()["suites"]["composer"]["splits"]["dev"]
    assert suite["aggregate"]["judge.judge_faithfulness"]["mean"] == pytest.approx(0.75)
    assert "groundedness.groundedness" in suite["aggregate"]
    assert seen and all("ANSWER:" in u for u in seen)


def test_judge_is_skipped_without_an_llm(runtime: Runtime) -> None:
    spec = composer_subset("judge", splits=("dev",)).model_copy(update={"limit": 3})
    fam = run_suites(runtime, [spec]).to_dict()["suites"]["composer"]["splits"]["dev"]["families"]["judge"]
    assert fam["status"] == "skipped" and "not available" in fam["reason"]


def test_robustness_family_hits_the_real_app(runtime: Runtime) -> None:
    # the caller that may know FastAPI passes the real app in, as `isl-assistant eval run` does
    from assistant.api.evalclient import open_app_client

    spec = composer_subset("robustness", splits=("dev",))
    suite = run_suites(runtime, [spec], app_client=open_app_client).to_dict()["suites"]["composer"]
    suite = suite["splits"]["dev"]
    rows = {r["id"]: r for r in suite["cases"]["robustness"]}
    assert rows["oversized-25k"]["actual"] == 413 and rows["invalid-json"]["actual"] == 422
    assert rows["nul-bytes"]["actual"] == 200 and rows["unknown-session"]["actual"] == 404
    assert rows["audit-without-key"]["actual"] == 401
    assert suite["aggregate"]["robustness.status_match"]["mean"] == 1.0


def test_robustness_family_is_skipped_without_an_app_client(runtime: Runtime) -> None:
    dev = run_suites(runtime, [composer_subset("robustness", splits=("dev",))]).to_dict()
    fam = dev["suites"]["composer"]["splits"]["dev"]["families"]["robustness"]
    assert fam["status"] == "skipped" and "no app client" in fam["reason"] and "app_client=" in fam["reason"]


def test_conversations_family_plays_every_dev_conversation_to_the_end(runtime: Runtime) -> None:
    from assistant.evaluation.families.conversations import load_conversations

    convs = load_conversations(EVALS / "coaching", "dev")
    suite = run_suites(runtime, [composer_subset("conversations", splits=("dev",))]).to_dict()
    dev = suite["suites"]["composer"]["splits"]["dev"]
    rows = dev["cases"]["conversations"]
    assert [r["id"] for r in rows] == [c.id for c in convs]
    assert all(r["coach_turns"] >= 1 and not r["errors"] for r in rows)
    assert {"conversations.plan_reached", "conversations.asked_known", "conversations.plan_coverage",
            "conversations.one_question_per_turn"} <= set(dev["aggregate"])
    assert 0.0 <= dev["aggregate"]["conversations.asked_known"]["mean"] <= 1.0
