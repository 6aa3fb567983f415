"""``isl-assistant match FILE|- --json`` through the real command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.settings import ROOT

pytestmark = pytest.mark.slow
POSTING = ROOT / "evals" / "postings" / "p06_finance_director.txt"


def test_match_file_json(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--index-dir", str(index_dir), "match", str(POSTING), "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    text = POSTING.read_text(encoding="utf-8")
    assert any(c["id"] == "A.4" and c["level"] == 2 for c in body["competencies"])
    for c in body["competencies"]:
        for e in c["evidence"]:
            assert text[e["start"] : e["end"]] == e["text"]


def test_match_stdin_readable(index_dir: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    data = b"Responsibilities\r\n- Manage the museum's annual budget and financial audit.\r\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["--index-dir", str(index_dir), "match", "-"]) == 0
    out = capsys.readouterr().out
    assert "Finances (A.4), Level 2" in out and "[A.4.L2]" in out


def test_match_empty_file_is_an_input_error(index_dir: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert main(["--index-dir", str(index_dir), "match", str(empty)]) == 2
    assert "empty" in capsys.readouterr().err
