"""The leak guard on a small repository made for the test, and on the project itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.evaluation.leaks import find_leaks, posting_text, words
from assistant.settings import ROOT

TEST_QUESTION = "Could the gift shop quarterly stocktake count as tracking a budget for me"
DEV_QUESTION = "What does level two of the finances category say about a budget"


def make_repo(tmp_path: Path, code: str, prompt: str = "id: p\nversion: 1\ntext: hello\n") -> Path:
    (tmp_path / "evals" / "retrieval").mkdir(parents=True)
    (tmp_path / "evals" / "postings").mkdir()
    (tmp_path / "corpus").mkdir()
    (tmp_path / "assistant").mkdir()
    (tmp_path / "prompts").mkdir()
    rows = [{"id": "d1", "split": "dev", "question": DEV_QUESTION},
            {"id": "t1", "split": "test", "question": TEST_QUESTION, "history": ["and the shop?"]}]
    (tmp_path / "evals" / "retrieval" / "q.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "evals" / "postings" / "t1.html").write_text("<!doctype html><p>Oversee the aviary keepers</p>")
    (tmp_path / "evals" / "postings" / "labels-test.yaml").write_text(
        "postings:\n  - {id: t1, file: t1.html, split: test}\n")
    (tmp_path / "corpus" / "f.yaml").write_text("text: The shop and the count of visitors.\n")
    (tmp_path / "assistant" / "rules.py").write_text(code)
    (tmp_path / "prompts" / "p.yaml").write_text(prompt)
    return tmp_path


def test_clean_code_passes(tmp_path: Path) -> None:
    assert find_leaks(make_repo(tmp_path, 'import re\nX = re.compile(r"\\bbudget\\b")\n')) == []


def test_a_six_word_phrase_anywhere_is_a_leak(tmp_path: Path) -> None:
    leaks = find_leaks(make_repo(tmp_path, "# handles: the gift shop quarterly stocktake, count as\nX = 1\n"))
    assert [(leak.kind, leak.text) for leak in leaks] == [("phrase", "gift shop quarterly stocktake count as"),
                                                          ("phrase", "the gift shop quarterly stocktake count")]
    assert leaks[0].file == "assistant/rules.py" and "q.jsonl:2" in leaks[0].record


def test_a_test_only_word_in_a_rule_or_prompt_is_a_leak(tmp_path: Path) -> None:
    code = 'import re\nSHOP = re.compile(r"\\b(stocktake|inventory)\\b")\nWORDS = ("aviary", "zoo")\n'
    found = {(leak.kind, leak.text) for leak in find_leaks(make_repo(tmp_path, code, "examples: [a stocktake]\n"))}
    assert found == {("word", "stocktake"), ("word", "aviary")}


def test_words_in_dev_or_corpus_docstrings_and_identifiers_are_not_leaks(tmp_path: Path) -> None:
    code = ('"""Reads a stocktake | like a posting."""\nimport re\n'
            'X = re.compile(r"\\b(budget|shop|count)\\b")\n'
            'def stocktake(): return ["stocktake", "x"]\n'
            'HEADERS = {"Cache-Stocktake": "no"}\n')
    assert find_leaks(make_repo(tmp_path, code)) == []


def test_html_postings_are_read_as_text() -> None:
    assert posting_text(Path(__file__)) == Path(__file__).read_text()
    assert words("Driver's licence") == ["driver", "s", "licence"]


def test_a_record_without_a_split_stops_the_guard(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, "X = 1\n")
    (repo / "evals" / "retrieval" / "bad.jsonl").write_text('{"id": "x", "question": "q"}\n')
    with pytest.raises(ValueError, match="without split"):
        find_leaks(repo)


def test_the_project_has_no_leaks_and_the_command_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert find_leaks(ROOT) == []
    assert main(["eval", "leaks"]) == 0 and "leak guard passed" in capsys.readouterr().out
    repo = make_repo(tmp_path, 'WORDS = ["aviary", "zoo"]\n')
    assert main(["eval", "leaks", "--root", str(repo)]) == 1
    assert "aviary" in capsys.readouterr().out
