"""The command line, run as a real subprocess against the session's index (never rebuilt: --no-build)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.settings import ROOT

SCRIPT = Path(sys.executable).with_name("isl-assistant")


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # a clean environment: no ASSISTANT_* settings leak in from the caller
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "assistant.cli"]
    return subprocess.run(
        [*cmd, "--corpus-dir", str(ROOT / "corpus"), *map(str, args)],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=300, check=False,
    )


def assert_clean_error(proc: subprocess.CompletedProcess[str], code: int, message: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert message in proc.stderr
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_console_script_is_installed() -> None:
    assert SCRIPT.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", ""), "The query is empty."),
        (("search", "   "), "The query is empty."),
        (("ask", " \t "), "The question is empty."),
    ],
)
def test_empty_input_exits_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    proc = run("--index-dir", tmp_path / "never-used", *args, cwd=tmp_path)
    assert_clean_error(proc, 2, message)
    assert "Try: isl-assistant" in proc.stderr
    assert not (tmp_path / "never-used").exists()


def test_usage_error_exits_2(tmp_path: Path) -> None:
    proc = run("search", cwd=tmp_path)
    assert proc.returncode == 2 and "usage: isl-assistant" in proc.stderr


@pytest.mark.slow
class TestAgainstTheIndex:
    def test_search_json(self, index_dir: Path, tmp_path: Path) -> None:
        proc = run("--index-dir", index_dir, "search", "What is Level 2 in Finances?", "-k", "5", "--json",
                   "--no-build", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        rows = json.loads(proc.stdout)
        assert isinstance(rows, list) and 1 <= len(rows) <= 5
        assert all(set(r) == {"id", "kind", "title", "score", "text"} for r in rows)
        assert rows[0]["id"] == "A.4.L2" and rows[0]["kind"] == "level"
        scores = [r["score"] for r in rows]
        assert scores == sorted(scores, reverse=True)
        assert all(isinstance(r["text"], str) and r["text"] for r in rows)

    def test_search_with_filter(self, index_dir: Path, tmp_path: Path) -> None:
        proc = run("--index-dir", index_dir, "search", "budgets", "-k", "3", "--json", "--kind", "definition",
                   "--no-build", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert {r["kind"] for r in json.loads(proc.stdout)} == {"definition"}

    def test_search_text(self, index_dir: Path, tmp_path: Path) -> None:
        proc = run("--index-dir", index_dir, "search", "Finances level 2", "-k", "2", "--no-build", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.splitlines()[0].startswith(" 1. [A.4.L2] ")

    def test_ask_json(self, index_dir: Path, tmp_path: Path) -> None:
        proc = run("--index-dir", index_dir, "ask", "What is Level 2 in Finances?", "--json", "--no-build", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        out = json.loads(proc.stdout)
        assert set(out) == {"answer", "citations", "refused"}
        assert out["refused"] is False
        assert all(set(c) == {"id", "title"} for c in out["citations"])
        assert out["citations"][0]["id"] == "A.4.L2"
        assert "[A.4.L2]" in out["answer"]

    def test_ask_off_topic_json(self, index_dir: Path, tmp_path: Path) -> None:
        proc = run("--index-dir", index_dir, "ask", "What is the best pizza in Chicago?", "--json", "--no-build",
                   cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        out = json.loads(proc.stdout)
        assert out["refused"] is True and out["citations"] == []
        assert out["answer"].startswith("That's outside what I can help with")

    def test_index_status_current(self, index_dir: Path, tmp_path: Path) -> None:
        proc = run("--index-dir", index_dir, "index", "status", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        status = json.loads(proc.stdout)
        assert status["stale"] is False and status["stale_reason"] is None

    def test_index_status_stale_exits_3(self, index_dir: Path, tmp_path: Path) -> None:
        stale = tmp_path / "index"
        shutil.copytree(index_dir, stale)
        manifest = json.loads((stale / "manifest.json").read_text(encoding="utf-8"))
        manifest["corpus_hash"] = "0" * 64
        (stale / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        proc = run("--index-dir", stale, "index", "status", cwd=tmp_path)
        assert proc.returncode == 3, proc.stderr
        status = json.loads(proc.stdout)
        assert status["stale"] is True and status["stale_reason"] == "the corpus changed since the index was built"

    def test_search_on_a_stale_index_without_build_exits_3(self, index_dir: Path, tmp_path: Path) -> None:
        stale = tmp_path / "index"
        shutil.copytree(index_dir, stale)
        manifest = json.loads((stale / "manifest.json").read_text(encoding="utf-8"))
        (stale / "manifest.json").write_text(json.dumps({**manifest, "model_id": "other/model"}), encoding="utf-8")
        proc = run("--index-dir", stale, "search", "budgets", "--no-build", cwd=tmp_path)
        assert_clean_error(proc, 3, "the embedding model changed (other/model -> sentence-transformers/all-MiniLM-L6-v2)")
        assert "Run: isl-assistant index build" in proc.stderr


@pytest.mark.parametrize(
    "args",
    [("index", "status"), pytest.param(("search", "budgets", "--no-build"), marks=pytest.mark.slow)],  # loads the model
)
def test_missing_index_exits_3(tmp_path: Path, args: tuple[str, ...]) -> None:
    proc = run("--index-dir", tmp_path / "missing", *args, cwd=tmp_path)
    assert_clean_error(proc, 3, f"No index in {tmp_path / 'missing'}.")


def test_broken_corpus_exits_1(tmp_path: Path) -> None:
    # the later --corpus-dir wins over the one run() passes
    proc = run("--corpus-dir", tmp_path / "no-corpus", "search", "budgets", cwd=tmp_path)
    assert_clean_error(proc, 1, "corpus directory not found; set ASSISTANT_CORPUS_DIR")


@pytest.mark.slow
def test_coverage_of_a_markdown_program_with_a_pdf(index_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "program.md"
    src.write_text("# Autumn day\n\n## Money for small teams\nBuild the annual budget of an education department "
                   "and write grant proposals.\n\n## Lunch\nServed in the atrium.\n", encoding="utf-8")
    out = tmp_path / "report.pdf"
    proc = run("--index-dir", index_dir, "coverage", src, "--kind", "program", "--json", "--out", out, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert [i["title"] for i in report["items"]] == ["Money for small teams", "Lunch"]
    assert report["items"][1]["competencies"] == [] and report["gaps"]
    assert out.read_bytes().startswith(b"%PDF")
    bad = run("--index-dir", index_dir, "coverage", src, "--kind", "program", "--out", tmp_path / "r.doc", cwd=tmp_path)
    assert_clean_error(bad, 2, "Name a .csv, .xlsx or .pdf file.")
