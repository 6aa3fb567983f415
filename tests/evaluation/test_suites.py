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
                                                "coaching", "conversations", "coverage", "robustness"}
    assert suites["composer"].splits == ["dev", "test"]
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


def test_datasets_load_by_split() -> None:
    dev = load_questions(EVALS / "retrieval", split="dev")
    test = load_questions(EVALS / "retrieval", split="test")
    assert {q.split for q in dev} == {"dev"} and {q.split for q in test} == {"test"}
    assert len(dev) > 100 and len(test) >= 60
    everything = load_questions(EVALS / "retrieval")
    assert len(everything) == len(dev) + len(test)
    assert any(q.should_refuse for q in dev)
    # a question about an unpublished part expects the "not in our sources" note, not a refusal
    assert not any(q.should_refuse for q in everything if "fw:unpublished" in q.expected)
    # every request to decline is a refusal case; follow-ups carry their earlier turns
    assert all(q.should_refuse for q in everything if q.decline)
    assert any(q.history for q in dev)
    limited = load_questions(EVALS / "retrieval", limit=5)
    assert [q.split for q in limited] == ["dev"] * 5 + ["test"] * 5
    reqs = {r.id: r for r in load_hostile_requests(EVALS / "suites" / "data" / "robustness.yaml", split="dev")}
    raw, body = reqs["oversized-25k"].body()
    assert raw is None and len(body["message"]) > 25_000
    raw, body = reqs["invalid-json"].body()
    assert body is None and raw is not None
    assert reqs["nul-bytes"].body()[1]["message"].endswith("\x00")
    held_out = load_hostile_requests(EVALS / "suites" / "data" / "robustness.yaml", split="test")
    assert held_out and not {r.id for r in held_out} & set(reqs)


def test_calibration_refuses_test_records() -> None:
    from assistant.evaluation.datasets import require_dev

    require_dev(load_questions(EVALS / "retrieval", split="dev"), "x")
    with pytest.raises(SuiteError, match="dev records only"):
        require_dev(load_questions(EVALS / "retrieval"), "The refusal threshold")


def test_a_record_without_a_split_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "q", "answerable": true}\n')
    with pytest.raises(SuiteError, match="split"):
        load_questions(path)


def test_duplicate_ids_across_files_are_refused(tmp_path: Path) -> None:
    line = '{"id": "a", "split": "dev", "question": "q", "answerable": true}\n'
    (tmp_path / "1.jsonl").write_text(line)
    (tmp_path / "2.jsonl").write_text(line)
    with pytest.raises(SuiteError, match="used twice"):
        load_questions(tmp_path)


def test_bad_question_lines_are_reported_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "split": "dev", "question": "q", "answerable": true}\n{"id": 1}\n')
    with pytest.raises(SuiteError, match=":2:"):
        load_questions(path)
