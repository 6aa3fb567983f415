"""The gate compares results.json aggregates with thresholds, per split: every regression gets a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evaluation.gate import check, load_thresholds
from assistant.evaluation.suites import SuiteError
from assistant.settings import ROOT


def results(split: str = "test", **aggregate: float | None) -> dict:
    agg = {k.replace("__", "."): {"mean": v, "scored": 3} for k, v in aggregate.items()}
    return {"suites": {"composer": {"status": "ok", "splits": {split: {"aggregate": agg}}}}}


def thresholds(tmp_path: Path, text: str) -> dict:
    path = tmp_path / "t.yaml"
    path.write_text(text)
    return load_thresholds(path)


def test_within_bounds_passes(tmp_path: Path) -> None:
    t = thresholds(tmp_path, "composer:\n  retrieval.mrr: {min: 0.5, max: 1.0}\n")
    report = check(results(retrieval__mrr=0.7), t)
    assert report.passed and report.checked[0]["ok"] and report.checked[0]["value"] == 0.7


@pytest.mark.parametrize(
    ("value", "message"),
    [(0.4, "below the minimum 0.5"), (None, "not measured"), (1.2, "above the maximum 1.0")],
)
def test_regressions_have_messages(tmp_path: Path, value: float | None, message: str) -> None:
    t = thresholds(tmp_path, "composer:\n  retrieval.mrr: {min: 0.5, max: 1.0}\n")
    report = check(results(retrieval__mrr=value), t)
    assert not report.passed and message in report.regressions[0]
    assert "composer/test/retrieval.mrr" in report.regressions[0]


def test_a_suite_without_split_keys_is_gated_on_test_and_dev_keys_on_dev(tmp_path: Path) -> None:
    t = thresholds(tmp_path, "composer:\n  retrieval.mrr: {min: 0.5}\n")
    assert set(t["composer"]) == {"test"}
    assert check(results(retrieval__mrr=0.7), t).passed
    assert "the test split was not run" in check(results("dev", retrieval__mrr=0.7), t).regressions[0]
    both = thresholds(tmp_path, "composer:\n  test:\n    a.b: {min: 0.5}\n  dev:\n    c.d: {min: 0.9}\n")
    run = {"suites": {"composer": {"status": "ok", "splits": {
        "test": {"aggregate": {"a.b": {"mean": 0.6, "scored": 4}}},
        "dev": {"aggregate": {"c.d": {"mean": 0.8, "scored": 2}}}}}}}
    report = check(run, both)
    assert [r["split"] for r in report.checked] == ["test", "dev"]
    assert report.regressions == ["composer/dev/c.d: 0.8000 is below the minimum 0.9"]
    assert report.checked[0]["scored"] == 4


def test_missing_or_skipped_suite_fails(tmp_path: Path) -> None:
    t = thresholds(tmp_path, "composer:\n  retrieval.mrr: {min: 0.5}\n")
    assert "was not run" in check({"suites": {}}, t).regressions[0]
    skipped = {"suites": {"composer": {"status": "skipped", "reason": "no LLM"}}}
    assert "skipped (no LLM)" in check(skipped, t).regressions[0]


def test_only_the_named_suites_are_checked(tmp_path: Path) -> None:
    t = thresholds(tmp_path, "composer:\n  a.b: {min: 0.5}\nllm:\n  a.b: {min: 0.5}\n")
    assert check(results(a__b=0.9), t, ["composer"]).passed
    assert not check(results(a__b=0.9), t).passed


@pytest.mark.parametrize("text", ["composer:\n  a.b: {}\n", "composer:\n  a.b: {min: 0.9, max: 0.1}\n",
                                  "composer:\n  a.b: {low: 1}\n", "- a\n", "composer: 3\n", "a: [\n"])
def test_invalid_threshold_files_are_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(SuiteError):
        thresholds(tmp_path, text)


def test_the_project_thresholds_load_and_gate_the_ci_suite_on_test() -> None:
    t = load_thresholds(ROOT / "evals" / "thresholds.yaml")
    assert {m.split(".")[0] for m in t["composer"]["test"]} == {
        "retrieval", "citations", "groundedness", "refusal", "matching", "conversations", "coverage", "robustness"}
    # the scripted personas have no test records: they are gated on dev
    assert {m.split(".")[0] for m in t["composer"]["dev"]} == {"coaching"}
