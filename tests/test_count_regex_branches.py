"""``scripts/count_regex_branches.py``: the branch count of one pattern, the sources it finds, and a run on the repo."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from assistant.settings import ROOT

SCRIPT = ROOT / "scripts" / "count_regex_branches.py"

SAMPLE = '''\
import re

_FRAG = r"(?:an?|the)\\s+"
NOT_A_REGEX = "u|v"
A = re.compile(r"a|b|c")
B = re.search(r"(x|y)z|w", "xz")
C = re.compile(r"[a|b]")
D = re.compile(rf"{_FRAG}(?:one|two)")
E = re.match(_FRAG, "the one")


def _p(rx):
    return re.compile(rx, re.I)


F = _p(r"p|q")
G = re.sub(r"\\|", "", "a|b")
H = re.compile(r"a | b  # c|d", re.X)
'''
# A 3, B 4, C 0, D 2 (+ _FRAG 2, once although E uses it too), F 2, G 0, H 2; NOT_A_REGEX is never a pattern
SAMPLE_LINES = {5: 3, 6: 4, 7: 0, 8: 2, 3: 2, 16: 2, 17: 0, 18: 2}


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("count_regex_branches", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.parametrize(("pattern", "branches"), [
    (r"a|b|c", 3),
    (r"(x|y)z|w", 4),
    (r"[a|b]", 0),
    (r"abc", 0),
    (r"a\|b", 0),
    (r"[]|]x", 0),
    (r"[^]|]|a", 2),
    (r"((a|b)|c)", 4),
    (r"(?#a|b)c", 0),
    ("(?x) a | b  # c|d\n", 2),
    (r"(?:y|ies", 2),  # a fragment with a group it leaves open
])
def test_count_branches(pattern: str, branches: int) -> None:
    assert _load().count_branches(pattern) == branches


def test_counts_the_patterns_of_a_file(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(SAMPLE, encoding="utf-8")
    proc = run("--json", sample)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert {d["line"]: d["branches"] for d in result["detail"]} == SAMPLE_LINES
    assert [d["name"] for d in result["detail"] if d["source"] == "constant"] == ["_FRAG"]
    assert result["total"] == sum(SAMPLE_LINES.values()) == 15 and result["patterns"] == 8
    assert list(result["files"].values()) == [{"patterns": 8, "branches": 15}]

    table = run(sample).stdout.splitlines()
    assert table[-1].split() == ["total", "8", "15"]


def test_runs_on_the_repo_and_prints_a_total() -> None:
    proc = run()
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.splitlines()[-1].split()
    assert last[0] == "total" and int(last[2]) > 0
    assert any(line.startswith("assistant/") for line in proc.stdout.splitlines())
    as_json = json.loads(run("--json").stdout)
    assert as_json["total"] > 0 and all(f.startswith("assistant/") for f in as_json["files"])


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    proc = run(tmp_path / "nope.py")
    assert proc.returncode == 2 and "no such file" in proc.stderr
