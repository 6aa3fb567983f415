"""Suite files and datasets load into validated models; mistakes fail with the file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evaluation.datasets import load_hostile_requests, load_questions
from assistant.evaluation.suites import SuiteError, load_suites, select_suites
from assistant.settings import ROOT

EVALS = ROOT / "evals"


def test_project_suites_load() -> None:
    suites = load_suites(EVALS)
    assert {"composer", "llm", "retrieval"} <= set(suites)
    assert set(suites["composer"].families) == {"retrieval", "citations", "groundedness", "refusal", "matching",
                                                "coaching", "robustness"}
    assert suites["llm"].generator == "configured" and "judge" in suites["llm"].families


def test_unknown_suite_names_the_known_ones() -> None:
    with pytest.raises(SuiteError, match="composer"):
        select_suites(EVALS, "nope")


@pytest.mark.parametrize(
    ("text", "match"),
    [("name: x\nfamilies: [retrieval]\nbogus: 1\n", "bogus"),
     ("name: x\nfamilies: [telepathy]\n", "families"),
     ("name: x\nfamilies: []\n", "families"),
     ("name: other\nfamilies: [retrieval]\n", "must match the file name"),
     ("name: x\nfamilies: [retrieval\n", "Cannot read")],
)
def test_invalid_suite_files(tmp_path: Path, text: str, match: str) -> None:
    (tmp_path / "suites").mkdir()
    (tmp_path / "suites" / "x.yaml").write_text(text)
    with pytest.raises(SuiteError, match=match):
        load_suites(tmp_path)


def test_datasets_load() -> None:
    qs = load_questions(EVALS / "retrieval" / "questions.jsonl")
    assert len(qs) > 50 and any(q.should_refuse for q in qs)
    # a question about an unpublished part expects the "not in our sources" note, not a refusal
    assert not any(q.should_refuse for q in qs if "fw:unpublished" in q.expected)
    assert len(load_questions(EVALS / "retrieval" / "questions.jsonl", limit=5)) == 5
    reqs = {r.id: r for r in load_hostile_requests(EVALS / "suites" / "data" / "robustness.yaml")}
    raw, body = reqs["oversized-25k"].body()
    assert raw is None and len(body["message"]) > 25_000
    raw, body = reqs["invalid-json"].body()
    assert body is None and raw is not None
    assert reqs["nul-bytes"].body()[1]["message"].endswith("\x00")


def test_bad_question_lines_are_reported_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "q", "answerable": true}\n{"id": 1}\n')
    with pytest.raises(SuiteError, match=":2:"):
        load_questions(path)
