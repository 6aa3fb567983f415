"""``isl-assistant eval run`` and ``eval gate`` through the real command line on the real index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.settings import ROOT

# the families with records in each split (the scripted personas exist only as dev)
FAMILIES = {"retrieval", "citations", "groundedness", "refusal", "matching", "conversations", "coverage",
            "robustness"}
DEV_FAMILIES = FAMILIES | {"coaching"}


@pytest.mark.slow
def test_eval_run_composer_writes_json_and_html_and_the_gate_reads_it(
    tmp_path: Path, index_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["--index-dir", str(index_dir), "eval", "run", "--suite", "composer", "--out", str(out), "--quiet"])
    printed = capsys.readouterr().out
    assert code == 0
    results = json.loads((out / "results.json").read_text())
    suite = results["suites"]["composer"]
    assert set(suite["splits"]) == {"dev", "test"}
    for split, families in (("dev", DEV_FAMILIES), ("test", FAMILIES)):
        part = suite["splits"][split]
        assert {f for f, v in part["families"].items() if v["status"] == "ok"} == families
        assert {k.split(".")[0] for k in part["aggregate"]} == families
        assert all(part["cases"][f] for f in families)
        assert all(v["scored"] > 0 for v in part["aggregate"].values() if v["mean"] is not None)
    assert suite["splits"]["test"]["families"]["coaching"]["status"] == "skipped"
    # dev and test side by side, each with its record count
    assert "| suite | metric | dev | dev n | test | test n |" in printed
    row = next(line for line in printed.splitlines() if line.startswith("| composer | retrieval.recall@10 |"))
    assert len(row.split("|")) == 8 and row.split("|")[4].strip().isdigit() and row.split("|")[6].strip().isdigit()
    html = (out / "report.html").read_text()
    assert html.startswith("<!doctype html>") and 'src="data:image/png;base64,' in html
    assert "<th>dev records</th>" in html and "<th>test records</th>" in html

    # the project's thresholds pass on this run ...
    code = main(["eval", "gate", "--suite", "composer", "--results", str(out / "results.json")])
    assert code == 0 and "gate passed" in capsys.readouterr().out
    # ... and an out-of-reach threshold fails with a message per regression
    strict = tmp_path / "strict.yaml"
    strict.write_text("composer:\n  test:\n    retrieval.recall@10: {min: 1.01}\n    refusal.refusal_accuracy: {max: 0.5}\n")
    code = main(["eval", "gate", "--suite", "composer", "--thresholds", str(strict), "--results",
                 str(out / "results.json")])
    err = capsys.readouterr().err
    assert code == 1 and "2 regression(s)" in err and "below the minimum 1.01" in err and "above the maximum 0.5" in err


def test_errors_become_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "run", "--suite", "no-such-suite", "--out", str(tmp_path)]) == 2
    assert "No suite named 'no-such-suite'" in capsys.readouterr().err
    assert main(["eval", "gate", "--suite", "nothing", "--results", str(tmp_path / "x.json")]) == 2
    assert "no entry for suite 'nothing'" in capsys.readouterr().err
    assert main(["eval", "gate", "--suite", "composer", "--results", str(tmp_path / "missing.json")]) == 2
    assert "Cannot read results" in capsys.readouterr().err
    assert main(["eval", "run", "--repeat", "0", "--suite", "retrieval"]) == 2


def test_thresholds_file_is_the_default(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    results = tmp_path / "r.json"
    results.write_text(json.dumps({"suites": {"composer": {"status": "skipped", "reason": "test"}}}))
    assert (ROOT / "evals" / "thresholds.yaml").is_file()
    assert main(["eval", "gate", "--suite", "composer", "--results", str(results)]) == 1
    assert "skipped (test)" in capsys.readouterr().err
